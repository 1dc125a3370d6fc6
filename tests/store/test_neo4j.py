"""Neo4j push, pull, status and the query library against a real server (no mocks).

Every expectation is computed from the graph with NetworkX, never written down, so the
tests hold for whatever the curated roadmaps contain. They run on the built-in graph and on
a generated one (REQUIRES chains across roadmaps, any-of groups, subtopics, concepts) so the
queries are exercised even while the built-in prerequisites are sparse.
"""

from __future__ import annotations

import io
import itertools
import json
import random
from collections import Counter

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgraph
from kgraph.analysis.knowledge import implied, known_parts
from kgraph.analysis.prereqs import prereq_view
from kgraph.errors import ConnectionFailed, MissingParameter, QueryError, WriteNotAllowed
from kgraph.model import requires_subgraph
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store import neo4j as store
from kgraph.store.files import read_graph

pytestmark = pytest.mark.neo4j

_LOADED: dict[str, object] = {"name": None}


def load_db(driver, settings, G, name: str):
    """Make the database hold exactly ``G`` (wipe and push, unless ``name`` is loaded already)."""
    if _LOADED["name"] != name:
        _LOADED["name"] = None
        store.push_graph(driver, G, database=settings.database, wipe_first=True)
        _LOADED["name"] = name
    return G


def edges_of(G):
    return sorted((u, v, k, json.dumps(d, sort_keys=True)) for u, v, k, d in G.edges(keys=True, data=True))


def assert_same_graph(pulled, G):
    assert dict(pulled.nodes(data=True)) == dict(G.nodes(data=True))
    assert edges_of(pulled) == edges_of(G)


def counts_by_label(G):
    counts = Counter(G.nodes[n]["kind"].capitalize() for n in G)
    return {kind.label: counts.get(kind.label, 0) for kind in NodeKind}


def counts_by_type(G):
    counts = Counter(k for _, _, k in G.edges(keys=True))
    return {kind.value: counts.get(kind.value, 0) for kind in EdgeKind}


# ---------------------------------------------------------------- a generated roadmap graph


