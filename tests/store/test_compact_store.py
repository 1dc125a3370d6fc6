"""The compact store: a graph read lazily from it answers exactly as the graph built in memory.

Every command the CLI answers from the store (plan, path, next, show, order, info, progress) is
compared on the built-in data, on generated graphs (hypothesis) and through the CLI itself.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

import kgraph
from kgraph.analysis.precompute import precomputed_answers
from kgraph.analysis.progress import progress_summary
from kgraph.errors import KgraphError
from kgraph.pipeline import open_graph
from kgraph.store import cache
from kgraph.store.compact import Damaged, Store, write_store
from kgraph.store.graph_store import StoreGraph, full_graph, graph_sections
from tests.analysis.graphs import plan_cases
from tests.conftest import roadmap_doc, write_yaml


def stored(G: nx.MultiDiGraph, folder) -> StoreGraph:
    """``G`` written to a store file in ``folder`` and opened lazily."""
    path = folder / f"g{id(G)}.kgs"
    write_store(path, graph_sections(G, precomputed_answers(G)))
    return StoreGraph(Store(path))


def outcome(call, *args, **kwargs):
    """A call's result as plain data, or the error it raised (type and message)."""
    try:
        return call(*args, **kwargs).to_dict()
    except KgraphError as exc:
        return (type(exc).__name__, str(exc))


def _topics(G) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("kind") == "topic"]


def same_answers(G, L, rng: random.Random, rounds: int = 40) -> None:
    """Plans, paths, next, show, order, info and progress on ``G`` and on its store ``L``."""
    topics = _topics(G)
    for goal in rng.sample(topics, min(rounds, len(topics))):
        for recommended in (False, True):
            assert outcome(kgraph.learning_plan, L, [goal], with_recommended=recommended) == outcome(
                kgraph.learning_plan, G, [goal], with_recommended=recommended
            ), goal
        known = rng.sample(topics, min(3, len(topics)))
        assert outcome(kgraph.learning_plan, L, [goal], known=known) == outcome(
            kgraph.learning_plan, G, [goal], known=known
        )
        assert outcome(kgraph.topic_details, L, goal) == outcome(kgraph.topic_details, G, goal)
        below = sorted(nx.descendants(G, goal) & set(topics))
        for source in [*rng.sample(below, min(2, len(below))), rng.choice(topics)]:
            for any_edge in (False, True):
                assert outcome(kgraph.learning_path, L, source, goal, k=2, any_edge=any_edge) == outcome(
                    kgraph.learning_path, G, source, goal, k=2, any_edge=any_edge
                ), (source, goal)
    for _ in range(rounds):
        known = rng.sample(topics, min(rng.randint(0, 5), len(topics)))
        progress = {t: rng.choice(["done", "learning", "skipped"]) for t in rng.sample(topics, min(3, len(topics)))}
        for top in (3, None):
            assert outcome(kgraph.next_topics, L, known=known, progress=progress, top=top) == outcome(
                kgraph.next_topics, G, known=known, progress=progress, top=top
            )
        assert outcome(progress_summary, L, progress) == outcome(progress_summary, G, progress)
    assert outcome(kgraph.graph_info, L) == outcome(kgraph.graph_info, G)
    roadmaps = sorted({G.nodes[t]["roadmap"] for t in topics})
    assert outcome(kgraph.prerequisite_order, L) == outcome(kgraph.prerequisite_order, G)
    for roadmap in roadmaps[:3]:
        assert outcome(kgraph.prerequisite_order, L, roadmaps=[roadmap]) == outcome(
            kgraph.prerequisite_order, G, roadmaps=[roadmap]
        )


def test_builtin_data_answers_the_same_from_the_store(builtin_graph, tmp_path):
    G = nx.MultiDiGraph(builtin_graph)  # its own copy: views are cached per graph object
    L = stored(G, tmp_path)
    same_answers(G, L, random.Random(5), rounds=60)
    for ref in ("kubernetes:HPA", "RBAC", "docker", "Terrafrom State", "docker/core-competencies"):
        assert outcome(_refs, L, ref) == outcome(_refs, G, ref)


class _Refs(list):
    def to_dict(self):
        return list(self)


