"""Finding contacts: the full-text search, ordering, and what a card shows."""

from __future__ import annotations

from datetime import datetime

import pytest

from kith.core import directory
from kith.core.contacts import (
    ChannelDraft,
    ContactDraft,
    load_draft,
    reindex_contacts,
    save_contact,
)
from kith.core.directory import (
    SearchResult,
    contact_ids,
    contact_list,
    contact_summaries,
    find_contacts,
    match_reasons,
    prepare_search,
    search_expression,
)
from kith.store.models import Interaction, InteractionContact, database_proxy
from tests.crowd import add_crowd


@pytest.fixture
def people(db: object) -> dict[str, int]:
    return {
        "sofia": save_contact(
            ContactDraft(
                full_name="Sofía Ramírez",
                company="Acme Corp.",
                title="VP Engineering",
                location="Madrid",
                tags=["mentor"],
                channels=[ChannelDraft("email", "sofia@acme.example")],
                notes="Loves bouldering on weekends.",
            )
        ),
        "jonas": save_contact(
            ContactDraft(
                full_name="Jonas Berg",
                nickname="Jo",
                company="Acme Corp.",
                title="Staff Engineer",
                tags=["python"],
                channels=[ChannelDraft("phone", "+46 70 123 45 67")],
            )
        ),
        "amara": save_contact(
            ContactDraft(
                full_name="Amara Okafor",
                company="Globex",
                title="Head of Partnerships",
                how_met="Met at the Lagos fintech summit",
            )
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["amara", "jonas", "sofia"]),
        ("acme", ["jonas", "sofia"]),
        ("sofia", ["sofia"]),  # accents don't matter
        ("RAMIREZ", ["sofia"]),
        ("boulder", ["sofia"]),  # a word of the notes, as a prefix
        ("sofia@acme.example", ["sofia"]),  # an email
        ("acme.example", ["sofia"]),
        ("mentor", ["sofia"]),  # a tag
        ("staff eng", ["jonas"]),  # role, every word as a prefix
        ("madrid", ["sofia"]),  # location
        ("lagos", ["amara"]),  # how we met
        ("70 123", ["jonas"]),  # phone digits
        ("a", ["amara"]),  # one letter: names starting with it
        ("j", ["jonas"]),
        ("ra", ["sofia"]),  # two letters: the start of any word of a name
        ("jo", ["jonas"]),  # or of a nickname
        ("gl", ["amara"]),  # no name starts so: everything is searched
        ("staff e", ["jonas"]),  # a lone last letter waits for the next one
        ("acme globex", []),  # every word must match
        ("zzz", []),
    ],
)
def test_search_finds_people_by_what_the_user_remembers(
    people: dict[str, int], query: str, expected: list[str]
) -> None:
    assert contact_ids(query) == [people[name] for name in expected]


@pytest.mark.parametrize(
    "query", ['"', "sofia AND", "NEAR(", "*", "o'brien", "(acme", "-", "^", "a:b", "\\"]
)
def test_search_syntax_in_user_input_never_breaks_the_search(
    people: dict[str, int], query: str
) -> None:
    assert isinstance(contact_ids(query), list)


def test_search_expression_quotes_every_word() -> None:
    assert search_expression('o"brien AND acme') == '"o"* "brien"* "AND"* "acme"*'
    assert search_expression("  ,, ") is None


def test_archived_contacts_are_hidden_unless_asked_for(db: object) -> None:
    kept = save_contact(ContactDraft(full_name="Kept"))
    archived = save_contact(ContactDraft(full_name="Archived person", archived=True))
    assert contact_ids() == [kept]
    assert contact_ids(include_archived=True) == [archived, kept]


def test_summary_shows_role_tags_and_last_contact(people: dict[str, int]) -> None:
    for when in (datetime(2026, 10, 1, 9), datetime(2026, 11, 20, 17)):
        interaction = Interaction.create(occurred_at=when, kind="call")
        InteractionContact.create(interaction=interaction, contact=people["sofia"])
    summary = contact_summaries([people["sofia"], people["jonas"]])
    assert summary[people["sofia"]].role_line == "VP Engineering · Acme Corp."
    assert summary[people["sofia"]].tags == ("mentor",)
    assert summary[people["sofia"]].last_contact == datetime(2026, 11, 20, 17)
    assert summary[people["jonas"]].last_contact is None