def generated_graph(seed: int = 7) -> nx.MultiDiGraph:
    """A graph shaped like the model's: 3 roadmaps, topics and subtopics, a REQUIRES DAG that
    crosses roadmaps (with any-of groups), levels, concepts and MENTIONS, an integration."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()

    def edge(u, v, kind, **attrs):
        G.add_edge(u, v, key=kind, kind=kind, **attrs)

    levels = ["beginner", "intermediate", "advanced", "expert"]
    for rank, level in enumerate(levels):
        G.add_node(f"level:{level}", kind="level", name=level.title(), description=f"{level} work", rank=rank)
    topics = []
    for r in ("alpha", "beta", "gamma"):
        rid = f"roadmap:{r}"
        G.add_node(rid, kind="roadmap", name=r.title(), source=f"{r}.yaml", services=["one", "two"])
        for c in ("core", "ops"):
            cid = f"category:{r}/{c}"
            G.add_node(cid, kind="category", name=c.title(), roadmap=rid)
            edge(rid, cid, "HAS_CATEGORY")
            for i in range(6):
                tid = f"topic:{r}/{c}/t{i}"
                level = levels[min(3, i // 2)]
                attrs = {"roadmap": rid, "category": cid, "description": f"topic {i} of {r}"}
                G.add_node(tid, kind="topic", name=f"{r} {c} {i}", level=level, effort_hours=1 + i, **attrs)
                edge(cid, tid, "HAS_TOPIC")
                edge(tid, f"level:{level}", "AT_LEVEL")
                topics.append(tid)
                if i % 3 == 0:
                    sid = f"{tid}/sub"
                    G.add_node(sid, kind="topic", name=f"{r} {c} {i} sub", parent=tid, level=level, **attrs)
                    edge(sid, tid, "PART_OF")
                    edge(sid, f"level:{level}", "AT_LEVEL")
                    topics.append(sid)
    # REQUIRES: only towards earlier topics in a shuffled order, so the graph stays acyclic;
    # some recommended, some needing a part, some in any-of groups (half with a default).
    order = topics[:]
    rng.shuffle(order)
    for index, tid in enumerate(order[1:], start=1):
        earlier = order[:index]
        targets = rng.sample(earlier, k=min(len(earlier), rng.choice([0, 1, 1, 2, 3])))
        for j, target in enumerate(targets):
            attrs = {"reason": f"needs {target}", "strength": "essential"}
            effort = G.nodes[target].get("effort_hours")
            roll = rng.random()
            if roll < 0.2:
                attrs["strength"] = "recommended"
            elif roll < 0.4 and effort:
                attrs |= {"needs": f"a part of {target}", "hours": effort / 2}
            edge(tid, target, "REQUIRES", **attrs)
            if j == 0 and len(earlier) > 3 and rng.random() < 0.3:
                alternative = rng.choice([t for t in earlier if t not in targets])
                group = f"{tid.split(':', 1)[1]}#{j}"
                shared = {"group": group, "strength": attrs["strength"]}
                if rng.random() < 0.5:
                    shared["default"] = rng.choice([target, alternative])
                G.edges[tid, target, "REQUIRES"].update(shared)
                G.edges[tid, target, "REQUIRES"].pop("needs", None)
                G.edges[tid, target, "REQUIRES"].pop("hours", None)
                edge(tid, alternative, "REQUIRES", reason="either one", **shared)
    for tid in topics[::4]:
        G.nodes[tid]["vendor"] = "acme"
    for k in range(8):
        cid = f"concept:c{k}"
        G.add_node(cid, kind="concept", name=f"Concept {k}", aliases=[f"c{k}", f"C-{k}"] if k % 2 else [])
        for tid in rng.sample(topics, k=rng.randint(1, 6)):
            edge(tid, cid, "MENTIONS")
    G.add_node(
        "integration:alpha+beta/0",
        kind="integration",
        name="Run alpha on beta",
        group="Alpha + Beta",
        roadmaps=["roadmap:alpha", "roadmap:beta"],
    )
    edge("integration:alpha+beta/0", "roadmap:alpha", "INTEGRATES")
    edge("integration:alpha+beta/0", "roadmap:beta", "INTEGRATES")
    assert nx.is_directed_acyclic_graph(requires_subgraph(G))
    return G


@pytest.fixture(scope="module")
def generated():
    return generated_graph()


@pytest.fixture(params=["builtin", "generated"])
def loaded(request, neo4j_driver, neo4j_env):
    """(name, graph) with the database holding exactly that graph."""
    G = request.getfixturevalue("builtin_graph" if request.param == "builtin" else "generated")
    return load_db(neo4j_driver, neo4j_env, G, request.param)


def query_rows(run, name, *params):
    args = ["query", name, "--format", "json"]
    for param in params:
        args += ["-p", param]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------- push / pull


def test_push_twice_gives_identical_counts(neo4j_driver, neo4j_settings, builtin_graph):
    G = builtin_graph
    db = neo4j_settings.database
    _LOADED["name"] = None
    first = store.push_graph(neo4j_driver, G, database=db, wipe_first=True)
    after_first = store.server_status(neo4j_driver, database=db)
    second = store.push_graph(neo4j_driver, G, database=db, batch_size=97)
    after_second = store.server_status(neo4j_driver, database=db)
    _LOADED["name"] = "builtin"

    assert (first.nodes_created, first.relationships_created) == (G.number_of_nodes(), G.number_of_edges())
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert (second.nodes_updated, second.relationships_updated) == (G.number_of_nodes(), G.number_of_edges())
    assert second.batches > first.batches
    for status in (after_first, after_second):
        assert status.nodes == counts_by_label(G)
        assert status.relationships == counts_by_type(G)


def test_push_then_pull_gives_the_built_graph(neo4j_driver, neo4j_settings, builtin_graph):
    G = load_db(neo4j_driver, neo4j_settings, builtin_graph, "builtin")
    pulled = store.pull_graph(neo4j_driver, database=neo4j_settings.database)
    assert_same_graph(pulled, G)
    assert list(pulled.nodes) == list(G.nodes)  # the pushed order comes back too
    assert list(pulled.edges(keys=True)) == list(G.edges(keys=True))


def test_imported_roadmap_round_trips_links_resources_and_origin(neo4j_driver, neo4j_settings, tmp_path):
    """An import of roadmap.sh (invented fixture) with the built-in data: SAME_AS edges, the
    carried-over prerequisites (``via``), resources, flags and origin come back as pushed."""
    from kgraph.plugins.roadmapsh import import_roadmapsh
    from tests.plugins.test_roadmapsh import make_checkout
    from tests.plugins.test_roadmapsh_link import _checkout

    out = tmp_path / "out"
    checkout = make_checkout(_checkout(tmp_path / "checkout"))
    import_roadmapsh(checkout, out, roadmaps=["kubernetes", "widget"])
    G = kgraph.load_graph([out], use_entry_points=False, use_env=False)
    assert any(k == EdgeKind.SAME_AS for _, _, k in G.edges(keys=True))
    _LOADED["name"] = None
    store.push_graph(neo4j_driver, G, database=neo4j_settings.database, wipe_first=True)
    pulled = store.pull_graph(neo4j_driver, database=neo4j_settings.database)
    assert_same_graph(pulled, G)
    alpha = pulled.nodes["topic:rs-widget/topics/alpha-basics"]
    assert alpha["resources"][0]["url"] == "https://example.com/alpha" and alpha["origin"]["source"] == "roadmap.sh"
    assert pulled.nodes["topic:rs-widget/topics/alpha-basics/alpha-part"]["flags"] == ["any-order"]


def test_push_and_pull_draw_progress_when_it_is_on(neo4j_driver, neo4j_settings, builtin_graph, monkeypatch):
    """As on a terminal (progress on, drawn at once): a bar for the push and one for the pull."""
    from kgraph._util import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.002)
    stream = io.StringIO()
    progress.enable(stream)
    try:
        _LOADED["name"] = None
        store.push_graph(neo4j_driver, builtin_graph, database=neo4j_settings.database, wipe_first=True)
        _LOADED["name"] = "builtin"
        pulled = store.pull_graph(neo4j_driver, database=neo4j_settings.database)
    finally:
        progress.disable()
    assert_same_graph(pulled, builtin_graph)
    drawn = stream.getvalue()
    assert "Pushing to Neo4j" in drawn and "Pulling from Neo4j" in drawn
    total = builtin_graph.number_of_nodes() + builtin_graph.number_of_edges()
    assert f"/{total:,} rows" in drawn and drawn.endswith("\r\x1b[K")


def test_multi_edges_and_unstorable_values_round_trip(neo4j_driver, neo4j_settings):
    G = nx.MultiDiGraph()
    G.add_node("topic:x/c/a", kind="topic", name="A", roadmap="roadmap:x", effort_hours=2.5, level="beginner")
    G.add_node(
        "topic:x/c/b",
        kind="topic",
        name="B",
        extra={"nested": {"map": [1, "two", None]}, "n": 3},
        maybe=None,
        holes=["a", None],
        mixed=[1, "one", 1.5],
        numbers=[1, 2.0],
        flags=[True, False],
        empty=[],
        nested=[[1, 2], [3]],
        huge=2**70,
        unicode="Grüße, 東京 🚀",
    )
    G.add_node("roadmap:x", kind="roadmap", name="X", services=["s3", "ec2"], topics=[])
    # Two edges of different kinds between the same pair: both must survive.
    G.add_edge("topic:x/c/b", "topic:x/c/a", key="REQUIRES", kind="REQUIRES", reason="why", group="x/c/b#0")
    G.add_edge("topic:x/c/b", "topic:x/c/a", key="PART_OF", kind="PART_OF", weight={"w": 1})
    G.add_edge("topic:x/c/a", "topic:x/c/b", key="REQUIRES", kind="REQUIRES")
    _LOADED["name"] = None
    store.push_graph(neo4j_driver, G, database=neo4j_settings.database, wipe_first=True)
    pulled = store.pull_graph(neo4j_driver, database=neo4j_settings.database)
    assert_same_graph(pulled, G)
    assert pulled.number_of_edges("topic:x/c/b", "topic:x/c/a") == 2
    assert {type(v) for v in pulled.nodes["topic:x/c/b"]["numbers"]} == {int, float}

    # A second push of a changed graph leaves no stale property behind.
    H = G.copy()
    del H.nodes["topic:x/c/b"]["extra"]
    H.nodes["topic:x/c/b"]["maybe"] = "now a string"
    del H.edges["topic:x/c/b", "topic:x/c/a", "PART_OF"]["weight"]
    summary = store.push_graph(neo4j_driver, H, database=neo4j_settings.database)
    assert summary.nodes_created == 0
    assert_same_graph(store.pull_graph(neo4j_driver, database=neo4j_settings.database), H)


HOSTILE = [
    'it\'s "quoted"',
    "back`tick`` `) DETACH DELETE n //",
    "{braces: $param} {{double}}",
    "// not a comment /* nor this */",
    "line one\nline two\r\nthree\ttab",
    "MATCH (n) DETACH DELETE n; RETURN 1",
    "Ünïcödé — 日本語 — emoji 🚀 — rtl עברית",
    "\\backslash\\ and \\' escaped",
    "",
]


def test_hostile_strings_round_trip(neo4j_driver, neo4j_settings, run, neo4j_env, tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("roadmap:h", kind="roadmap", name="H", patterns=HOSTILE)
    for i, text in enumerate(HOSTILE):
        node = f"topic:h/c/{i}-{text}"
        G.add_node(node, kind="topic", name=text, description=text[::-1], roadmap="roadmap:h", **{f"k {text}": i})
        G.add_edge(node, "roadmap:h", key="MENTIONS", kind="MENTIONS", reason=text)
    _LOADED["name"] = None
    store.push_graph(neo4j_driver, G, database=neo4j_settings.database, wipe_first=True)
    assert_same_graph(store.pull_graph(neo4j_driver, database=neo4j_settings.database), G)
    # The same through the CLI, and a hostile value as a query parameter.
    out = tmp_path / "pulled.json"
    assert run("neo4j", "pull", "-o", out).exit_code == 0
    assert_same_graph(read_graph(out), G)
    cypher = tmp_path / "by_name.cypher"
    cypher.write_text("MATCH (t:Topic {name: $name}) RETURN t.id AS id, t.description AS description\n")
    for text in HOSTILE:
        rows = query_rows(run, str(cypher), f"name:={json.dumps(text)}")
        assert rows == [{"id": f"topic:h/c/{HOSTILE.index(text)}-{text}", "description": text[::-1]}]


_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
_KEY = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=10)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=_TEXT,
    values=st.dictionaries(
        _KEY.filter(lambda k: k not in ("id", "kind", "name") and not k.startswith("_kgraph_")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=3),
            max_leaves=8,
        ),
        max_size=4,
    ),
)
def test_any_attributes_round_trip(neo4j_driver, neo4j_database, name, values):
    G = nx.MultiDiGraph()
    G.add_node("concept:p", kind="concept", name=name, **values)
    G.add_node("topic:p/c/t", kind="topic", name=name[::-1])
    G.add_edge("topic:p/c/t", "concept:p", key="MENTIONS", kind="MENTIONS", **values)
    _LOADED["name"] = None
    store.push_graph(neo4j_driver, G, database=neo4j_database, wipe_first=True)
    assert_same_graph(store.pull_graph(neo4j_driver, database=neo4j_database), G)


# ---------------------------------------------------------------- the CLI


def test_cli_push_status_pull(run, neo4j_env, tmp_path):
    G = kgraph.load_graph(use_entry_points=False)  # here: roadmap `source` paths depend on the working folder
    _LOADED["name"] = None
    first = run("neo4j", "push", "--wipe", "--format", "json")
    assert first.exit_code == 0, first.output
    second = run("neo4j", "push", "--batch-size", "50")
    assert second.exit_code == 0, second.output
    summary = json.loads(first.stdout)
    assert (summary["nodes_created"], summary["relationships_created"]) == (G.number_of_nodes(), G.number_of_edges())
    assert first.stderr == ""  # no progress bar when stderr is not a terminal
    lines = {line.split()[0]: line.split()[1:] for line in second.stdout.splitlines()[1:]}
    assert lines["nodes"] == [str(G.number_of_nodes()), "0", str(G.number_of_nodes())]
    assert lines["relationships"] == [str(G.number_of_edges()), "0", str(G.number_of_edges())]
    assert second.stdout.startswith(f"pushed to {neo4j_env.address}")

    status = run("neo4j", "status", "--format", "json")
    assert status.exit_code == 0, status.output
    info = json.loads(status.stdout)
    assert info["nodes"] == counts_by_label(G) and info["relationships"] == counts_by_type(G)
    assert info["version"].startswith("5.") and info["edition"] == "community"
    assert info["uri"] == neo4j_env.address
    text = run("neo4j", "status")
    assert "Topic" in text.stdout and "REQUIRES" in text.stdout
    for result in (first, second, status, text):
        assert neo4j_env.password not in result.output

    out = tmp_path / "graph.json"
    pulled = run("neo4j", "pull", "-o", out)
    assert pulled.exit_code == 0 and pulled.stdout == ""
    assert_same_graph(read_graph(out), G)
    summary_text = run("neo4j", "pull")
    assert f"pulled {G.number_of_nodes()} nodes and {G.number_of_edges()} edges" in summary_text.stdout


def test_source_neo4j_gives_the_same_answers(run, neo4j_env, neo4j_driver, builtin_graph):
    load_db(neo4j_driver, neo4j_env, builtin_graph, "builtin")
    assert run("info", "--source", "neo4j", "--format", "json").stdout == run("info", "--format", "json").stdout
    topic = next(n for n, d in builtin_graph.nodes(data=True) if d["kind"] == "topic")
    from_neo4j = run("show", topic, "--source", "neo4j", "--format", "json")
    assert from_neo4j.exit_code == 0, from_neo4j.output
    assert json.loads(from_neo4j.stdout) == json.loads(run("show", topic, "--format", "json").stdout)
    assert run("show", topic, "--source", "neo4j").stdout == run("show", topic).stdout
    mixed = run("info", "--source", "neo4j", "--no-builtin")
    assert mixed.exit_code == 2 and "--source neo4j" in mixed.stderr


# ---------------------------------------------------------------- the query library vs NetworkX


def _reachable(G, topic, recommended=False, *, reverse=False):
    """What the query library's walks should find, from :func:`prereq_view`: topic -> (depth,
    edges into it from topics whose own prerequisites the walk follows). A part needed from a
    prerequisite does not lead on to that prerequisite's prerequisites."""
    view = prereq_view(G, recommended=recommended)
    if reverse:
        step = {t: [(d, view.need(d, t)) for d in view.dependents.get(t, ())] for t in view.topics}
    else:
        step = {t: [(p, view.need(t, p)) for p in req.prerequisites()] for t, req in view.needs.items()}
    found: dict[str, list] = {}
    depth = {}
    frontier, seen, level = [topic], {topic}, 0
    while frontier:
        level += 1
        following = []
        for node in frontier:
            for other, need in step.get(node, ()):
                if reverse and node != topic and need.partial:
                    continue  # other needs only a part of node, not what node needs
                found.setdefault(other, []).append((node, need))
                depth.setdefault(other, level)
                if (reverse or not need.partial) and other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return {t: (depth[t], [need for _, need in sorted(needs, key=lambda pair: pair[0])]) for t, needs in found.items()}


