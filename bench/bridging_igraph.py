"""Exact bridging centrality on 10k against python-igraph's subset betweenness (issue 18, item 5).

Both sides compute the same quantity: for every pair of topics in different roadmaps, the share
of their shortest paths (in the knowledge graph, undirected) through each node. kgraph's side
is its exact bridging, forced exact as the centrality benchmark forces it; python-igraph's is
``Graph.betweenness(sources=<one roadmap's topics>, targets=<every other roadmap's topics>)``
summed over the roadmaps (igraph halves undirected subset betweenness, so each pair counts
once), normalised by the number of pairs as kgraph normalises. Each side runs in fresh child
processes, alternately, several times; the ratio of the medians is the target (below 1).
python-igraph is GPL: a benchmark dependency only (``pip install -e '.[bench]'``), never
imported by kgraph; without it the suite records an info row saying so.
"""

from __future__ import annotations

import importlib.util
import time

from bench.common import median
from bench.report import Check
from bench.runner import run_worker

INTRO = """\
4b. **Exact bridging against python-igraph** — on the 1k and 10k graphs, exact bridging
   centrality as kgraph computes it (forced exact) against python-igraph's subset betweenness
   for the same pairs (per roadmap, its topics as sources and every other roadmap's as targets,
   summed), each in fresh processes, alternating, median of the runs: the ratio is the target
   (below 1); the top-50 overlap and, on 1k, the agreement of the scores are checked too.
"""

GROUP = "4b. Exact bridging centrality against python-igraph (kind=all, top=50)"
TOP = 50
SIZES = ("1k", "10k")
"""Sizes compared (exact bridging on 100k is out of reach for both)."""
TARGET_SIZE = "10k"
REPEATS = 3
"""Timed runs per side and size (alternating kgraph and igraph); the medians are compared."""
AGREEMENT = 1e-9
"""Largest relative difference allowed between the two sides' scores (where checked: 1k)."""


# ---------------------------------------------------------------- worker tasks


def _cpu_and_wall(func, *args):
    started, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    return time.perf_counter() - started, time.process_time() - cpu, result


def task_bridging_kgraph(args: dict) -> dict:
    """kgraph's exact bridging, timed as the centrality benchmark times it; with ``scores``
    also every node's score (computed again, untimed)."""
    import kgraph
    from bench.worker import _exact_bridging, load

    G = load(args["folder"])
    seconds, cpu, ids = _cpu_and_wall(_exact_bridging, G, args["top"])
    out = {"seconds": seconds, "cpu": cpu, "ids": ids}
    if args.get("scores"):
        result = kgraph.cross_domain_centrality(G, metric="bridging", kind="all", top=None, samples=None)
        out["scores"] = {row.id: row.score for row in result.items}
    return out


def _knowledge_graph(G):
    """The undirected knowledge graph kgraph's bridging runs on, and each topic's roadmap."""
    from kgraph.analysis.centrality import knowledge_digraph

    U = knowledge_digraph(G).to_undirected(as_view=False)
    roadmap_of = {n: G.nodes[n]["roadmap"] for n in U if G.nodes[n].get("kind") == "topic"}
    return U, roadmap_of


def _igraph_bridging(graph, groups: list[list[int]]) -> list[float]:
    """Subset betweenness from each roadmap's topics to every other roadmap's, summed."""
    total = [0.0] * graph.vcount()
    everyone = [v for group in groups for v in group]
    for group in groups:
        mine = set(group)
        others = [v for v in everyone if v not in mine]
        for v, value in enumerate(graph.betweenness(directed=False, sources=group, targets=others)):
            total[v] += value
    return total


def task_bridging_igraph(args: dict) -> dict:
    """python-igraph's subset betweenness for the same pairs, normalised as kgraph's; the
    timing covers the betweenness calls (not the conversion to an igraph graph)."""
    import igraph

    from bench.worker import load

    G = load(args["folder"])
    U, roadmap_of = _knowledge_graph(G)
    nodes = list(U)
    index = {v: i for i, v in enumerate(nodes)}
    started = time.perf_counter()
    graph = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in U.edges() if u != v], directed=False)
    convert = time.perf_counter() - started
    groups: dict[str, list[int]] = {}
    for topic, roadmap in roadmap_of.items():
        groups.setdefault(roadmap, []).append(index[topic])
    seconds, cpu, raw = _cpu_and_wall(_igraph_bridging, graph, [groups[r] for r in sorted(groups)])
    sizes = [len(g) for g in groups.values()]
    pairs = (sum(sizes) ** 2 - sum(s * s for s in sizes)) / 2 or 1
    scores = {v: raw[i] / pairs for i, v in enumerate(nodes)}
    ids = sorted(scores, key=lambda v: (-scores[v], v))[: args["top"]]
    out = {"seconds": seconds, "cpu": cpu, "convert": convert, "ids": ids, "version": igraph.__version__}
    if args.get("scores"):
        out["scores"] = scores
    return out


