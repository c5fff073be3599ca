"""Warm paths: the chains of people you know that lead to someone (or to anyone at a company).

The graph has you and your contacts as nodes. You are linked to each person you are in touch
with, as strongly as your relationship (strength ÷ 100 — the same strength the card and the
action threshold use); two contacts are linked when they know each other, as strongly as the
kind of relationship says, and a card's "Introduced by" links the two as an introduction. A
chain's score is the product of its links' strengths: best first. See
resources/help/rules.md ("Warm paths"). networkx is imported inside the functions that use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import pairwise
from typing import Any

from kith.core.relationships import all_relationships
from kith.core.rules.strength import strengths
from kith.core.text import fold
from kith.store.models import Contact

#: The node that stands for you (contact ids start at 1).
YOU = 0
#: How strong a link each kind of relationship between two contacts is, 0–1.
KIND_STRENGTH: dict[str, float] = {
    "family": 0.9,
    "friend": 0.8,
    "colleague": 0.6,
    "introduced": 0.5,
    "knows": 0.4,
}
#: The longest chain offered: you → A → B → target.
MAX_LINKS = 3
DEFAULT_LIMIT = 8


@dataclass
class NetworkGraph:
    """Your network as a networkx graph, with names and companies to describe paths."""

    graph: Any  # networkx.Graph; node YOU is you
    names: dict[int, str]
    companies: dict[int, str]

    def name(self, node: int) -> str:
        return "You" if node == YOU else self.names.get(node, "?")


def you_link(strength_total: int) -> float:
    """How strongly you are linked to someone: their strength ÷ 100."""
    return strength_total / 100


def graph_from(
    your_links: Mapping[int, float],
    relationships: Iterable[tuple[int, int, str]],
    names: Mapping[int, str],
    companies: Mapping[int, str] | None = None,
) -> NetworkGraph:
    """Build the graph from plain data (``your_links``: contact → 0–1; zero links are left
    out; relationships between people not in ``names`` are ignored)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_node(YOU)
    graph.add_nodes_from(names)
    graph.add_weighted_edges_from(
        ((YOU, cid, w) for cid, w in your_links.items() if w > 0 and cid in names), weight="w"
    )
    for a, b, kind in relationships:
        if a in names and b in names and a != b:
            weight = KIND_STRENGTH.get(kind, KIND_STRENGTH["knows"])
            if graph.has_edge(a, b):  # the same two, twice: the stronger tie counts
                weight = max(weight, graph[a][b]["w"])
            graph.add_edge(a, b, w=weight)
    return NetworkGraph(graph, dict(names), dict(companies or {}))


def build_graph(now: datetime, *, tz: tzinfo | None = None) -> NetworkGraph:
    """Your network from the database (archived people are left out)."""
    rows = list(
        Contact.select(Contact.id, Contact.full_name, Contact.company, Contact.introduced_by)
        .where(Contact.archived == False)  # noqa: E712
        .tuples()
    )
    ids = [r[0] for r in rows]
    power = strengths(ids, now, tz)
    links = {cid: you_link(power[cid].total) for cid in ids}
    names = {cid: name for cid, name, _, _ in rows}
    companies = {cid: company for cid, _, company, _ in rows}
    # A card's "Introduced by" is an introduction between the two, as a logged one would be.
    introductions = [(cid, by, "introduced") for cid, _, _, by in rows if by is not None]
    return graph_from(links, [*all_relationships(), *introductions], names, companies)


@dataclass(frozen=True)
class WarmPath:
    """One chain from you to the target: ``people`` after you, and each link's strength."""

    people: tuple[int, ...]
    links: tuple[float, ...]
    names: tuple[str, ...]

    @property
    def score(self) -> float:
        """The product of the links' strengths, 0–1."""
        result = 1.0
        for w in self.links:
            result *= w
        return result

    @property
    def target(self) -> int:
        return self.people[-1]

    @property
    def direct(self) -> bool:
        """You know the target yourself: no introduction needed."""
        return len(self.people) == 1

    @property
    def first(self) -> int:
        """The person to ask (A in you → A → B → target)."""
        return self.people[0]

    @property
    def text(self) -> str:
        """ "You → Ana → Ben → Dana"."""
        return " → ".join(("You", *self.names))


def _sort_key(path: WarmPath) -> tuple[float, int, tuple[str, ...], tuple[int, ...]]:
    return (
        -round(path.score, 9),
        len(path.people),
        tuple(n.casefold() for n in path.names),
        path.people,
    )