def test_prerequisites_and_dependents(run, loaded):
    topics = sorted(prereq_view(loaded).topics)
    chosen = sorted(topics, key=lambda t: (-len(_reachable(loaded, t, True)), t))[:4] + topics[:2]
    for topic in chosen:
        for recommended in (False, True):
            flag = f"with_recommended={str(recommended).lower()}"
            rows = query_rows(run, "prerequisites", f"topic={topic}", flag)
            expected = _reachable(loaded, topic, recommended)
            assert {r["id"]: r["depth"] for r in rows} == {t: d for t, (d, _) in expected.items()}
            essential = _reachable(loaded, topic, False)
            for row in rows:
                needs = expected[row["id"]][1]
                effort = loaded.nodes[row["id"]].get("effort_hours") or 0
                if any(not n.partial for n in needs):
                    assert row["part"] is None and row["hours"] == effort
                else:
                    assert row["hours"] == min(max(n.hours for n in needs), effort)
                    assert row["part"] == "; ".join(dict.fromkeys(n.needs for n in needs))
                assert row["strength"] == ("essential" if row["id"] in essential else "recommended")
            assert [r["depth"] for r in rows] == sorted(r["depth"] for r in rows)
            dependents = query_rows(run, "dependents", f"topic={topic}", flag)
            up = _reachable(loaded, topic, recommended, reverse=True)
            assert {r["id"]: r["depth"] for r in dependents} == {t: d for t, (d, _) in up.items()}


