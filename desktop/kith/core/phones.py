"""Phone numbers compared as the phone network sees them: E.164, through ``phonenumbers``.

Two written numbers are the same number when Google's ``phonenumbers`` library reads both as
the same E.164 number (and the same extension): ``+49 151 23456789`` and ``0151 23456789``
read in Germany are one number; ``+33 1 23 45 67 89`` is another, however its last digits
look. A number written without a country code is read in the *default region*: ``kith import
--phone-region``, else the ``KITH_PHONE_REGION`` environment variable (an ISO country code
such as ``DE``), else Settings ▸ Import (``phones.json`` in Kith's settings folder, read by
the window and ``kith`` alike), else the country of the user's locale (``LC_ALL``,
``LC_TELEPHONE``, ``LANG``, then Python's locale). A number the library cannot read (no
country code and no region known, letters, too short or too long for any country) is
compared by all its digits.

Every written form of a number ends with the same digits (its national number, before any
extension), so :func:`phone_suffix` — computable in SQL over the stored values — groups the
few stored numbers worth parsing: parsing costs about 20 µs a number, too much to do for
100,000 stored numbers before the first match.
"""

from __future__ import annotations

import functools
import json
import locale
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The setting naming the default region (an ISO 3166 country code such as "DE").
REGION_SETTING = "KITH_PHONE_REGION"

#: Numbers with fewer digits than this are never compared (emergency and service numbers).
MIN_DIGITS = 6

#: How many trailing digits :func:`phone_suffix` keeps.
SUFFIX_DIGITS = 6

#: phonenumbers' code for "no region": numbers must then carry their country code.
NO_REGION = "ZZ"

_NON_DIGIT = re.compile(r"\D")
_EXTENSION = re.compile(r"(?:;\s*ext=|ext\.?|x|#|,)\s*\d+\s*$", re.IGNORECASE)
#: What most numbers are written with besides their digits (no extension among them).
_PUNCTUATION = str.maketrans("", "", " -().+/")
_LOCALE_REGION = re.compile(r"^[a-z]{2,3}[_-]([A-Za-z]{2})\b")


def region_of_locale(name: str | None) -> str | None:
    """The country of a locale name: ``de_DE.UTF-8`` → ``DE``; None for ``C``/``POSIX``."""
    if not name:
        return None
    match = _LOCALE_REGION.match(name.strip())
    return match.group(1).upper() if match else None


def settings_file() -> Path:
    """Where the chosen region is kept: ``phones.json`` in Kith's settings folder."""
    from kith.store.paths import config_dir

    return config_dir() / "phones.json"


def saved_region(settings: Path | None = None) -> str | None:
    """The region chosen in Settings ▸ Import, or None (then the locale's is used)."""
    try:
        value = json.loads((settings or settings_file()).read_text(encoding="utf-8"))["region"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return checked_region(value) if isinstance(value, str) else None


def save_region(code: str | None, settings: Path | None = None) -> None:
    """Choose the region (None: the locale's again); written atomically."""
    path = settings or settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(json.dumps({"region": checked_region(code or "")}) + "\n", encoding="utf-8")
    temp.replace(path)
    forget_default_region()


def locale_region() -> str | None:
    """The country of the user's locale, if it names one phonenumbers knows."""
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        region = region_of_locale(os.environ.get(variable))
        if region:
            return checked_region(region)
    try:
        return checked_region(region_of_locale(locale.getlocale()[0]) or "")
    except ValueError:  # an unknown locale name in the environment
        return None


@functools.cache
def _default_region() -> str | None:
    setting = os.environ.get(REGION_SETTING, "").strip().upper()
    if setting:
        return checked_region(setting)
    return saved_region() or locale_region()


_override: list[str] = []


def default_region() -> str | None:
    """The region numbers without a country code are read in; None when none is known."""
    if _override:
        return _override[-1]
    return _default_region()


@contextmanager
def region_used(code: str) -> Iterator[str]:
    """Read numbers in ``code`` (an ISO country code) inside the block (``kith import
    --phone-region``); ValueError names a code phonenumbers does not know."""
    region = checked_region(code)
    if region is None:
        raise ValueError(
            f"“{code}” is not a country code Kith knows for phone numbers (try DE, FR, GB, US…)."
        )
    _override.append(region)
    try:
        yield region
    finally:
        _override.pop()


def forget_default_region() -> None:
    """Read the setting and the locale again (after a change to either; used by tests)."""
    _default_region.cache_clear()


def checked_region(code: str) -> str | None:
    """``code`` upper-cased when phonenumbers knows it as a region, else None."""
    import phonenumbers

    code = code.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def phone_key(value: str, region: str | None = None) -> str | None:
    """What makes two written phone numbers the same number, or None for too few digits.

    ``+4915123456789`` (E.164), with ``;ext=12`` for an extension, when phonenumbers can
    read the number in ``region`` (None: :func:`default_region`; :data:`NO_REGION`: only
    numbers with a country code); otherwise all the digits of ``value``. Each written
    number is parsed once per region (an import asks for one number several times: its
    card's repeats, then the matcher).
    """
    return _phone_key(value, region or default_region() or NO_REGION)


@functools.lru_cache(maxsize=1 << 15)
def _phone_key(value: str, region: str) -> str | None:
    digits = _NON_DIGIT.sub("", value)
    if len(digits) < MIN_DIGITS:
        return None
    import phonenumbers

    text = value.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(number):
        return digits
    key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{key};ext={number.extension}" if number.extension else key


def phone_suffix(value: str) -> str | None:
    """The last :data:`SUFFIX_DIGITS` digits before any extension: equal for every written
    form of one number (see the module's text); None for too few digits."""
    digits = value.translate(_PUNCTUATION)
    if digits.isdigit() and digits.isascii():  # most numbers: no extension, nothing else
        return digits[-SUFFIX_DIGITS:] if len(digits) >= MIN_DIGITS else None
    digits = _NON_DIGIT.sub("", _EXTENSION.sub("", value))
    if len(digits) < MIN_DIGITS:
        digits = _NON_DIGIT.sub("", value)
        if len(digits) < MIN_DIGITS:
            return None
    return digits[-SUFFIX_DIGITS:]
