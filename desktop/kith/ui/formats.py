"""Every date and time Kith shows, in one format taken from the user's locale.

Pages, lists, dialogs, menus and date fields all write dates through these functions, so a
day reads the same everywhere ("5 Aug 2026" in en_GB, "Aug 5, 2026" in en_US, "5. Aug. 2026"
in de_DE) and a time follows the locale's clock ("09:00" or "9:00 AM"). The locale is
``QLocale()`` — the system's, unless something called ``QLocale.setDefault`` (tests do); the
POSIX "C" locale, which has no real formats of its own, reads as British English.

Qt's locale data offers a long date ("Wednesday, 5 August 2026") and a numeric short one
("05/08/2026"); the everyday "medium" date shown here is the long one with the month's short
name, and the weekday and year kept or left out as asked (:func:`date_pattern`). Machine
formats (file names, settings, ISO dates in exports) are not display formats and do not use
this module.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QLocale, QTime

from kith.core.recurrence import describe_rule

__all__ = [
    "date_pattern",
    "date_text",
    "date_time_text",
    "display_locale",
    "edit_date_format",
    "edit_date_time_format",
    "edit_time_format",
    "month_name",
    "month_text",
    "repeat_text",
    "time_text",
    "weekday_text",
]

# A run of one field letter, a quoted literal, or one other character.
_TOKEN = re.compile(r"'(?:[^']|'')*'|([dMyhHmszaApPt])\1*|.", re.DOTALL)
_QUOTED = re.compile(r"'(?:[^']|'')*'")


def display_locale() -> QLocale:
    """The locale dates and times are shown in (the default locale; British English for "C")."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return locale


def _tokens(pattern: str) -> list[str]:
    tokens: list[str] = []
    for match in _TOKEN.finditer(pattern):
        text = match.group(0)
        # Merge neighbouring literal characters into one literal token.
        if tokens and not _is_field(text) and not _is_field(tokens[-1]):
            tokens[-1] += text
        else:
            tokens.append(text)
    return tokens


def _is_field(token: str) -> bool:
    return bool(token) and token[0] in "dMyhHmszaApPt" and len(set(token)) == 1


def _is_separator(token: str) -> bool:
    """Literal text between two fields (", ", " 'de' "), not a unit written after one (年, 일)."""
    if _is_field(token) or not token:
        return False
    unquoted = _QUOTED.sub("", token)
    return all(unicodedata.category(c)[0] in "PZ" for c in unquoted)


def _drop(tokens: list[str], index: int) -> list[str]:
    """Remove the field at ``index`` with its unit suffix (年) and one separator beside it."""
    drop = {index}
    after = index + 1
    if after < len(tokens) and not _is_field(tokens[after]) and not _is_separator(tokens[after]):
        drop.add(after)  # a suffix that belongs to the field, as in "yyyy年"
        after += 1
    before = index - 1
    has_before = before >= 0 and _is_separator(tokens[before])
    has_after = after < len(tokens) and _is_separator(tokens[after])
    if has_before and has_after:
        # Between two separators ("MMMM d, yyyy"): keep the plainer one.
        drop.add(after if tokens[before].isspace() else before)
    elif has_before:
        drop.add(before)
    elif has_after:
        drop.add(after)
    return [token for i, token in enumerate(tokens) if i not in drop]


def date_pattern(*, weekday: bool = False, year: bool = True, long: bool = False) -> str:
    """The Qt date pattern of the medium date: the locale's long format with the month's and
    the weekday's short names (``long`` keeps the full names), the weekday only when
    ``weekday``, and the year only when ``year``."""
    tokens = _tokens(display_locale().dateFormat(QLocale.FormatType.LongFormat))
    if not long:
        tokens = ["MMM" if t == "MMMM" else t for t in tokens]
    for field in ("dddd", "ddd"):
        if field in tokens:
            if weekday:
                tokens = [(field if long else "ddd") if t == field else t for t in tokens]
            else:
                tokens = _drop(tokens, tokens.index(field))
    if not year:
        for index, token in enumerate(tokens):
            if token.startswith("y") and _is_field(token):
                tokens = _drop(tokens, index)
                break
    return "".join(tokens).strip(" ,")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_text(day: date, *, weekday: bool = False, year: bool = True, long: bool = False) -> str:
    """A day as Kith shows it: "5 Aug 2026", with ``weekday`` "Wed, 5 Aug 2026", without
    ``year`` "5 Aug"; ``long`` writes the names in full: "Wednesday, 5 August 2026"."""
    if isinstance(day, datetime):
        day = day.date()
    pattern = date_pattern(weekday=weekday, year=year, long=long)
    return display_locale().toString(_qdate(day), pattern)


def weekday_text(day: date) -> str:
    """The weekday's full name: "Wednesday"."""
    return display_locale().dayName(day.isoweekday(), QLocale.FormatType.LongFormat)


def month_name(month: int, *, short: bool = False) -> str:
    """A month's name on its own: "August", or with ``short`` "Aug"."""
    kind = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return display_locale().standaloneMonthName(month, kind)


def month_text(year: int, month: int) -> str:
    """A month and its year, as a heading: "August 2026" (the month's name on its own, as
    Polish or Russian write it without a day: "sierpień 2026")."""
    tokens = _tokens(date_pattern(long=True))
    for index, token in enumerate(tokens):
        if token in ("d", "dd"):
            tokens = _drop(tokens, index)
            break
    name = month_name(month).replace("'", "''")
    tokens = [f"'{name}'" if t == "MMMM" else t for t in tokens]
    return display_locale().toString(QDate(year, month, 1), "".join(tokens).strip(" ,"))


def time_text(moment: time | datetime) -> str:
    """A time of day in the locale's clock: "09:00" or "9:00 AM"."""
    if isinstance(moment, datetime):
        moment = moment.time()
    return display_locale().toString(QTime(moment.hour, moment.minute), edit_time_format())


def date_time_text(moment: datetime, *, weekday: bool = False, year: bool = True) -> str:
    """A day and a time: "5 Aug 2026, 09:00" (naive: the caller gives wall-clock time)."""
    return f"{date_text(moment.date(), weekday=weekday, year=year)}, {time_text(moment)}"


def _rule_day(day: date, year: bool) -> str:
    return date_text(day, year=year, long=True)


def repeat_text(rule: str | None) -> str:
    """A repeat rule in words, its days in the locale's format: "every year on 5 August"
    ("" for none)."""
    return describe_rule(rule, _rule_day) if rule else ""


def edit_date_format() -> str:
    """The display format of every date field: the shown date ("5 Aug 2026")."""
    return date_pattern()


def edit_time_format() -> str:
    """The display format of every time field: the locale's short time ("09:00")."""
    return display_locale().timeFormat(QLocale.FormatType.ShortFormat)


def edit_date_time_format() -> str:
    """The display format of a date-and-time field: "5 Aug 2026, 09:00"."""
    return f"{edit_date_format()}, {edit_time_format()}"