def test_learning_path(run, loaded):
    for recommended in (False, True):
        D = prereq_view(loaded, recommended=recommended).digraph()
        lengths = dict(nx.all_pairs_shortest_path_length(D))
        pairs = [(goal, start, n) for goal, row in lengths.items() for start, n in row.items() if n > 0]
        goal, start, length = max(pairs, key=lambda p: (p[2], p[0], p[1]))
        flag = f"with_recommended={str(recommended).lower()}"
        rows = query_rows(run, "learning_path", f"from={start}", f"to={goal}", flag)
        assert [r["step"] for r in rows] == list(range(length + 1))
        assert {r["length"] for r in rows} == {length}
        [path] = kgraph.learning_path(loaded, start, goal, with_recommended=recommended)
        assert path.length == length
        assert rows[0]["id"] == start and rows[-1]["id"] == goal
        for before, after in itertools.pairwise(rows):
            need = prereq_view(loaded, recommended=recommended).need(after["id"], before["id"])
            assert (before["strength"], before["part"]) == (need.strength, need.needs)
        assert rows[-1]["strength"] is None
        # No chain the other way round (the graph is acyclic), and a topic to itself is length 0.
        assert query_rows(run, "learning_path", f"from={goal}", f"to={start}") == []
        same = query_rows(run, "learning_path", f"from={goal}", f"to={goal}")
        assert [(r["id"], r["length"]) for r in same] == [(goal, 0)]