def _refs(G, ref) -> _Refs:
    return _Refs(kgraph.resolve_topics(G, ref))


def test_a_lazy_read_touches_only_what_the_question_needs(builtin_graph, tmp_path):
    L = stored(nx.MultiDiGraph(builtin_graph), tmp_path)
    kgraph.learning_plan(L, ["topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"])
    decoded = len(L._node._made)
    assert 0 < decoded < L.number_of_nodes() / 5, decoded


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=plan_cases(knowledge=True))
def test_generated_graphs_answer_the_same_from_the_store(case, tmp_path_factory):
    G, goals, known = case
    L = stored(G, tmp_path_factory.mktemp("store"))
    assert outcome(kgraph.learning_plan, L, goals, known=known) == outcome(kgraph.learning_plan, G, goals, known=known)
    same_answers(G, L, random.Random(len(G)), rounds=6)


@pytest.mark.parametrize("seed", [1, 7, 23])
def test_the_whole_graph_comes_back_order_included(seed, tmp_path):
    from tests.store.test_neo4j import generated_graph

    G = generated_graph(seed)
    back = full_graph(stored(G, tmp_path).store)
    assert list(back.nodes(data=True)) == list(G.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    assert all(list(back.pred[n]) == list(G.pred[n]) for n in G)
    assert back.graph == G.graph


def test_a_damaged_chunk_is_found_before_use(tmp_path):
    from tests.store.test_neo4j import generated_graph

    G = generated_graph(3)
    path = tmp_path / "g.kgs"
    write_store(path, graph_sections(G, precomputed_answers(G)))
    data = path.read_bytes()
    path.write_bytes(data.replace(b"topic 1 of alpha", b"topic 9 of alpha"))
    L = StoreGraph(Store(path))
    with pytest.raises(Damaged):
        L.nodes["topic:alpha/core/t1"]
    path.write_bytes(data[:-10])
    with pytest.raises(Damaged, match="truncated"):
        Store(path)


def test_cli_answers_the_same_with_and_without_the_store(run, tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    progress = tmp_path / "p.yaml"
    progress.write_text("topic:docker/core-competencies/image-building: done\nkubernetes:RBAC: learning\n")
    commands = [
        ["plan", "kubernetes:HPA", "--no-progress"],
        ["plan", "Terraform State", "--progress", str(progress), "--format", "json"],
        ["plan", "kubernetes:HPA", "--hours-per-week", "5", "--start", "2026-01-05", "--no-progress"],
        ["next", "--progress", str(progress), "--top", "5"],
        ["next", "--known", "docker", "--no-progress", "--format", "csv"],
        ["path", "Image Building", "Rolling Updates"],
        ["show", "RBAC", "--format", "json"],
        ["order", "--roadmap", "terraform"],
        ["info", "--format", "json"],
        ["progress", "show", "--file", str(progress)],
        ["plan", "kubernets:HAP", "--no-progress"],
        ["show", "no such topic at all"],
    ]
    run("info")  # fills the cache
    assert list((tmp_path / "cache").glob("graph-*.kgs"))
    for args in commands:
        lazy, built = run(*args), run("--no-cache", *args)
        assert (lazy.exit_code, lazy.stdout) == (built.exit_code, built.stdout), args


def test_an_edited_entry_is_rebuilt_while_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_yaml(tmp_path / "p" / "d.yaml", roadmap_doc("d")).parent
    kgraph.load_graph([folder], builtin=False, use_entry_points=False)
    (entry,) = cache.cache_dir().glob("graph-*.kgs")
    entry.write_bytes(entry.read_bytes().replace(b"First steps", b"Other steps"))
    L = open_graph([folder], builtin=False, use_entry_points=False)
    assert isinstance(L, StoreGraph)
    assert L.nodes["topic:d/core/basics"]["description"] == "First steps"
    assert b"Other steps" not in entry.read_bytes() and b"First steps" in entry.read_bytes()


def test_the_cache_key_covers_the_code_that_fills_an_entry():
    from pathlib import Path

    root = Path(kgraph.__file__).parent
    assert all((root / name).is_file() for name in cache.STORE_MODULES)
