"""Network figures: warm-path queries on a 10,000-person graph, and the Network page at 2,000.

    python bench/bench_network.py [--people N] [--edges M] [--nodes K] [--seed S]

1. Warm paths: a graph of ``--people`` contacts (default 10,000) with ``--edges``
   relationships (default 50,000; clustered like companies and cities, plus random ties) and
   links from you to ~1,500 of them, built with ``kith.core.warm_path.graph_from``. Times the
   build, then ``warm_paths`` to 200 random targets (median, 95th percentile, max) and
   ``warm_paths_to_company`` to 50 companies. Target: a path query under 200 ms.
2. The Network page at ``--nodes`` people (default 2,000, ~5,000 relationships), offscreen:
   layout (``ring_layout``), scene build (``NetworkPage.show_map``), then repainting the
   view as the screen gets it (through the item and background caches): fitted, right after
   each zoom step (everything redrawn once), zoomed in with names, while panning and on hover
   — medians. Target: a frame under 16 ms (60 frames a second), a zoom step under 50 ms.

Prints ``name: value unit [target]`` per line, like ``bench.py``. Nothing asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "desktop"))


def figure(name: str, value: float, unit: str, target: float | None = None) -> None:
    text = f"{name}: {value:,.1f} {unit}"
    if target is not None:
        verdict = "ok" if value <= target else f"MISSED by {value - target:,.1f} {unit}"
        text += f" [target < {target:g} {unit}: {verdict}]"
    print(text, flush=True)


def synthetic_graph(people: int, edges: int, seed: int) -> tuple[object, list[str]]:
    from kith.core.warm_path import KIND_STRENGTH, graph_from

    rng = random.Random(seed)
    company_names = [f"Company {i}" for i in range(people // 40)]
    companies = {cid: rng.choice(company_names) for cid in range(1, people + 1)}
    by_company: dict[str, list[int]] = {}
    for cid, name in companies.items():
        by_company.setdefault(name, []).append(cid)
    kinds = list(KIND_STRENGTH)
    relationships: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < edges:
        a = rng.randint(1, people)
        if rng.random() < 0.5:  # a colleague
            b = rng.choice(by_company[companies[a]])
            kind = "colleague"
        else:
            b = rng.randint(1, people)
            kind = rng.choice(kinds)
        key = (min(a, b), max(a, b))
        if a == b or key in relationships:
            continue
        relationships.add(key)
        rows.append((key[0], key[1], kind))
    names = {cid: f"Person {cid}" for cid in range(1, people + 1)}
    yours = {
        cid: rng.uniform(0.05, 0.95) for cid in rng.sample(range(1, people + 1), min(people, 1500))
    }
    start = time.perf_counter()
    net = graph_from(yours, rows, names, companies)
    figure(
        f"warm paths: graph build ({people:,} people)", 1000 * (time.perf_counter() - start), "ms"
    )
    return net, company_names


def bench_paths(people: int, edges: int, seed: int) -> None:
    from kith.core.warm_path import warm_paths, warm_paths_to_company

    net, company_names = synthetic_graph(people, edges, seed)
    rng = random.Random(seed + 1)
    times, found = [], 0
    for target in rng.sample(range(1, people + 1), 200):
        start = time.perf_counter()
        paths = warm_paths(net, target)  # type: ignore[arg-type]
        times.append(1000 * (time.perf_counter() - start))
        found += bool(paths)
    times.sort()
    figure("warm paths: query to a person, median", statistics.median(times), "ms", 200)
    figure("warm paths: query to a person, 95th percentile", times[189], "ms", 200)
    figure("warm paths: query to a person, max", times[-1], "ms", 200)
    print(f"warm paths: targets with a path: {found} of 200", flush=True)
    company_times = []
    for company in rng.sample(company_names, min(50, len(company_names))):
        start = time.perf_counter()
        warm_paths_to_company(net, company)  # type: ignore[arg-type]
        company_times.append(1000 * (time.perf_counter() - start))
    figure("warm paths: query to a company, median", statistics.median(company_times), "ms", 200)
    figure("warm paths: query to a company, max", max(company_times), "ms")


def bench_page(nodes: int, seed: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = tempfile.mkdtemp(prefix="kith-bench-")
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from kith.core.network_map import MapNode, NetworkMap, ring_layout
    from kith.store.database import open_database

    app = QApplication.instance() or QApplication([])
    from kith.ui.pages.network_page import NetworkPage
    from kith.ui.theme import ThemeWatcher

    ThemeWatcher(app)  # type: ignore[arg-type]
    open_database(Path(tempfile.mkdtemp(prefix="kith-bench-")) / "empty.sqlite")
    rng = random.Random(seed)
    circles = [1] * 5 + [2] * 10 + [3] * 35 + [4] * 100
    circles += [5] * ((nodes - len(circles)) // 2)
    circles += [None] * (nodes - len(circles))
    ids = list(range(1, nodes + 1))
    start = time.perf_counter()
    groups = [
        [i for i, c in zip(ids, circles, strict=True) if c == circle]
        for circle in (1, 2, 3, 4, 5, None)
    ]
    positions, radii = ring_layout(groups)
    figure(
        f"network page: ring layout ({nodes:,} people)", 1000 * (time.perf_counter() - start), "ms"
    )
    map_nodes = [
        MapNode(
            i,
            f"Person {i}",
            "Engineer · Acme",
            c,
            rng.randint(0, 100),
            rng.randint(0, 400),
            (rng.randint(1, 4),) if rng.random() < 0.1 else (),
            ("tag",) if rng.random() < 0.3 else (),
            *positions[i],
        )
        for i, c in zip(ids, circles, strict=True)
    ]
    edges = set()
    while len(edges) < int(nodes * 2.5):
        a, b = rng.sample(ids, 2)
        edges.add((min(a, b), max(a, b), "knows"))
    data = NetworkMap(
        map_nodes,
        sorted(edges),
        {1: "Goal one", 2: "Goal two", 3: "Goal three", 4: "Goal four"},
        {c: r for c, r in zip((1, 2, 3, 4, 5, None), radii, strict=True)},
    )
    page = NetworkPage()
    page.resize(1100, 760)
    page.show()
    app.processEvents()
    start = time.perf_counter()
    page.show_map(data)
    page.view.fit()
    app.processEvents()
    figure(
        f"network page: scene build ({nodes:,} people, {len(edges):,} lines)",
        1000 * (time.perf_counter() - start),
        "ms",
    )

    viewport = page.view.viewport()

    def frame() -> float:
        """One repaint of the view as the screen would get it (through the caches)."""
        start = time.perf_counter()
        viewport.repaint()
        return 1000 * (time.perf_counter() - start)

    frame()  # the first frame fills the caches
    figure(
        "network page: repaint, everyone in view",
        statistics.median(frame() for _ in range(10)),
        "ms",
        16,
    )
    zooms = []
    page.view.auto_fit = False
    for _ in range(6):
        page.view.zoom_by(1.25)
        zooms.append(frame())
    figure("network page: first frame after a zoom step", statistics.median(zooms), "ms", 50)
    page.view.centerOn(QPointF(0, -200))
    frame()
    figure(
        "network page: repaint, zoomed in with names",
        statistics.median(frame() for _ in range(10)),
        "ms",
        16,
    )
    pan = []
    for step in range(10):
        page.view.centerOn(QPointF(step * 25.0, -200))
        pan.append(frame())
    figure("network page: frame while panning", statistics.median(pan), "ms", 16)
    hover = []
    items = list(page.items)
    for contact_id in items[:10]:
        start = time.perf_counter()
        page.hover(contact_id)
        viewport.repaint()
        hover.append(1000 * (time.perf_counter() - start))
    figure("network page: hover (card + highlighted lines)", statistics.median(hover), "ms", 16)
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--nodes", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database",
        type=Path,
        help="accepted for bench.py, which passes its database; the figures build their own data",
    )
    args = parser.parse_args()
    bench_paths(args.people, args.edges, args.seed)
    bench_page(args.nodes, args.seed)


if __name__ == "__main__":
    main()