def test_learning_plan_matches_kgraph_plan(run, loaded):
    """Where every any-of group of a plan is resolved by its default (what the Cypher plan
    follows), the Cypher plan is the NetworkX plan: topics, stages, hours and parts."""
    view = prereq_view(loaded)
    goals = sorted(view.topics, key=lambda t: (-len(_reachable(loaded, t, True)), t))
    compared = 0
    for goal in goals:
        for recommended, known in ((False, []), (True, []), (False, None)):
            if known is None:
                plan = kgraph.learning_plan(loaded, [goal])
                known = [s.topic for s in plan.steps if not s.part and s.topic != goal][:2]
                if known_parts(view, implied(view, known)):
                    continue
            plan = kgraph.learning_plan(loaded, [goal], known=known, with_recommended=recommended)
            if any(choice.rule != "default" for choice in plan.choices):
                continue
            params = [f"goal={goal}", f"with_recommended={str(recommended).lower()}", f"known:={json.dumps(known)}"]
            rows = query_rows(run, "learning_plan", *params)
            assert {r["id"]: (r["stage"], r["hours"], r["part"]) for r in rows} == {
                s.topic: (s.stage - 1, s.effort_hours, s.part) for s in plan.steps if s.topic != goal
            }
            assert [r["stage"] for r in rows] == sorted(r["stage"] for r in rows)
            compared += 1
        if compared >= 24:
            break
    assert compared >= 12


