"""Take the screenshots in docs/screenshots: every page and dialog of Kith on the demo network,
at 1280×720 and 1920×1080, light and dark.

    .venv/bin/python docs/screenshots/take.py            # all four sets (a minute or two)
    .venv/bin/python docs/screenshots/take.py 1280x720 dark

Each set is drawn by a fresh Kith on Qt's offscreen screen of that size (no display needed),
with its own settings folder and a copy of the same demo network (seed 7, built for today),
and written to ``docs/screenshots/<size>-<theme>/<name>.png``; the README shows the 1280×720
light set. Look at them after taking them: a window that works but looks broken is not done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = ("1280x720", "1920x1080")
THEMES = ("light", "dark")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--one":
        return take(argv[1], argv[2])
    sizes = [a for a in argv if a in SIZES] or list(SIZES)
    themes = [a for a in argv if a in THEMES] or list(THEMES)
    for size in sizes:
        for theme in themes:
            print(f"{size} {theme}…", flush=True)
            with tempfile.TemporaryDirectory(prefix="kith-shots-") as scratch:
                width, height = (int(n) for n in size.split("x"))
                config = Path(scratch) / "screen.json"
                screen = {"name": "shot", "x": 0, "y": 0, "width": width, "height": height}
                config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
                env = dict(
                    os.environ,
                    QT_QPA_PLATFORM=f"offscreen:configfile={config}",
                    KITH_THEME=theme,
                    XDG_CONFIG_HOME=str(Path(scratch) / "config"),
                    XDG_DATA_HOME=str(Path(scratch) / "data"),
                    XDG_STATE_HOME=str(Path(scratch) / "state"),
                    XDG_CACHE_HOME=str(Path(scratch) / "cache"),
                    LANG="en_GB.UTF-8",
                    TMPDIR=scratch,
                )
                command = [sys.executable, __file__, "--one", size, theme]
                code = subprocess.run(command, env=env, check=False).returncode
                if code:
                    return code
    return 0


def take(size: str, theme: str) -> int:
    """Draw one set (in a process of its own: one screen size and theme per QApplication)."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

    from kith import __version__
    from kith.app import identify
    from kith.core.local_time import local_today
    from kith.demo.builder import write_demo
    from kith.store.database import open_database
    from kith.ui.icons import app_icon
    from kith.ui.theme import ThemeWatcher

    out = HERE / f"{size}-{theme}"
    out.mkdir(parents=True, exist_ok=True)
    database = Path(tempfile.gettempdir()) / "demo.sqlite"
    write_demo(database, seed=7, today=local_today())
    app = QApplication(sys.argv[:1])
    identify(app)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    ThemeWatcher(app)
    open_database(database)

    from kith.core.contacts import ContactDraft, ImportantDate, save_contact
    from kith.core.directory import contacts_named
    from kith.core.export import export_vcards
    from kith.core.follow_ups import open_follow_ups
    from kith.ui.dialogs.move_date_dialog import ask_move
    from kith.ui.dialogs.quick_add_dialog import QuickAddDialog
    from kith.ui.dialogs.settings_dialog import SettingsDialog
    from kith.ui.main_window import PAGES, MainWindow

    window = MainWindow(database)
    window.showMaximized()

    def settle(ms: int = 300) -> None:
        """Let queued work, timers (the detail pane follows typing after a pause) and
        painting finish."""
        deadline = time.monotonic() + ms / 1000
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    def shoot(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(out / f"{name}.png"), "PNG", 0)  # 0: the smallest file

    def person(name: str) -> int:
        return contacts_named(name)[0].id

    for spec in PAGES:
        window.show_page(spec.name)
        settle()
        shoot(window, spec.name)
    page = window.contacts_page
    window.show_page("contacts")
    page.select_contact(person("Achieng Njoroge"))
    shoot(window, "contact-timeline")
    page.set_compact(True)
    shoot(window, "contacts-compact")
    view = page.list_view
    view.selectionModel().select(
        view.model().index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    for row in range(3, 9):
        view.selectionModel().select(
            view.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select
        )
    shoot(window, "contacts-bulk")
    page.set_compact(False)
    page.search_box.setText("lead")
    settle()
    shoot(window, "contacts-search")
    page.search_box.clear()

    def dialog_shot(dialog: QWidget, name: str) -> None:
        dialog.show()
        shoot(dialog, name)
        dialog.close()

    dialog_shot(page.new_contact(), "new-contact")
    edit = page.edit_contact(person("Achieng Njoroge"))
    assert edit is not None
    dialog_shot(edit, "edit-contact")
    edit = page.edit_contact(person("Achieng Njoroge"))
    assert edit is not None
    edit.dates.set_dates([ImportantDate("Anniversary", 6, 14, 2019)])
    edit.dates.add_row(ImportantDate("Name day", 0, 0)).label.setCurrentText("Name day")
    edit.show()
    settle()
    scroll = edit.findChild(QScrollArea)
    if scroll is not None:  # down to the dates (only down: the form is as wide as its view)
        scroll.verticalScrollBar().setValue(
            edit.dates.mapTo(scroll.widget(), edit.dates.rect().topLeft()).y() - 120
        )
    shoot(edit, "edit-contact-dates")
    edit.close()
    log = window.log_interaction([person("Léa Fournier")])
    log.direction_buttons["asked"].click()
    log.ask_size.setCurrentIndex(log.ask_size.findData("large"))
    dialog_shot(log, "log-interaction")
    log = window.log_interaction([])
    log.people.picker.setFocus()
    log.people.picker.setText("lea")
    log.people.picker.textEdited.emit("lea")
    settle()
    popup = log.people.picker.popup()
    # The suggestions are a window of their own: drawn onto the form where they show.
    picture = log.grab()
    if popup.isVisible():
        painter = QPainter(picture)
        painter.drawPixmap(popup.geometry().topLeft() - log.geometry().topLeft(), popup.grab())
        painter.end()
        popup.hide()
    picture.save(str(out / "person-picker.png"), "PNG", 0)
    log.close()
    dialog_shot(window.plan_follow_up(person("Léa Fournier")), "plan-follow-up")
    first = open_follow_ups()[0]
    dialog_shot(window.open_follow_up(first.id), "follow-up")
    move = ask_move(window, first.id, lambda *_: None)
    if move is not None:
        dialog_shot(move, "move-date")
    window.show_page("goals")
    dialog_shot(window.goals_page.new_goal(), "goal")
    dialog_shot(window.edit_relationships(person("Achieng Njoroge")), "relationships")
    warm = window.find_warm_path(person("Léa Fournier"))
    dialog_shot(warm, "warm-path")
    # Someone entered twice, as happens: a close name at the same company.
    save_contact(ContactDraft(full_name="Lea Fournier", company="Umbra Security"))
    dialog_shot(window.find_duplicates(), "find-duplicates")
    cards = Path(tempfile.gettempdir()) / "phone-export.vcf"
    export_vcards(cards, [person(n) for n in ("Léa Fournier", "Achieng Njoroge")])
    new_people = [
        ("Mariana Costa", "Lumen Health", "mariana@lumen.example"),
        ("Kenji Sato", "Parallax Studio", "kenji@parallax.example"),
        ("Ines Moreau", "", "ines.moreau@mail.example"),
        ("Tomás Oliveira", "Fieldwork Ventures", "tomas.o@fieldwork.example"),
    ]
    with cards.open("a", encoding="utf-8") as file:
        for name, company, email in new_people:
            file.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nORG:{company}\r\n"
                f"EMAIL;TYPE=work:{email}\r\nEND:VCARD\r\n"
            )
    review = window.import_file(cards)
    if review is not None:
        done: list[bool] = []
        review.reading_finished.connect(done.append)
        deadline = time.monotonic() + 20
        while not done and time.monotonic() < deadline:
            settle(50)
        dialog_shot(review, "import-review")
    dialog_shot(QuickAddDialog("Léa Rivera", window), "quick-add")
    window.show_page("today")
    dialog_shot(window.today_page.show_all_going_cold(), "going-cold-all")
    help_dialog = window.show_help()
    shoot(help_dialog, "help")
    help_dialog.show_section("Keyboard shortcuts")
    shoot(help_dialog, "keyboard-shortcuts")
    help_dialog.close()
    settings = window.open_settings()
    assert isinstance(settings, SettingsDialog)
    for title, name in (
        ("Reminders", "settings-reminders"),
        ("Backups", "settings-backups"),
        ("Sync", "sync-settings"),
        ("Capture", "settings-capture"),
        ("Privacy", "settings-privacy"),
    ):
        settings.show_page(title)
        shoot(settings, name)
    privacy = settings.pages.currentWidget()  # Privacy, the last one shown
    privacy.encrypt_check.setChecked(True)  # what it says before anything is encrypted
    shoot(settings, "settings-privacy-encrypt")
    privacy.encrypt_check.setChecked(False)
    settings.close()
    dialog_shot(window.data_actions.restore_from_backup(), "restore")
    window.hide()
    print(f"  {len(list(out.glob('*.png')))} pictures in {out.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
