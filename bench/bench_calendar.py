"""Calendar and Today speed: a month's marks, its paint, the day list and the Today overview.

    python bench/bench_calendar.py [--database PATH | --contacts N] [--follow-ups N] [--seed S]

Works on a copy of ``--database`` (or builds a database of ``--contacts`` people with
``build_db.py``), adds ``--follow-ups`` follow-ups (default 50,000: two years around today,
a third of them done, some urgent/important, some timed, most about someone), then times what
the Calendar and Today pages do, offscreen:

- month marks: ``follow_up_titles_between`` + ``birthdays_by_day`` over the six weeks shown
  (what the page reads for the grid), made into the grid's ``DayMarks`` (what a month step
  costs before painting; the selected day's list is read apart, a day at a time);
- month paint: the ``MonthView`` painting those marks into an image;
- calendar month (marks + paint): the issue's figure, target 100 ms;
- Calendar page refresh: the page re-reading after a follow-up changed (birthdays kept) and
  after a contact changed (birthdays read again), with the selected day's list; and after
  a change the month shows (someone with a birthday in it renamed; the write not timed);
- Today overview: ``today_overview`` (overdue, due today, going cold, birthdays, quadrants);
- Today page refresh: the overview shown in the page's lists, and the lighter re-read after a
  follow-up changed (going cold and birthdays kept).

Prints ``name: value unit`` lines like ``bench.py`` (its "calendar" section runs this).
Nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

MONTH_TARGET_MS = 100.0
TITLES = [
    "Send {} the deck",
    "Coffee with {}",
    "Ask {} about the conference",
    "Thank {} for the intro",
    "Share the article with {}",
    "Call {} back",
    "Review {}'s proposal",
]


def target_note(value: float, target: float, unit: str) -> str:
    if value <= target:
        return f"  (target <= {target:g} {unit})"
    over = value - target
    return f"  (target <= {target:g} {unit}: MISSED by {over:.3g} {unit}, +{over / target:.0%})"


def figure(name: str, value: str, note: str = "") -> None:
    print(f"{name}: {value}{note}", flush=True)


def timed(work: Callable[[], object], runs: int = 7) -> tuple[float, float]:
    """(median, worst) milliseconds of ``runs`` calls after one warm-up."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def add_follow_ups(count: int, today: date, seed: int) -> None:
    """``count`` follow-ups spread over a year before and after ``today``, in one transaction."""
    from kith.store.changes import writing
    from kith.store.models import Contact, database_proxy

    rng = random.Random(seed)
    people = [
        (cid, name.split()[0])
        for cid, name in Contact.select(Contact.id, Contact.full_name)
        .where(Contact.archived == False)  # noqa: E712
        .tuples()
    ]
    rows = []
    now = datetime.now(UTC).replace(tzinfo=None)
    for i in range(count):
        contact_id, first = rng.choice(people) if rng.random() < 0.85 else (None, "the team")
        day = today + timedelta(days=rng.randint(-365, 365))
        timed_ = rng.random() < 0.3
        due = datetime.combine(day, datetime.min.time())
        if timed_:
            due += timedelta(hours=rng.randint(8, 18), minutes=rng.choice((0, 15, 30, 45)))
        done = day < today and rng.random() < 0.66
        remind = due if timed_ else due + timedelta(hours=9)
        rows.append(
            (
                f"bench-fu-{i}",
                contact_id,
                rng.choice(TITLES).format(first),
                "",
                due.isoformat(sep=" "),
                int(timed_),
                remind.isoformat(sep=" "),
                int(rng.random() < 0.2),
                int(rng.random() < 0.35),
                "done" if done else "open",
                (due + timedelta(days=1)).isoformat(sep=" ") if done else None,
                now.isoformat(sep=" "),
                now.isoformat(sep=" "),
            )
        )
    with writing("follow_up"):
        database_proxy.cursor().executemany(
            "INSERT INTO follow_up (uid, contact_id, title, notes, due_at, due_has_time,"
            " remind_at, urgent, important, status, completed_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="an existing Kith database (copied first)")
    parser.add_argument("--contacts", type=int, default=100_000, help="size of the built database")
    parser.add_argument("--follow-ups", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from kith.store.database import close_database, open_database
    from kith.store.models import Contact, FollowUp

    work = Path(tempfile.mkdtemp(prefix="kith-bench-calendar-"))
    try:
        db_path = work / "kith.sqlite"
        if args.database is not None:
            shutil.copyfile(args.database, db_path)
        else:
            from build_db import build_database

            build_database(db_path, args.contacts, seed=args.seed)
        open_database(db_path)
        today = date.today()
        add_follow_ups(args.follow_ups, today, args.seed)
        contacts = Contact.select().count()
        follow_ups = FollowUp.select().count()
        open_count = FollowUp.select().where(FollowUp.status == "open").count()
        figure(
            "calendar database",
            f"{contacts:,} contacts, {follow_ups:,} follow-ups ({open_count:,} open)",
        )

        from PySide6.QtGui import QImage
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        from kith.core.follow_ups import follow_up_titles_between, follow_ups_between
        from kith.core.rules.birthdays import birthdays_between, birthdays_by_day
        from kith.core.today import today_overview
        from kith.ui.commands.follow_up_actions import FollowUpActions
        from kith.ui.pages.calendar_page import CalendarPage, month_marks
        from kith.ui.pages.today_page import TodayPage
        from kith.ui.widgets.month_view import MonthView

        view = MonthView(today=lambda: today)
        view.resize(760, 620)
        first, last = view.visible_range()

        def marks() -> object:
            titles = follow_up_titles_between(first, last)
            return month_marks(titles, birthdays_by_day(first, last), today)

        found = follow_ups_between(first, last)
        items = sum(len(d.items) for d in found.values())
        births = len(birthdays_between(first, last))
        median, worst = timed(marks)
        figure(
            "month marks (follow_up_titles_between + birthdays_by_day)",
            f"{median:.1f} ms median, {worst:.1f} ms worst "
            f"({items:,} follow-ups and {births:,} birthdays in the six weeks shown)",
        )
        view.set_marks(marks())  # type: ignore[arg-type]
        image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)

        def paint() -> None:
            view.render(image)

        paint_median, paint_worst = timed(paint)
        figure(
            "month paint (MonthView)", f"{paint_median:.1f} ms median, {paint_worst:.1f} ms worst"
        )

        def step() -> None:
            view.set_marks(marks())  # type: ignore[arg-type]
            paint()

        both, both_worst = timed(step)
        figure(
            "calendar month (marks + paint)",
            f"{both:.1f} ms median, {both_worst:.1f} ms worst",
            target_note(both, MONTH_TARGET_MS, "ms"),
        )

        from PySide6.QtGui import QUndoStack

        stack = QUndoStack()
        actions = FollowUpActions(stack)
        page = CalendarPage(actions)
        page.resize(1040, 760)
        page.show()
        app.processEvents()

        def after_follow_ups() -> None:
            page.tables_changed(frozenset({"follow_up"}))  # what the change hub announces
            page._refresh_now()

        median, worst = timed(after_follow_ups)
        figure(
            "Calendar page refresh after a follow-up change",
            f"{median:.1f} ms median, {worst:.1f} ms worst",
        )

        def full_calendar() -> None:
            page.tables_changed(frozenset({"contact"}))  # what saving a contact announces
            page._refresh_now()

        median, worst = timed(full_calendar)
        figure(
            "Calendar page refresh after a contact change",
            f"{median:.1f} ms median, {worst:.1f} ms worst",
        )

        from kith.store.models import database_proxy

        born = next(b for b in birthdays_between(first, last) if not b.label)
        renames = []
        for n in range(8):  # a warm-up, then seven
            database_proxy.execute_sql(
                "UPDATE contact SET full_name = ? WHERE id = ?",
                (f"{born.full_name} {n}", born.contact_id),
            )
            start = time.perf_counter()
            full_calendar()
            renames.append((time.perf_counter() - start) * 1000)
        database_proxy.execute_sql(
            "UPDATE contact SET full_name = ? WHERE id = ?", (born.full_name, born.contact_id)
        )
        figure(
            "Calendar page refresh after a birthday in the month was renamed",
            f"{statistics.median(renames[1:]):.1f} ms median, {max(renames[1:]):.1f} ms worst",
        )

        now = datetime.now(UTC)
        overview = today_overview(now)
        median, worst = timed(lambda: today_overview(now), runs=5)
        figure(
            "Today overview (today_overview)",
            f"{median:.1f} ms median, {worst:.1f} ms worst "
            f"({overview.overdue_count:,} overdue, {len(overview.due_today)} due today, "
            f"{overview.going_cold_count:,} going cold, {len(overview.birthdays)} birthdays)",
        )
        page.hide()
        today_page = TodayPage(actions)
        today_page.resize(1040, 760)
        today_page.show()
        app.processEvents()

        def everything() -> None:
            today_page.refresh()  # what a new day or a restore asks for
            today_page._refresh_now()

        median, worst = timed(everything, runs=5)
        figure("Today page refresh (everything)", f"{median:.1f} ms median, {worst:.1f} ms worst")

        def follow_ups_only() -> None:
            today_page.tables_changed(frozenset({"follow_up"}))  # a Done, snooze or move
            today_page._refresh_now()

        median, worst = timed(follow_ups_only, runs=5)
        figure(
            "Today page refresh after a follow-up change",
            f"{median:.1f} ms median, {worst:.1f} ms worst",
        )

        def after_contact() -> None:
            today_page.tables_changed(frozenset({"contact"}))  # saving a contact
            today_page._refresh_now()

        median, worst = timed(after_contact, runs=5)
        figure(
            "Today page refresh after a contact change",
            f"{median:.1f} ms median, {worst:.1f} ms worst",
        )
        today_page.close()
        page.close()
        close_database()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