def _requires(G):
    return requires_subgraph(G)


def test_topics_by_level(run, loaded):
    topics = [d for _, d in loaded.nodes(data=True) if d["kind"] == "topic"]
    counts = Counter(d.get("level") or "(none)" for d in topics)
    effort = Counter()
    for d in topics:
        effort[d.get("level") or "(none)"] += d.get("effort_hours") or 0
    rows = query_rows(run, "topics_by_level")
    assert {r["level"]: r["topics"] for r in rows} == dict(counts)
    assert {r["level"]: r["effort_hours"] for r in rows} == pytest.approx(dict(effort))
    ranks = {n.split(":", 1)[1]: d["rank"] for n, d in loaded.nodes(data=True) if d["kind"] == "level"}
    for row in rows:
        assert row["rank"] == ranks.get(row["level"])


def test_roadmap_overview(run, loaded):
    G = loaded
    rows = {r["id"]: r for r in query_rows(run, "roadmap_overview")}
    roadmaps = [n for n, d in G.nodes(data=True) if d["kind"] == "roadmap"]
    assert set(rows) == set(roadmaps)
    for rid in roadmaps:
        topics = [n for n, d in G.nodes(data=True) if d["kind"] == "topic" and d.get("roadmap") == rid]
        requires = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "REQUIRES" and u in topics]
        expected = {
            "id": rid,
            "name": G.nodes[rid]["name"],
            "categories": sum(1 for _, _, k in G.out_edges(rid, keys=True) if k == "HAS_CATEGORY"),
            "topics": sum("parent" not in G.nodes[t] for t in topics),
            "subtopics": sum("parent" in G.nodes[t] for t in topics),
            "prerequisites": len(requires),
            "recommended": sum(d.get("strength") == "recommended" for _, _, d in requires),
            "cross_roadmap": sum(G.nodes[v].get("roadmap") != rid for _, v, _ in requires),
            "concepts": len({v for t in topics for _, v, k in G.out_edges(t, keys=True) if k == "MENTIONS"}),
            "effort_hours": pytest.approx(sum(G.nodes[t].get("effort_hours") or 0 for t in topics)),
        }
        assert rows[rid] == expected


