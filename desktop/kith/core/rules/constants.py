"""Every number the relationship rules use, in one place.

resources/help/rules.md explains each one with worked examples, quoting the same numbers; a
test (tests/core/rules/test_rules_help.py) reads both and fails when they disagree. Change a
number here and in the help page together.
"""

from __future__ import annotations

# --- Keep-in-touch cadence -------------------------------------------------------------------
#: Default days between touches for each circle; acquaintances (5) and unsorted have none.
CIRCLE_CADENCE_DAYS: dict[int, int] = {1: 14, 2: 30, 3: 90, 4: 180}

# --- Strength: 100 × the weighted sum of four parts, each 0–1 ----------------------------------
#: How much each part weighs. Asks (yours or theirs) count in none of them: asking spends
#: trust, it never builds it.
STRENGTH_WEIGHTS: dict[str, float] = {
    "history": 0.35,
    "dialog": 0.20,
    "favours": 0.25,
    "recency": 0.20,
}
#: History, first half: known this many months (since first contact or the day you met) is
#: full marks.
HISTORY_FULL_MONTHS = 24
#: History, second half: contact in this many different months (of the last 24) is full marks.
STEADY_FULL_MONTHS = 12
#: How far back "steady" looks, in months.
STEADY_LOOKBACK_MONTHS = 24
#: Dialog: this many reach-outs (yours and theirs, last 24 months) make the part full when
#: both sides reach out equally.
DIALOG_FULL_REACH_OUTS = 6
#: Favours: this many favours (gives either way, mutual exchanges, commitments kept) is full.
FAVOURS_FULL = 6
#: Recency halves for every this many days since the last contact (asks not counted).
RECENCY_HALF_LIFE_DAYS = 90

#: Until someone has been known this many days, and in touch in at least
#: ``NEW_TIE_MIN_MONTHS`` different months, they are a new tie whatever the score.
NEW_TIE_DAYS = 60
NEW_TIE_MIN_MONTHS = 2
#: The words for a tie that is no longer new, by strength: weak below ``GOOD_TIE``, good below
#: ``STRONG_TIE``, strong from there.
GOOD_TIE = 40
STRONG_TIE = 65

# --- The action threshold: what each size of ask needs ----------------------------------------
#: A small ask (a coffee, a quick answer) needs only that you have been in touch once.
#: A medium ask (advice, a review, an introduction):
MEDIUM_MIN_MONTHS = 3
MEDIUM_MIN_FAVOURS = 1
MEDIUM_MAX_OPEN_ASKS = 1
#: A large ask (a referral, a job, money, a public endorsement):
LARGE_MIN_MONTHS = 6
LARGE_MIN_STEADY_MONTHS = 4
LARGE_MIN_FAVOURS = 2
LARGE_MAX_OPEN_ASKS = 0

# --- Give first -------------------------------------------------------------------------------
#: "Give first" warns on a new ask when this many of your asks are open (no give since).
GIVE_FIRST_OPEN_ASKS = 1
#: A person is named on their card as only asking when they asked at least this many times in
#: the last 12 months and gave nothing in that time.
ONLY_ASKS_MIN = 3
#: "The last 12 months" of the balance, in local calendar days (today included).
BALANCE_WINDOW_DAYS = 365

# --- Don't pester: only your own reach-outs count --------------------------------------------
#: With a cadence: your reach-outs in 30 days may reach 4 × what the cadence asks for (at
#: least 4) before Kith warns.
TOO_OFTEN_WINDOW_DAYS = 30
TOO_OFTEN_FACTOR = 4
TOO_OFTEN_MINIMUM = 4
#: For everyone, cadence or not: more than this many of your reach-outs within
#: ``UNANSWERED_WINDOW_DAYS`` days without a reply from them warns.
UNANSWERED_MAX = 3
UNANSWERED_WINDOW_DAYS = 7

# --- Urgency rises with lateness --------------------------------------------------------------
#: An important follow-up overdue by more than this many days moves to "Do now".
IMPORTANT_LATE_DAYS = 7
#: An unimportant one overdue by more than this many days asks to be done, dropped or re-planned.
STALE_LATE_DAYS = 30