def test_find_contacts_for_pickers_is_limited(db: object) -> None:
    for i in range(30):
        save_contact(ContactDraft(full_name=f"Person {i:02d}", company="Initech"))
    found = find_contacts("initech", limit=5)
    assert [summary.full_name for summary in found] == [f"Person {i:02d}" for i in range(5)]
    assert found[0].role_line == "Initech"


def test_search_order_follows_every_change_to_names_and_archiving(db: object) -> None:
    zed = save_contact(ContactDraft(full_name="Zed Fan", company="Acme"))
    assert contact_ids("acme") == [zed]
    ann = save_contact(ContactDraft(full_name="Ann Able", company="Acme"))
    assert contact_ids("acme") == [ann, zed]  # a new person takes their place at once
    draft = load_draft(ann)
    draft.full_name = "Zoe Able"
    save_contact(draft, ann)
    assert contact_ids("acme") == [zed, ann]  # renamed: re-ordered
    draft.archived = True
    save_contact(draft, ann)
    assert contact_ids("acme") == [zed]
    assert contact_ids("acme", include_archived=True) == [zed, ann]


def test_a_contact_written_behind_kiths_back_is_still_found(db: object) -> None:
    known = save_contact(ContactDraft(full_name="Known Person", company="Initech"))
    assert contact_ids("initech") == [known]
    # Another program adds a row without Kith's change announcements.
    with database_proxy.atomic():
        database_proxy.execute_sql(
            "INSERT INTO contact (uid, created_at, updated_at, full_name, sort_name, company, "
            "given_name, family_name, nickname, title, location, how_met, notes, archived) "
            "VALUES ('x-1', '2026-01-01', '2026-01-01', 'Abe Early', 'abe early', 'Initech', "
            "'', '', '', '', '', '', '', 0)"
        )
        new_id = database_proxy.execute_sql("SELECT last_insert_rowid()").fetchone()[0]
        reindex_contacts([new_id])
    everyone = contact_list()
    assert len(everyone) == 2
    assert list(everyone) == contact_ids() == [new_id, known]  # not the order in memory
    assert contact_ids("initech") == [new_id, known]


def test_the_circle_filter_keeps_only_those_circles_in_name_order(db: object) -> None:
    inner = save_contact(ContactDraft(full_name="Zara Inner", circle=1, company="Acme"))
    fifteen = save_contact(ContactDraft(full_name="Yann Fifteen", circle=2, company="Acme"))
    loose = save_contact(ContactDraft(full_name="Xavi Loose", company="Acme"))
    assert contact_ids(circles={1}) == [inner]
    assert contact_ids(circles={1, 2}) == [fifteen, inner]
    assert contact_ids(circles={None}) == [loose]  # no circle
    assert contact_ids("acme", circles={2, None}) == [loose, fifteen]
    assert contact_ids("acme", circles=set()) == [loose, fifteen, inner]  # no filter
    assert contact_ids(circles={1, 2}, limit=1) == [fifteen]


def test_two_letters_find_any_word_of_a_name_in_name_order(db: object) -> None:
    luc = save_contact(ContactDraft(full_name="Jean-Luc Picard"))
    lucia = save_contact(ContactDraft(full_name="Lucía Méndez"))
    obrien = save_contact(ContactDraft(full_name="Miles O'Brien"))
    gone = save_contact(ContactDraft(full_name="Luke Archived", archived=True))
    # A name that begins so first, then a word of a name ("Luc" after a hyphen); accents folded.
    assert contact_ids("lu") == [lucia, luc]
    assert contact_ids("LU", include_archived=True) == [lucia, gone, luc]
    assert contact_ids("br") == [obrien]  # after an apostrophe
    assert contact_ids("pi", limit=1) == [luc]


def test_names_come_first_then_words_of_names_then_the_rest(db: object) -> None:
    lead = save_contact(ContactDraft(full_name="Aaron Smith", title="Team Lead"))
    costa = save_contact(ContactDraft(full_name="Ana Léa Costa"))
    roux = save_contact(ContactDraft(full_name="Léa Roux", company="Lumen"))
    girard = save_contact(ContactDraft(full_name="Léa Girard"))
    bob = save_contact(ContactDraft(full_name="Tom Mills", nickname="Leafy"))
    assert contact_ids("lea") == [girard, roux, bob, costa, lead]  # a nickname counts
    assert contact_ids("le") == [girard, roux, bob, costa]  # two letters: names only
    assert contact_ids("lea r") == [roux]  # a lone letter narrows the names
    assert contact_ids("roux lea") == [roux]  # in any order
    assert contact_ids("léa lumen") == [roux]  # a name word and a company word
    assert contact_ids("staff l") == []  # nothing named so: the lone letter waits
    assert contact_ids("lead") == [lead]