def test_cross_roadmap_bridges(run, loaded):
    G = loaded
    roadmap = dict(G.nodes(data="roadmap"))
    mentions = [(u, v) for u, v, k in G.edges(keys=True) if k == "MENTIONS" and G.nodes[v]["kind"] == "concept"]
    concept_roadmaps: dict[str, set] = {}
    concept_links: Counter = Counter()
    for u, v in mentions:
        concept_roadmaps.setdefault(v, set()).add(roadmap[u])
        concept_links[v] += 1
    R = _requires(G)

    def hood(t):
        near = set(R.successors(t)) | set(R.predecessors(t))
        for _, c in ((u, v) for u, v in mentions if u == t):
            near |= {u for u, v in mentions if v == c}
        return {n for n in near if roadmap[n] != roadmap[t]}

    rows = query_rows(run, "cross_roadmap_bridges", "limit=5")
    concepts = [r for r in rows if r["kind"] == "concept"]
    expected = sorted((len(r) for r in concept_roadmaps.values() if len(r) >= 2), reverse=True)[:5]
    assert [r["roadmaps"] for r in concepts] == expected
    for row in concepts:
        assert set(row["roadmap_ids"]) == concept_roadmaps[row["id"]]
        assert row["links"] == concept_links[row["id"]]
    topics = [r for r in rows if r["kind"] == "topic"]
    all_topics = [n for n, d in G.nodes(data=True) if d["kind"] == "topic"]
    joined = {t: {roadmap[t]} | {roadmap[n] for n in hood(t)} for t in all_topics}
    expected = sorted((len(r) for r in joined.values() if len(r) >= 2), reverse=True)[:5]
    assert [r["roadmaps"] for r in topics] == expected
    for row in topics:
        assert set(row["roadmap_ids"]) == joined[row["id"]]
        assert row["links"] == len(hood(row["id"]))
    assert len(query_rows(run, "cross_roadmap_bridges")) <= 20  # the default limit: 10 of each kind


# ---------------------------------------------------------------- errors


def test_wrong_password_exits_3_without_the_password(run, neo4j_env):
    wrong = "kgraph-wrong-password-4711"
    result = run("neo4j", "status", "--password", wrong)
    assert result.exit_code == 3
    assert result.stderr.startswith("kgraph: ") and len(result.stderr.strip().splitlines()) == 1
    assert "refused the credentials" in result.stderr
    assert wrong not in result.output and neo4j_env.password not in result.output
    assert "Traceback" not in result.output


def test_unknown_database_exits_3(run, neo4j_env):
    result = run("query", "roadmap_overview", "--database", "no-such-db")
    assert result.exit_code == 3
    assert "no database 'no-such-db'" in result.stderr


