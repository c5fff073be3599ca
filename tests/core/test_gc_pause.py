"""The collector held off for a burst of work comes back on, whatever happens in between."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.core.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_and_overlapping_pauses_end_with_the_last() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with gc_paused():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=other)
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause still holds
    leave.set()
    worker.join(5)
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_an_import_review_left_half_read_leaves_the_collector_on(
    db: object, tmp_path: Path
) -> None:
    from kith.core.importing.review import ImportReview

    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nEMAIL:p{n}@x.org\r\nEND:VCARD\r\n"
            for n in range(250)
        ),
        encoding="utf-8",
    )
    candidates = ImportReview(path).candidates()
    assert next(candidates).name == "Person 0"
    assert gc.isenabled()  # between batches, as the dialog shows them
    candidates.close()
    assert gc.isenabled()
    assert len(list(ImportReview(path).candidates())) == 250
    assert gc.isenabled()