def test_a_match_that_is_not_the_name_says_where_it_matched(db: object) -> None:
    lead = save_contact(
        ContactDraft(full_name="Aaron Smith", title="Team Lead", notes="Leads the Lisbon office")
    )
    leah = save_contact(ContactDraft(full_name="Leah Lead", title="Team Lead"))
    mentor = save_contact(ContactDraft(full_name="Mia Ray", tags=["leadership"]))
    reasons = match_reasons(contact_ids("lead"), "lead")
    assert reasons == {
        lead: "Role: Team \x02Lead\x03 · Notes: \x02Leads\x03 the Lisbon office",
        mentor: "Tags: \x02leadership\x03",
    }
    assert leah not in reasons  # the name explains it
    assert match_reasons([lead], "le") == {}  # two letters search names
    # Only words that begin so are marked ("misleading" holds "lead" but does not begin so),
    # in plain ASCII as with accents.
    told = save_contact(
        ContactDraft(full_name="Ed Moe", notes="Misleading_lead! lead-in; LEADER, o'lead 2lead")
    )
    accented = save_contact(ContactDraft(full_name="Zoé Ray", notes="Mislead Léad café, leader"))
    assert match_reasons([told, accented], "lead") == {
        told: "Notes: Misleading_lead! \x02lead\x03-in; \x02LEADER\x03, o'\x02lead\x03 2lead",
        accented: "Notes: Mislead \x02Léad\x03 café, \x02leader\x03",
    }


def test_one_letter_with_only_marks_around_it_lists_the_names_that_start_with_it(
    db: object,
) -> None:
    obrien = save_contact(ContactDraft(full_name="Oona O'Brien"))
    olsen = save_contact(ContactDraft(full_name="Ola Olsen", company="Oslo Opera"))
    save_contact(ContactDraft(full_name="Ben Ortiz", notes="owns a boat"))
    save_contact(ContactDraft(full_name="Pia Lund", channels=[ChannelDraft("email", "pia@p.no")]))
    # "o'" on the way to "o'brien": the Os of the address book, not everyone with an o-word.
    assert contact_ids("o'") == contact_ids("o") == [olsen, obrien]
    assert contact_ids("@p") == contact_ids("p")
    assert contact_ids("o'br") == [obrien]


def test_a_search_matching_few_or_most_people_is_in_name_order_without_the_archived(
    db: object,
) -> None:
    # Few matches are sorted by place, most are read back from the name order: same result.
    names = [f"{first} {last}" for first in ("Ana", "Ben", "Cleo") for last in ("Lind", "Moe")]
    ids = {name: save_contact(ContactDraft(full_name=name, company="Acme")) for name in names}
    ids["Ada Gone"] = save_contact(
        ContactDraft(full_name="Ada Gone", company="Acme", archived=True)
    )
    rare = save_contact(ContactDraft(full_name="Zoe Quist", company="Initech"))
    for n in range(10):
        save_contact(ContactDraft(full_name=f"Other Person{n}"))
    everyone_at_acme = [ids[n] for n in sorted(names)]
    assert contact_ids("acme") == everyone_at_acme
    assert contact_ids("acme", include_archived=True) == [ids["Ada Gone"], *everyone_at_acme]
    assert contact_ids("initech") == [rare]


def test_a_one_letter_word_among_longer_ones_is_an_initial_of_a_name(db: object) -> None:
    obrien = save_contact(ContactDraft(full_name="Miles O'Brien"))
    jonas = save_contact(ContactDraft(full_name="Jonas Smith"))
    save_contact(ContactDraft(full_name="Ana Smith", company="Jupiter Labs"))
    save_contact(ContactDraft(full_name="Bruno Costa", company="Orbit"))
    assert contact_ids("o'br") == [obrien]  # typing O'Brien: Orbit is not a name
    assert contact_ids("j smith") == [jonas]  # J as in Jonas, not as in Jupiter
    assert contact_ids("smith j") == [jonas]  # the lone last letter narrows the names too
    emile = save_contact(ContactDraft(full_name="Émile Smith"))
    assert contact_ids("É smith") == contact_ids("e smith") == [emile]  # accents folded


