"""A quicker look at each module imported after PySide6 (issue 18: the window's first paint).

PySide6 (6.4 and later, for its ``__feature__`` switching) looks at every module imported after
it, once, to see whether its source says "PySide6": ``inspect.getsource``, which decodes and
splits the whole file into lines and keeps them in ``linecache``. The window's start imports
~150 modules after PySide6 (the standard library's, peewee, Kith's own): 20–35 ms of the first
paint, and the lines of every file kept in memory. :func:`look_at_imports_quickly` gives PySide6
the same answer from the file's bytes; a module without a ``.py`` file (a built-in, an
extension, a frozen bundle's) is still asked PySide6's own way.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  (loads shibokensupport.feature, the check replaced below)

_QUICK = "_kith_quick"


def look_at_imports_quickly() -> bool:
    """Replace PySide6's check by the quicker one; False where this PySide6 has no such check
    (then nothing changes)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _QUICK, False):
        return True

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(mod_uses_pyside, _QUICK, True)
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True
