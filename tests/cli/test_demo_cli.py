"""``kith demo PATH``: writes a new file that Kith then opens; never overwrites one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.directory import count_contacts
from kith.store.database import close_database, open_database


def test_demo_writes_a_database_that_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote ")
    assert f"kith --database {path}" in out
    open_database(path)
    try:
        assert 140 <= count_contacts() <= 160
    finally:
        close_database()


def test_demo_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kith.sqlite"
    path.write_bytes(b"keep me")
    assert main(["demo", str(path), "--seed", "3"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kith demo: ") and "already exists" in err
    assert path.read_bytes() == b"keep me"