# The lone last letter of "acme z" waits for the next one (no name has both): "acme" it is.
# Everyone ("") first from the name index, last from the name order in memory.
BROAD_SEARCHES = ["", "tea", "team", "acme", "engineer", "tea som", "teddy", "acme z", "tea s", ""]


def test_a_search_matching_many_people_shows_the_same_list_from_its_first_page(
    db: object,
) -> None:
    add_crowd(3_000)
    for search in BROAD_SEARCHES:
        everyone = contact_ids(search)
        for page in (5, 100):
            shown = contact_list(search, first_page=page)
            assert len(shown) == len(everyone), search  # the count, before anything is ordered
            if len(everyone) >= 2_000:
                # Answered from its first page: names beginning so, then names, then the rest.
                assert isinstance(shown, SearchResult), search
                assert shown[:page] == everyone[:page], search
                assert [shown[i] for i in range(page)] == everyone[:page]
                assert not shown.ordered, search  # the first page did not order the rest
            assert shown[len(everyone) - 1] == everyone[-1], search  # scrolled to the end
            assert list(shown) == everyone, search


def test_the_first_page_of_a_broad_search_follows_writes_and_the_archived(db: object) -> None:
    add_crowd(3_000)
    first = contact_list("tea")
    assert isinstance(first, SearchResult)
    # Archiving the first person of the list takes them out of the count and the first page.
    gone = first[0]
    draft = load_draft(gone)
    draft.archived = True
    save_contact(draft, gone)
    after = contact_list("tea")
    assert len(after) == len(first) - 1
    assert after[:20] == contact_ids("tea")[:20]
    assert gone not in after[:100]
    # A name beginning with what was typed comes first (after "Ana …", "Ben …" by name).
    aaron = save_contact(ContactDraft(full_name="Tea Aaron"))
    assert contact_list("tea")[0] == aaron == contact_ids("tea")[0]
    assert list(contact_list("tea")) == contact_ids("tea")


def test_one_and_two_letters_are_counted_and_paged_from_the_names_in_memory(
    db: object,
) -> None:
    add_crowd(3_000)
    save_contact(ContactDraft(full_name="Zed Other", nickname="Tealeaf"))  # a nickname "te…"
    save_contact(ContactDraft(full_name="Ode Gone", archived=True))
    prepare_search()  # as the window does: then these come from the order in memory
    for search in ["t", "o'", "z", "é", "x", "te", "le", "ng", "ro", "ze", "qq", "teagan"]:
        everyone = contact_ids(search)
        for page in (5, 100):
            shown = contact_list(search, first_page=page)
            assert shown[:page] == everyone[:page], search
            assert len(shown) == len(everyone), search
            assert list(shown) == everyone, search
    listed = contact_list("te", first_page=10)
    assert isinstance(listed, SearchResult) and not listed.ordered  # the rest not listed


def test_letters_alone_are_initials_of_a_name(db: object) -> None:
    obrien = save_contact(ContactDraft(full_name="Miles O'Brien"))
    save_contact(ContactDraft(full_name="Olga Smith", company="Bell Labs"))
    both = save_contact(ContactDraft(full_name="Bea Olsen"))
    assert contact_ids("o'b") == [both, obrien]  # typing O'Brien: names with an O and a B
    assert contact_ids("b o") == [both, obrien]


