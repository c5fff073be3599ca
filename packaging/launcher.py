"""The script PyInstaller freezes: the same entry point as the ``kith`` command."""

from __future__ import annotations

import sys

from kith.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
