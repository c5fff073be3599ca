"""The name-parts migration: old contacts keep their names and get empty parts."""

from __future__ import annotations

import shutil
from pathlib import Path

from kith.core.contacts import load_draft, save_contact
from kith.store.database import close_database, open_database
from kith.store.models import Contact

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_an_upgraded_database_holds_name_parts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", path)
    open_database(path)
    try:
        ada = Contact.get(Contact.full_name == "Ada Lovelace")
        draft = load_draft(ada.id)
        assert (draft.name_prefix, draft.middle_name, draft.name_suffix) == ("", "", "")
        assert Contact.get(Contact.full_name == "Charles Babbage").introduced_by_id == ada.id
        draft.name_prefix, draft.middle_name = "Countess", "Augusta"
        save_contact(draft, ada.id)
        assert load_draft(ada.id).middle_name == "Augusta"
    finally:
        close_database()