def test_bad_cypher_exits_2_with_one_line(run, neo4j_env, tmp_path):
    bad = tmp_path / "bad.cypher"
    bad.write_text("MATCH (n:Topic) RETURN n LIMT 3\n")
    result = run("query", bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgraph: Cypher syntax error: Invalid input 'LIMT'")
    assert "(line 1, column" in lines[0]


def test_missing_parameter_exits_2(run, neo4j_env, neo4j_driver, tmp_path):
    result = run("query", "prerequisites")
    assert result.exit_code == 2
    assert "$topic" in result.stderr and "-p topic=" in result.stderr
    with pytest.raises(MissingParameter) as info:  # checked before sending
        store.run_cypher(neo4j_driver, "RETURN $x AS x, $y AS y", {"x": 1})
    assert info.value.names == ["y"]
    session = neo4j_driver.session(database=neo4j_env.database)
    with pytest.raises(MissingParameter) as info, store.neo4j_errors(), session:  # Neo4j's own error, mapped
        session.run("RETURN $hidden AS x").consume()
    assert info.value.names == ["hidden"]


def test_write_needs_write_flag(run, neo4j_env, neo4j_driver, tmp_path):
    create = tmp_path / "create.cypher"
    create.write_text("CREATE (s:KgraphTestScratch {name: $name}) RETURN s.name AS name\n")
    refused = run("query", create, "-p", "name=x")
    assert refused.exit_code == 2
    assert "--write" in refused.stderr
    count = "MATCH (s:KgraphTestScratch) RETURN count(s) AS n"
    assert store.run_cypher(neo4j_driver, count, database=neo4j_env.database).rows() == [{"n": 0}]
    with pytest.raises(WriteNotAllowed):
        store.run_cypher(neo4j_driver, "CREATE (:KgraphTestScratch)", database=neo4j_env.database)
    try:
        done = run("query", create, "-p", "name=x", "--write", "--format", "json")
        assert done.exit_code == 0, done.output
        assert json.loads(done.stdout) == [{"name": "x"}]
        assert "nodes created: 1" in done.stderr
        assert store.run_cypher(neo4j_driver, count, database=neo4j_env.database).rows() == [{"n": 1}]
        # A query from stdin; a write without RETURN prints only its counters (on stderr).
        stdin = run("query", "-", "--write", input="MATCH (s:KgraphTestScratch) SET s.seen = true")
        assert stdin.exit_code == 0, stdin.output
        assert stdin.stdout == "" and stdin.stderr == "kgraph: properties set: 1\n"
    finally:
        store.run_cypher(neo4j_driver, "MATCH (s:KgraphTestScratch) DELETE s", database=neo4j_env.database, write=True)


def test_query_results_convert_nodes_relationships_paths(neo4j_driver, neo4j_env, generated):
    load_db(neo4j_driver, neo4j_env, generated, "generated")
    u, v = next((u, v) for u, v, k in generated.edges(keys=True) if k == "REQUIRES")
    result = store.run_cypher(
        neo4j_driver,
        "MATCH p = (a:Topic {id: $u})-[r:REQUIRES]->(b:Topic {id: $v}) RETURN a, r, p, [a.id, b.id] AS ids",
        {"u": u, "v": v},
        database=neo4j_env.database,
    )
    [row] = result.rows()
    assert result.columns == ["a", "r", "p", "ids"]
    assert row["a"] == {"id": u, **generated.nodes[u]}
    expected_rel = {k: val for k, val in generated.edges[u, v, "REQUIRES"].items() if k != "kind"}
    assert row["r"] == {"type": "REQUIRES", "source": u, "target": v, **expected_rel}
    assert [n["id"] for n in row["p"]["nodes"]] == [u, v] and row["p"]["relationships"] == [row["r"]]
    assert row["ids"] == [u, v]


def test_store_errors_are_typed(neo4j_driver, neo4j_env):
    with pytest.raises(QueryError, match="syntax"):
        store.run_cypher(neo4j_driver, "RETURN (", database=neo4j_env.database)
    with pytest.raises(QueryError, match="one Cypher statement"):
        store.run_cypher(neo4j_driver, "RETURN 1; RETURN 2", database=neo4j_env.database)
    with pytest.raises(ConnectionFailed):
        store.run_cypher(neo4j_driver, "RETURN 1", database="no-such-db")