TASKS = {"bridging_kgraph": task_bridging_kgraph, "bridging_igraph": task_bridging_igraph}
"""Worker tasks: name -> function(args) -> dict."""


# ---------------------------------------------------------------- the suite


def _agreement(kgraph_scores: dict[str, float], igraph_scores: dict[str, float]) -> float:
    """The largest difference between the two sides' scores, relative to the largest score."""
    scale = max(max(igraph_scores.values(), default=0.0), 1e-300)
    return max(abs(kgraph_scores.get(v, 0.0) - s) for v, s in igraph_scores.items()) / scale


def _runs(run, size: str) -> tuple[list, list]:
    """``REPEATS`` runs of each side, alternating; the first of each also returns every score on 1k."""
    timeout = run.settings.timeout * 3
    ours, theirs = [], []
    for attempt in range(1 if run.settings.quick else REPEATS):
        args = {"folder": run.folder(size), "top": TOP, "scores": attempt == 0 and size == "1k"}
        run.log(f"bridging {size}: kgraph exact, run {attempt + 1}")
        ours.append(run_worker("bridging_kgraph", args, timeout=timeout))
        run.log(f"bridging {size}: python-igraph, run {attempt + 1}")
        theirs.append(run_worker("bridging_igraph", args, timeout=timeout))
    return ours, theirs


def _compare(run, size: str, ours: list, theirs: list) -> None:
    target = {"limit": 1.0, "op": "<", "target_on": "ratio"} if size == TARGET_SIZE else {}
    name = f"{size}: exact bridging, kgraph (median of {len(ours)})"
    failed = next((o for o in ours + theirs if not o.ok), None)
    if failed is not None:
        run.add(Check(GROUP, name, error=failed.error, **target))
        return
    seconds = median([o.data["seconds"] for o in ours])
    base = median([o.data["seconds"] for o in theirs])
    note = (
        "kgraph s: "
        + ", ".join(f"{o.data['seconds']:.2f}" for o in ours)
        + "; igraph s: "
        + ", ".join(f"{o.data['seconds']:.2f}" for o in theirs)
        + f"; CPU s (median) kgraph {median([o.data['cpu'] for o in ours]):.2f} (2 threads), "
        + f"igraph {median([o.data['cpu'] for o in theirs]):.2f} (1 thread, {theirs[0].data['version']}); "
        + "kgraph's time includes importing NumPy/SciPy and its arrays from the graph, igraph's only the calls"
    )
    baseline_name = "python-igraph subset betweenness, summed over roadmaps"
    run.add(Check(GROUP, name, seconds, baseline=base, baseline_name=baseline_name, note=note, **target))
    run.scale("bridging: kgraph exact", "s", size, seconds)
    run.scale("bridging: python-igraph subset betweenness (baseline)", "s", size, base)
    overlap = len(set(ours[0].data["ids"]) & set(theirs[0].data["ids"])) / TOP
    run.add(
        Check(
            GROUP,
            f"{size}: top-{TOP} overlap, kgraph vs python-igraph",
            overlap,
            "share",
            limit=1.0,
            op=">=",
            note="the same nodes in both top 50s (kgraph breaks ties by roadmap reach, igraph here by id)",
        )
    )
    if "scores" in ours[0].data and "scores" in theirs[0].data:
        gap = _agreement(ours[0].data["scores"], theirs[0].data["scores"])
        run.add(
            Check(
                GROUP,
                f"{size}: scores, largest difference kgraph vs python-igraph",
                gap,
                "",
                limit=AGREEMENT,
                op="<",
                note=f"relative to the largest score, over all {len(theirs[0].data['scores']):,} nodes",
            )
        )


def bridging_igraph(run) -> None:
    """kgraph's exact bridging against python-igraph on 1k and 10k, in the same run."""
    sizes = [size for size in run.settings.sizes if size in SIZES]
    if importlib.util.find_spec("igraph") is None:
        run.add(
            Check(
                GROUP,
                "exact bridging against python-igraph",
                note="python-igraph is not installed: pip install -e '.[bench]' (a benchmark dependency only)",
            )
        )
        return
    for size in sizes:
        ours, theirs = _runs(run, size)
        _compare(run, size, ours, theirs)


SUITES = (("bridging_igraph", bridging_igraph),)
"""(name, function(run)) pairs, run after bench.suites.SUITES."""
