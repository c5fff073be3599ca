"""A keyring backend kept in a JSON file, for tests that start Kith in another process: that
process and the test see the same keyring. ``PYTHON_KEYRING_BACKEND=tests.file_keyring.
FileKeyring`` selects it, ``KITH_TEST_KEYRING`` names its file (see :func:`keyring_env`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ROOT = Path(__file__).resolve().parent.parent


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @staticmethod
    def _file() -> Path:
        return Path(os.environ["KITH_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            loaded: dict[str, str] = json.loads(self._file().read_text())
        except FileNotFoundError:
            return {}
        return loaded

    def _save(self, secrets: dict[str, str]) -> None:
        self._file().write_text(json.dumps(secrets))

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}\n{username}"] = password
        self._save(secrets)

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        if secrets.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(secrets)


def keyring_env(file: Path) -> dict[str, str]:
    """What a Kith started in another process needs in its environment to use ``file``."""
    return {
        "PYTHON_KEYRING_BACKEND": f"{__name__}.FileKeyring",
        "KITH_TEST_KEYRING": str(file),
        # Where ``tests`` is, before what the suite's own processes are given (the moved-clock
        # pass puts its sleep fix there: without it a subprocess's time.sleep fails).
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
