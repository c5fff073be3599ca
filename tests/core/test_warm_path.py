"""Warm paths: chains you → A → B → target, best first by the strength of each link."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from kith.core.relationships import set_relationship
from kith.core.warm_path import (
    YOU,
    build_graph,
    companies,
    graph_from,
    warm_paths,
    warm_paths_to_company,
)
from tests.core.rules_fixtures import NOW, TODAY, log, person

pytest.importorskip("networkx")

NAMES = {1: "Ana", 2: "Ben", 3: "Carl", 4: "Dana", 5: "Eve", 6: "Finn"}


def test_best_chain_first_by_the_product_of_its_links() -> None:
    net = graph_from(
        {1: 0.9, 2: 0.5},
        [(1, 3, "friend"), (2, 3, "family"), (3, 4, "colleague")],
        NAMES,
    )
    paths = warm_paths(net, 4)
    assert [p.text for p in paths] == ["You → Ana → Carl → Dana", "You → Ben → Carl → Dana"]
    assert paths[0].links == (0.9, 0.8, 0.6)
    assert paths[0].score == pytest.approx(0.9 * 0.8 * 0.6)
    assert paths[0].first == 1 and not paths[0].direct


def test_ties_go_to_the_shorter_chain_then_by_name() -> None:
    net = graph_from({1: 0.5, 2: 0.5}, [(1, 4, "knows"), (2, 4, "knows")], NAMES)
    assert [p.text for p in warm_paths(net, 4)] == ["You → Ana → Dana", "You → Ben → Dana"]
    net = graph_from({1: 0.5, 4: 0.2}, [(1, 4, "knows")], NAMES)
    # 0.5 × 0.4 = 0.2 ties with knowing Dana at 0.2: the one-link chain comes first.
    paths = warm_paths(net, 4)
    assert [p.text for p in paths] == ["You → Dana", "You → Ana → Dana"]
    assert paths[0].direct


def test_cycles_do_not_loop_and_chains_are_at_most_three_links() -> None:
    relationships = [
        (1, 2, "friend"),
        (2, 3, "friend"),
        (3, 1, "friend"),
        (3, 4, "knows"),
        (4, 5, "knows"),
        (5, 6, "knows"),
    ]
    net = graph_from({1: 0.8}, relationships, NAMES)
    to_dana = warm_paths(net, 4)
    assert [p.text for p in to_dana] == ["You → Ana → Carl → Dana"]
    assert all(len(set(p.people)) == len(p.people) for p in to_dana)
    assert warm_paths(net, 6) == []  # five links away
    assert warm_paths(net, 6, max_links=5)[0].text == "You → Ana → Carl → Dana → Eve → Finn"


def test_disconnected_and_unknown_targets_have_no_path() -> None:
    net = graph_from({1: 0.8}, [(3, 4, "friend")], NAMES)
    assert warm_paths(net, 4) == []
    assert warm_paths(net, 99) == []
    assert warm_paths(net, YOU) == []


def test_anyone_at_a_company_stops_at_the_first_person_there() -> None:
    companies_of = {3: "Acme", 4: "ACME", 5: "Initech"}
    net = graph_from(
        {1: 0.9, 2: 0.3},
        [(1, 3, "friend"), (3, 4, "colleague"), (2, 4, "knows"), (1, 5, "knows")],
        NAMES,
        companies_of,
    )
    paths = warm_paths_to_company(net, "acme")
    assert [p.text for p in paths] == ["You → Ana → Carl", "You → Ben → Dana"]
    assert warm_paths_to_company(net, "Nowhere") == []
    assert companies(net) == ["Acme", "Initech"]
    # The company node is gone again: later queries see the graph as it was.
    assert -1 not in net.graph


def test_from_the_database_an_intro_opens_a_path_through_the_introducer(db: object) -> None:
    carl = person("Carl Berg", circle=2)
    dana = person("Dana Wu", company="Acme")
    eve = person("Eve Park", company="Acme")
    set_relationship(dana, eve, "colleague")
    log(carl, TODAY - timedelta(days=3), "meeting")
    assert warm_paths(build_graph(NOW, tz=UTC), eve) == []
    log([carl, dana], TODAY, "intro", "asked", summary="Carl introduced me to Dana")
    paths = warm_paths(build_graph(NOW, tz=UTC), eve)
    assert {p.text for p in paths} == {
        "You → Dana Wu → Eve Park",
        "You → Carl Berg → Dana Wu → Eve Park",
    }
    assert paths[0].score >= paths[1].score
    to_acme = warm_paths_to_company(build_graph(NOW, tz=UTC), "acme")
    assert to_acme[0].text == "You → Dana Wu"


def test_archived_people_are_not_on_any_path(db: object) -> None:
    ana = person("Ana Silva", circle=1, archived=True)
    dana = person("Dana Wu")
    set_relationship(ana, dana, "friend")
    assert warm_paths(build_graph(NOW, tz=UTC), dana) == []


def test_one_chain_per_first_person_the_best() -> None:
    net = graph_from(
        {1: 0.9, 5: 0.3},
        [(1, 2, "family"), (1, 3, "knows"), (2, 4, "friend"), (3, 4, "friend"), (5, 4, "knows")],
        NAMES,
    )
    assert [p.text for p in warm_paths(net, 4)] == [
        "You → Ana → Ben → Dana",
        "You → Eve → Dana",
    ]