def _near(graph: Any, source: int, cutoff: int) -> Any:
    """The small part of the graph that can lie on a path of at most ``cutoff`` links from
    ``source`` to you: the nodes n with distance(source, n) + distance(n, you) <= cutoff,
    copied into a graph of their own (None when you are out of reach).

    Distances from ``source`` come from networkx's breadth-first layers (up to cutoff - 1:
    only you can be further); distances to you are counted inside that ball. The chains
    themselves are then enumerated by networkx on this subgraph, not on the whole network.
    """
    import networkx as nx

    depth: dict[int, int] = {}
    for level, layer in enumerate(nx.bfs_layers(graph, source)):
        depth.update((node, level) for node in layer)
        if level >= cutoff - 1:
            break  # before networkx builds the next layer
    to_you = {YOU: 0}
    frontier = [YOU]
    for step in range(1, cutoff + 1):
        reached = []
        for node in frontier:
            for other in graph[node]:
                if other in depth and other not in to_you and depth[other] + step <= cutoff:
                    to_you[other] = step
                    reached.append(other)
        frontier = reached
    if source not in to_you:
        return None
    near = nx.Graph()
    near.add_edges_from(
        (node, other, data)
        for node in to_you
        for other, data in graph[node].items()
        if other in to_you and node < other
    )
    return near


def _best_per_first(paths: list[WarmPath], limit: int) -> list[WarmPath]:
    """Best first, one chain per first person (the one you would ask), at most ``limit``."""
    paths.sort(key=_sort_key)
    seen: set[int] = set()
    result = []
    for path in paths:
        if path.first not in seen:
            seen.add(path.first)
            result.append(path)
            if len(result) == limit:
                break
    return result


def _path(net: NetworkGraph, nodes: Sequence[int]) -> WarmPath:
    graph = net.graph
    links = tuple(float(graph[x][y]["w"]) for x, y in pairwise(nodes))
    people = tuple(nodes[1:])
    return WarmPath(people, links, tuple(net.name(n) for n in people))


def warm_paths(
    net: NetworkGraph,
    target: int,
    *,
    limit: int = DEFAULT_LIMIT,
    max_links: int = MAX_LINKS,
) -> list[WarmPath]:
    """The chains from you to ``target`` of at most ``max_links`` links, best first.

    Best = the highest product of link strengths; at an equal score, the shorter chain, then
    by the names along it. Only the best chain through each first person is kept (that is
    who you would ask). A target you know yourself appears as a one-link chain. Nobody
    reachable (or an unknown target): an empty list.
    """
    import networkx as nx

    if target == YOU or target not in net.graph:
        return []
    near = _near(net.graph, target, max_links)
    if near is None:
        return []
    found = [
        _path(net, list(reversed(nodes)))
        for nodes in nx.all_simple_paths(near, target, YOU, cutoff=max_links)
    ]
    return _best_per_first(found, limit)


def company_members(net: NetworkGraph, company: str) -> list[int]:
    """The people whose company matches ``company`` (case and accents ignored)."""
    key = fold(company.strip())
    if not key:
        return []
    return sorted(cid for cid, name in net.companies.items() if name and fold(name) == key)


def warm_paths_to_company(
    net: NetworkGraph,
    company: str,
    *,
    limit: int = DEFAULT_LIMIT,
    max_links: int = MAX_LINKS,
) -> list[WarmPath]:
    """The best chains to anyone at ``company``: the chain ends at the first person there."""
    import networkx as nx

    members = company_members(net, company)
    if not members:
        return []
    inside = set(members)
    door = -1  # a node standing for the company, linked to everyone there
    graph = net.graph
    graph.add_edges_from(((door, m) for m in members), w=1.0)
    try:
        found = []
        near = _near(graph, door, max_links + 1)
        if near is not None:
            # A chain ends at the first person there: links between two of them never count.
            near.remove_edges_from(
                [(a, b) for a, b in near.edges(inside & set(near)) if a in inside and b in inside]
            )
        paths = nx.all_simple_paths(near, door, YOU, cutoff=max_links + 1) if near else []
        for nodes in paths:
            chain = list(reversed(nodes[1:]))  # you … member
            if any(n in inside for n in chain[1:-1]):
                continue  # someone there is already on the way: a shorter chain covers it
            found.append(_path(net, chain))
    finally:
        graph.remove_node(door)
    return _best_per_first(found, limit)


def companies(net: NetworkGraph) -> list[str]:
    """Every company someone in your network works at, by name (for completion)."""
    seen: dict[str, str] = {}
    for name in net.companies.values():
        if name.strip():
            seen.setdefault(fold(name.strip()), name.strip())
    return sorted(seen.values(), key=str.casefold)


def strength_word(link: float) -> str:
    """How a link reads: "strong" (0.6 and up), "good" (0.35 and up) or "weak"."""
    if link >= 0.6:
        return "strong"
    if link >= 0.35:
        return "good"
    return "weak"
