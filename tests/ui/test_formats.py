"""One date and time format, from the user's locale, everywhere (issue 16, item 7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, create_follow_up, follow_up_item
from kith.ui import formats
from kith.ui.formats import date_text, date_time_text, month_text, repeat_text, time_text
from kith.ui.lists.follow_up_delegate import due_words
from kith.ui.main_window import MainWindow
from tests.ui.dialogs.test_dialogs_fit import _everyone

KITH = Path(formats.__file__).resolve().parents[1]


@pytest.fixture
def american() -> Iterator[None]:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield


def test_a_day_and_a_time_read_as_the_locale_writes_them(american: None) -> None:
    day = date(2026, 8, 5)
    assert date_text(day) == "Aug 5, 2026"
    assert date_text(day, weekday=True, year=False) == "Wed, Aug 5"
    assert date_text(day, weekday=True, long=True) == "Wednesday, August 5, 2026"
    assert month_text(2026, 8) == "August 2026"
    assert time_text(time(9, 0)) == "9:00\u202fAM"
    assert date_time_text(datetime(2026, 8, 5, 17, 30)) == "Aug 5, 2026, 5:30\u202fPM"

    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert date_text(day) == "5. Aug. 2026"
    assert date_text(day, year=False) == "5. Aug."
    assert time_text(time(9, 0)) == "09:00"


def test_words_and_units_around_the_fields_stay_where_they_belong() -> None:
    day = date(2026, 8, 5)
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Spain))
    assert date_text(day) == "5 de ago de 2026"
    assert date_text(day, year=False) == "5 de ago"
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    assert date_text(day) == "2026년 8월 5일"
    assert date_text(day, year=False) == "8월 5일"
    QLocale.setDefault(QLocale(QLocale.Language.Polish, QLocale.Country.Poland))
    assert month_text(2026, 8) == "sierpień 2026"  # a heading names the month on its own


def test_the_posix_locale_reads_as_british_english() -> None:
    QLocale.setDefault(QLocale.c())
    assert date_text(date(2026, 9, 6)) == "6 Sept 2026"
    assert time_text(time(9, 0)) == "09:00"


def _display_formats(source: str) -> list[str]:
    """Places in ``source`` that write a date or a time for people to read by themselves."""
    found = re.findall(r"strftime\(|\{[^{}]*:%[aAbBdHIMpYyj][^{}]*\}", source)
    found += re.findall(r"setDisplayFormat\(\s*[\"']", source)
    found += re.findall(r"QLocale\(\)\.(?:toString|dateFormat|timeFormat|monthName)", source)
    return found


# Machine formats, not for reading: settings values, a file name.
MACHINE_FORMATS = {
    Path("ui/preferences.py"): 3,
    Path("ui/dialogs/export_dialog.py"): 1,
    Path("core/sync/follow_up_tasks.py"): 2,  # iCalendar stamps in X-KITH-* properties
}


def test_no_page_list_or_dialog_writes_a_date_its_own_way() -> None:
    assert _display_formats('f"{day:%d %b}" x.strftime("%H") setDisplayFormat("HH:mm")') != []
    found = {}
    # The window's code and the domain it shows (the command line writes for a terminal).
    for path in sorted([*(KITH / "ui").rglob("*.py"), *(KITH / "core").rglob("*.py")]):
        relative = path.relative_to(KITH)
        if relative == Path("ui/formats.py"):
            continue
        hits = _display_formats(path.read_text(encoding="utf-8"))
        if len(hits) != MACHINE_FORMATS.get(relative, 0):
            found[str(relative)] = hits
    assert found == {}, "write dates and times through kith.ui.formats"


def test_every_date_and_time_field_shows_the_same_format(
    american: None, window: MainWindow, qtbot: QtBot, tmp_path: Path, today: date
) -> None:
    wanted = {
        formats.edit_date_format(),
        formats.edit_time_format(),
        formats.edit_date_time_format(),
    }
    assert wanted == {"MMM d, yyyy", "h:mm\u202fAp", "MMM d, yyyy, h:mm\u202fAp"}
    seen = set()
    for name, open_dialog in _everyone(window, tmp_path, today).items():
        dialog = open_dialog()
        for field in dialog.findChildren(QDateTimeEdit):
            assert field.displayFormat() in wanted, f"{name}: {field.accessibleName()}"
            seen.add(field.displayFormat())
        dialog.reject()
        dialog.close()
    assert seen == wanted


def test_a_follow_up_in_a_list_says_its_day_and_time_as_the_locale_does(
    american: None, db: object
) -> None:
    day = date(2027, 3, 9)
    fid = create_follow_up(FollowUpDraft(title="Call Ana", due_date=day, due_time=time(14, 0)))
    item = follow_up_item(fid)
    assert item is not None
    # Seen from a day of the year before: the year is written, as in every other date.
    assert due_words(item, date(2026, 11, 23)) == "Tue, Mar 9, 2027 · 2:00\u202fPM"


def test_a_repeat_rule_names_its_days_as_the_locale_does(american: None) -> None:
    assert repeat_text("FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=5") == "every year on August 5"
    assert repeat_text("FREQ=MONTHLY;UNTIL=20270309T000000Z") == "every month, until March 9, 2027"
    leap = repeat_text("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1")
    assert leap == "every year on February 29 (February 28 in other years)"
    assert repeat_text(None) == ""
