"""Windows' rule for open files, on Linux: a file this process holds open (or whose ``-wal``
or ``-shm`` it holds open) can be neither renamed over, nor renamed, nor removed.

Kith's tests run on Linux, where all three succeed on an open file; :func:`windows_file_rules`
makes ``os.replace``, ``os.rename``, ``os.remove`` and ``os.unlink`` of a file under the
given folder refuse, as Windows does (``PermissionError``, winerror 32), whenever
``/proc/self/fd`` shows a descriptor of this process open on it — and note each refusal, so a
test can say which file was still open. (SQLite's own removal of its journals, in C, is not
seen here: SQLite removes them only when it closes its last connection.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_SHARING_VIOLATION = 32  # ERROR_SHARING_VIOLATION


def open_descriptors(*paths: Path | str) -> list[str]:
    """The files among ``paths`` (each with its ``-wal`` and ``-shm``) that a descriptor of
    this process is open on (each once per descriptor)."""
    wanted = set()
    for path in paths:
        real = os.path.realpath(path)
        wanted.update((real, f"{real}-wal", f"{real}-shm"))
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed meanwhile
            continue
        if target in wanted:
            found.append(target)
    return found


@dataclass
class WindowsFileRules:
    """What :func:`windows_file_rules` refused (one line each) and what it let through."""

    folder: Path
    refused: list[str] = field(default_factory=list)
    allowed: list[tuple[str, str]] = field(default_factory=list)

    def _guard(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            paths = [Path(a) for a in args[:2] if isinstance(a, str | os.PathLike)]
            mine = [p for p in paths if Path(os.path.realpath(p)).is_relative_to(self.folder)]
            still_open = open_descriptors(*mine) if mine else []
            if still_open:
                self.refused.append(f"{name}({', '.join(map(str, mine))}): open {still_open}")
                raise PermissionError(
                    13,
                    "The process cannot access the file because it is being used by another "
                    "process",
                    str(mine[0]),
                    _SHARING_VIOLATION,
                )
            if mine:
                self.allowed.append((name, str(mine[-1])))
            return real(*args, **kwargs)

        return guarded


def windows_file_rules(monkeypatch: pytest.MonkeyPatch, folder: Path) -> WindowsFileRules:
    """Apply Windows' rule to the files under ``folder`` for the rest of the test."""
    rules = WindowsFileRules(Path(os.path.realpath(folder)))
    for name in ("replace", "rename", "remove", "unlink"):
        monkeypatch.setattr(os, name, rules._guard(name, getattr(os, name)))
    return rules