def test_at_scale_a_broad_search_tests_people_in_name_order_and_counts_later(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From BOUNDED_FROM people on (200,000), a broad search's first page is found by testing
    # people at the top of the name order; here the crowd stands in for such a database.
    add_crowd(3_000)
    save_contact(ContactDraft(full_name="Tea Aaron", notes="Tea expert"))
    save_contact(ContactDraft(full_name="Aaron Teal", title="Nurse"))  # a name with "teal"
    save_contact(ContactDraft(full_name="Ana Zeta", notes="Téa ceremony"))  # accents folded
    monkeypatch.setattr(directory, "BOUNDED_FROM", 1_000)
    prepare_search()
    tested = 0
    for search in ["tea", "teac", "team lead", "eng", "acme", "lea", "teal", "tea s", "acme z"]:
        everyone = contact_ids(search)
        shown = contact_list(search)
        if isinstance(shown, SearchResult) and shown.known_count is None:
            tested += 1  # found by testing people; counted on first use, not before
        assert shown[:100] == everyone[:100], search
        assert len(shown) == len(everyone), search
        assert list(shown) == everyone, search
    assert tested >= 5  # the others: too few matches at the top of the order (as "teac")
    broad = contact_list("tea")
    assert isinstance(broad, SearchResult) and broad.known_count is None
    # A search few people match reads its matches (and its count) as before.
    rare = contact_list("sommelier teddy")
    assert not isinstance(rare, SearchResult) or rare.known_count is not None
    assert list(rare) == contact_ids("sommelier teddy")


def test_a_prefix_read_as_the_whole_words_of_the_index_finds_the_same_people(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Once the search is prepared, a prefix of four letters or more that begins a few words of
    # the index is read as those words ("teac": teacher, teaching): the same people, in the
    # same order, as the prefix itself.
    add_crowd(600)
    save_contact(ContactDraft(full_name="Teo Teacake", company="Teak & Co", notes="Teaches"))
    save_contact(ContactDraft(full_name="Ida Moe", notes="Engineering manager, teacher"))
    # A word of the names that begins other words elsewhere (an address): in the names alone
    # it is one word.
    save_contact(
        ContactDraft(
            full_name="Ola Teagan-Roux",
            channels=[ChannelDraft("email", "teagan77@example.org")],
            notes="Teaganism",
        )
    )
    prepare_search()
    searches = [
        "teac", "teache", "teaching fellow", "engi", "engineer", "acme", "nurs", "o'bri",
        "teac lead", "teddy", "zzzz", "team lead", "teak", "ida teac", "smith 1", "teaga",
        "teagan", "teagan l", "teagan77", "ola teag", "teagan r", "roux teaga",
    ]  # fmt: skip
    found = {search: contact_ids(search) for search in searches}
    shown = {search: list(contact_list(search)) for search in searches}
    assert found["teac"] and found["engi"] and found["teddy"]
    assert directory._name_order.expanded('"teac"*') != '"teac"*'  # read as whole words
    monkeypatch.setattr(directory, "_EXPAND_TERMS", 0)  # every prefix read as a prefix
    for search in searches:
        assert contact_ids(search) == found[search], search
        assert list(contact_list(search)) == shown[search] == found[search], search


def test_words_written_after_the_search_was_prepared_are_found(db: object) -> None:
    from kith.core.bulk import add_tag

    add_crowd(300)
    ana = save_contact(ContactDraft(full_name="Ana Marsh"))
    prepare_search()
    assert contact_ids("woodw") == []
    add_tag([ana], "Woodworking")  # only the tags and the index change
    assert contact_ids("woodw") == [ana]
    prepare_search()
    assert contact_ids("woodw") == contact_ids("woodworking") == [ana]
    bo = save_contact(ContactDraft(full_name="Bo Berg", notes="woodwind quintet"))
    assert contact_ids("woodw") == [ana, bo]


def test_at_scale_initials_find_their_first_page_from_the_names(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From BOUNDED_FROM people on, a search with a one-letter word among longer ones ("niamh
    # k", "o'br") finds its first page from the names beginning so and the names matching,
    # its count on first use; here the crowd stands in for such a database.
    add_crowd(3_000)
    lea = save_contact(ContactDraft(full_name="Lea Obi", nickname="Lea Brie"))
    save_contact(ContactDraft(full_name="Ken Lind", notes="Ana knows him"))
    monkeypatch.setattr(directory, "BOUNDED_FROM", 1_000)
    prepare_search()
    tested = 0
    for search in [
        "ana l", "ana s", "tea o", "tea o'b", "o'br", "o'bri", "ana o'br", "lea b", "lea o",
        "zoe q", "teac l", "o'brien t", "smith a", "lind k", "ana k", "x o'br", "ken l",
        "ken lind a",
    ]:  # fmt: skip
        everyone = contact_ids(search)
        shown = contact_list(search, first_page=20)
        if isinstance(shown, SearchResult) and shown.known_count is None:
            tested += 1  # the first page found from the names; counted on first use
        assert shown[:20] == everyone[:20], search
        assert len(shown) == len(everyone), search
        assert list(shown) == everyone, search
    assert tested >= 5
    assert lea in contact_ids("lea b")  # the nickname begins so
