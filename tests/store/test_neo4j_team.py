"""A team in Neo4j: ``kgraph neo4j push --team DIR`` writes ``(:Person)-[:KNOWS {state}]->(:Topic)``,
and the queries ``team_coverage`` and ``bus_factor`` answer what ``team_matrix`` and ``team_risks``
answer in NetworkX (no mocks).

Every expectation is computed from the graph and the progress files written here, never
written down. Each test pushes its own graph (``wipe_first``): the database holds whatever the
last test pushed.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest
import yaml

import kgraph
from kgraph.analysis.prereqs import prereq_view
from kgraph.analysis.team import team_matrix, team_risks
from kgraph.errors import InputError, TopicNotFound
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store import neo4j as store
from kgraph.store.queries import load_query
from kgraph.store.team import DEFAULT_HOURS_PER_WEEK, load_team
from kgraph.store.team_graph import add_team, people, person_id, prune_team, without_team
from tests.store import test_neo4j
from tests.store.test_neo4j import assert_same_graph, counts_by_label, counts_by_type, generated_graph, query_rows

pytestmark = pytest.mark.neo4j

HANDLES = ("ana", "bo", "cy", "dee")
SETTINGS = {"members": {"ana": {"name": "Ana Lima", "hours_per_week": 4}, "bo": {"hours_per_week": 6.5}}}


# ---------------------------------------------------------------- a team of four


def four_people(G: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """Progress of four people over ``G``'s roadmaps: per roadmap one expert (its three most
    depended-on topics, done by nobody else), two people sharing the next two topics, one
    learning the one after and the expert skipping the next; so some roadmaps have one
    holder, others several, and some topics one holder, others two."""
    reach = prereq_view(G).reach_counts()
    by_roadmap: dict[str, list[str]] = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") == NodeKind.TOPIC:
            by_roadmap.setdefault(data["roadmap"], []).append(node)
    team: dict[str, dict[str, str]] = {h: {} for h in HANDLES}
    for i, (_, topics) in enumerate(sorted(by_roadmap.items())):
        topics = sorted(topics, key=lambda t: (-reach.get(t, 0), t))
        expert, first, second, third = (HANDLES[(i + k) % 4] for k in range(4))
        for topic in topics[:3]:
            team[expert][topic] = "done"
        if i % 2 == 0:  # every other roadmap is known by its expert alone
            continue
        for topic in topics[3:5]:
            team[first][topic] = team[second][topic] = "done"
        for topic in topics[5:6]:
            team[third][topic] = "learning"
        for topic in topics[6:7]:
            team[expert][topic] = "skipped"
    return team


def write_team(folder: Path, team: dict[str, dict[str, str]], settings=SETTINGS) -> Path:
    """A team folder: ``HANDLE.yaml`` progress files and ``team.yaml``."""
    folder.mkdir(parents=True, exist_ok=True)
    for handle, topics in team.items():
        (folder / f"{handle}.yaml").write_text(yaml.safe_dump({"topics": topics}), encoding="utf-8")
    if settings is not None:
        members = {h: s for h, s in settings["members"].items() if h in team}
        (folder / "team.yaml").write_text(yaml.safe_dump({"members": members}), encoding="utf-8")
    return folder


def push(driver, settings, G: nx.MultiDiGraph) -> None:
    """Make the database hold exactly ``G`` (and tell test_neo4j its cached graph is gone)."""
    test_neo4j._LOADED["name"] = None
    store.push_graph(driver, G, database=settings.database, wipe_first=True)
    if people(G):
        prune_team(driver, G, database=settings.database)


def expected_coverage(G, team) -> list[dict]:
    """team_matrix's coverage of every roadmap, in the query's order (name, then id)."""
    rows = [vars(c).copy() for c in team_matrix(G, team).coverage]
    return sorted(rows, key=lambda r: (r["name"], r["roadmap"]))


def expected_single(G, team) -> list[dict]:
    """team_risks' single-holder topics (no targets: most dependents first, then name), with
    the holder's display name."""
    names = getattr(team, "names", {})
    rows = []
    for s in team_risks(G, team).single:
        row = {k: v for k, v in vars(s).items() if k != "needed_by_targets"}
        rows.append(row | {"holder_name": names.get(s.holder, s.holder)})
    return rows


def api_rows(driver, settings, name: str) -> list[dict]:
    return store.run_cypher(driver, load_query(name).statement, database=settings.database).rows()


def team_counts(G) -> tuple[dict, dict]:
    return counts_by_label(G), counts_by_type(G)


# ---------------------------------------------------------------- add_team (no server)


def test_add_team_adds_people_and_knows_to_a_copy(builtin_graph, tmp_path):
    G = builtin_graph
    size = (G.number_of_nodes(), G.number_of_edges())
    plan = four_people(G)
    team = load_team(write_team(tmp_path / "team", plan), G)
    H = add_team(G, team)
    assert (G.number_of_nodes(), G.number_of_edges()) == size and not people(G)  # G is left alone
    assert people(H) == [person_id(h) for h in team] == [f"person:{h}" for h in sorted(plan)]
    for handle, member in team.members.items():
        assert H.nodes[person_id(handle)] == {
            "kind": "person",
            "handle": handle,
            "name": member.name,
            "hours_per_week": member.hours_per_week,
        }
        knows = {v: d for _, v, k, d in H.out_edges(person_id(handle), keys=True, data=True)}
        assert knows == {t: {"kind": "KNOWS", "state": s} for t, s in plan[handle].items()}
    assert H.nodes["person:ana"]["name"] == "Ana Lima" and H.nodes["person:bo"]["hours_per_week"] == 6.5
    assert H.number_of_nodes() == size[0] + len(plan)
    assert H.number_of_edges() == size[1] + sum(map(len, plan.values()))
    assert {k for _, _, k in H.in_edges(person_id("ana"), keys=True)} == set()  # people are only sources
    assert all(k == EdgeKind.KNOWS for u, _, k in H.edges(keys=True) if u.startswith("person:"))

    # Without the team, the graph is G again; a team added twice replaces the first.
    assert_same_graph(without_team(H), G)
    assert without_team(G) is G
    again = add_team(H, {"zoe": {}})
    assert people(again) == ["person:zoe"] and again.out_degree("person:zoe") == 0
    assert again.nodes["person:zoe"]["hours_per_week"] == DEFAULT_HOURS_PER_WEEK
    assert again.number_of_edges() == size[1]

    topic = next(iter(plan["ana"]))
    with pytest.raises(TopicNotFound, match="did you mean"):
        add_team(G, {"ana": {topic + "x": "done"}})
    with pytest.raises(InputError, match=r"'finished' .* is not one of done, learning, skipped"):
        add_team(G, {"ana": {topic: "finished"}})
    with pytest.raises(InputError, match="handle"):
        add_team(G, {"": {}})


def test_people_and_knows_are_storable_kinds(builtin_graph):
    H = add_team(builtin_graph, four_people(builtin_graph))
    labels, groups = store.check_graph(H)
    assert labels[-1] == "Person" and ("Person", "KNOWS", "Topic") in groups


# ---------------------------------------------------------------- push, pull, status


def test_push_with_team_and_pull_it_back(neo4j_driver, neo4j_settings, builtin_graph, tmp_path):
    G = builtin_graph
    team = load_team(write_team(tmp_path / "team", four_people(G)), G)
    H = add_team(G, team)
    push(neo4j_driver, neo4j_settings, H)
    db = neo4j_settings.database

    status = store.server_status(neo4j_driver, database=db)
    assert (status.nodes, status.relationships) == team_counts(H)
    assert status.nodes["Person"] == len(team) and status.relationships["KNOWS"] == sum(map(len, team.values()))

    with_team = store.pull_graph(neo4j_driver, database=db, team=True)
    assert_same_graph(with_team, H)
    assert list(with_team.nodes) == list(H.nodes) and list(with_team.edges(keys=True)) == list(H.edges(keys=True))
    assert_same_graph(store.pull_graph(neo4j_driver, database=db), G)  # the analyses' graph: no people

    # Pushing the same graph again changes nothing; pruning finds nothing to remove.
    again = store.push_graph(neo4j_driver, H, database=db)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert prune_team(neo4j_driver, H, database=db) == (0, 0)


def test_a_new_team_replaces_the_old_one(neo4j_driver, neo4j_settings, builtin_graph):
    G = builtin_graph
    db = neo4j_settings.database
    old = four_people(G)
    push(neo4j_driver, neo4j_settings, add_team(G, old))
    # dee leaves, ana forgets one topic, bo changes a state, eve joins.
    new = {h: dict(p) for h, p in old.items() if h != "dee"}
    forgotten = next(iter(new["ana"]))
    del new["ana"][forgotten]
    changed = next(iter(new["bo"]))
    new["bo"][changed] = "learning"
    new["eve"] = {forgotten: "done"}
    H = add_team(G, new)
    store.push_graph(neo4j_driver, H, database=db)
    removed = prune_team(neo4j_driver, H, database=db)
    assert removed == (1, len(old["dee"]) + 1)
    assert_same_graph(store.pull_graph(neo4j_driver, database=db, team=True), H)
    # A graph without people removes the whole team.
    assert prune_team(neo4j_driver, G, database=db) == (len(new), sum(map(len, new.values())))
    assert_same_graph(store.pull_graph(neo4j_driver, database=db, team=True), G)


# ---------------------------------------------------------------- the queries vs NetworkX


@pytest.fixture(params=["builtin", "generated"])
def graph(request):
    return request.getfixturevalue("builtin_graph") if request.param == "builtin" else generated_graph()


def test_team_queries_match_team_matrix_and_risks(run, neo4j_driver, neo4j_env, graph, tmp_path):
    team = load_team(write_team(tmp_path / "team", four_people(graph)), graph)
    push(neo4j_driver, neo4j_env, add_team(graph, team))
    coverage, single = expected_coverage(graph, team), expected_single(graph, team)
    assert len(coverage) >= 3 and single and any(s["dependents"] for s in single)
    assert any(c["holders"] == 1 for c in coverage) and any(c["holders"] > 1 for c in coverage)

    assert api_rows(neo4j_driver, neo4j_env, "team_coverage") == coverage
    assert query_rows(run, "team_coverage") == coverage
    assert api_rows(neo4j_driver, neo4j_env, "bus_factor") == single
    assert query_rows(run, "bus_factor") == single


def test_bus_factor_dependents_are_the_reach_of_every_topic(neo4j_driver, neo4j_env, graph):
    """One person knows everything: every topic is single-held, so each row's dependents must
    be prereq_view's reach count (essential chains, any-of members, parts included)."""
    topics = [n for n, k in graph.nodes(data="kind") if k == NodeKind.TOPIC]
    team = {"solo": dict.fromkeys(topics, "done"), "idle": {}}
    push(neo4j_driver, neo4j_env, add_team(graph, team))
    rows = api_rows(neo4j_driver, neo4j_env, "bus_factor")
    assert rows == expected_single(graph, team)
    reach = prereq_view(graph).reach_counts()
    assert {r["topic"]: r["dependents"] for r in rows} == {t: reach.get(t, 0) for t in topics}
    coverage = api_rows(neo4j_driver, neo4j_env, "team_coverage")
    assert coverage == expected_coverage(graph, team)
    assert {(c["coverage"], c["mean_per_person"], c["holders"]) for c in coverage} == {(100.0, 50.0, 1)}


def _roadmap(G, rid: str, size: int) -> list[str]:
    G.add_node(f"roadmap:{rid}", kind="roadmap", name=rid.upper())
    topics = [f"topic:{rid}/core/t{i:03}" for i in range(size)]
    for topic in topics:
        G.add_node(topic, kind="topic", name=topic.rsplit("/", 1)[1], roadmap=f"roadmap:{rid}")
    return topics


def test_coverage_rounds_like_python(neo4j_driver, neo4j_env):
    """Shares that fall on a tie of one decimal: Python's round() rounds the float (6.25 -> 6.2,
    0.15 -> 0.1, 0.45 -> 0.5), Cypher's round() the decimal text half up (6.3, 0.2, 0.5)."""
    G = nx.MultiDiGraph()
    sizes = {"a": 16, "b": 16, "c": 80, "d": 100, "e": 100, "f": 100}
    topics = {rid: _roadmap(G, rid, size) for rid, size in sizes.items()}
    done = {  # person -> (roadmap, topics done): every share below falls on a tie
        "p00": ("a", 1),  # 1 of 16 covered: 6.25 %
        "p01": ("b", 3),  # 18.75 %
        "p02": ("c", 1),  # 1.25 %
        "p03": ("d", 3),  # with 20 people, 3 of 100 x 20 done: 0.15 % per person
        "p04": ("e", 7),  # 0.35 %
        "p05": ("f", 9),  # 0.45 %
    }
    team = {f"p{i:02}": {} for i in range(20)}
    for person, (rid, n) in done.items():
        team[person] = dict.fromkeys(topics[rid][:n], "done")
    expected = expected_coverage(G, team)

    def tie(share: Fraction) -> bool:
        return share * 10 - share * 10 // 1 == Fraction(1, 2)

    ties = 0
    for row in expected:
        n = row["covered"]  # one person each: covered = their done topics
        ties += tie(Fraction(100 * n, row["topics"])) + tie(Fraction(100 * n, row["topics"] * len(team)))
    assert ties == len(done)  # the test is about ties

    push(neo4j_driver, neo4j_env, add_team(G, team))
    assert api_rows(neo4j_driver, neo4j_env, "team_coverage") == expected
    naive = "UNWIND [6.25, 0.15] AS x RETURN round(x, 1) AS r"  # why the query does not use round()
    rows = store.run_cypher(neo4j_driver, naive, database=neo4j_env.database).rows()
    assert [row["r"] for row in rows] != [round(6.25, 1), round(0.15, 1)]


def test_a_push_without_team_after_one_with_it(neo4j_driver, neo4j_env, builtin_graph):
    """Without wiping, the team stays (like any node no longer in the graph); a wipe removes it,
    and then the team queries have no rows."""
    G = builtin_graph
    team = four_people(G)
    push(neo4j_driver, neo4j_env, add_team(G, team))
    store.push_graph(neo4j_driver, G, database=neo4j_env.database)
    status = store.server_status(neo4j_driver, database=neo4j_env.database)
    assert (status.nodes, status.relationships) == team_counts(add_team(G, team))
    push(neo4j_driver, neo4j_env, G)
    status = store.server_status(neo4j_driver, database=neo4j_env.database)
    assert (status.nodes, status.relationships) == team_counts(G)
    assert status.nodes["Person"] == 0 and status.relationships["KNOWS"] == 0
    assert api_rows(neo4j_driver, neo4j_env, "team_coverage") == []
    assert api_rows(neo4j_driver, neo4j_env, "bus_factor") == []


# ---------------------------------------------------------------- the CLI


def test_cli_push_team(run, neo4j_env, neo4j_driver, tmp_path, monkeypatch):
    G = kgraph.load_graph(use_entry_points=False)  # here: roadmap `source` paths depend on the working folder
    plan = four_people(G)
    folder = write_team(tmp_path / "team", plan)
    team = load_team(folder, G)
    H = add_team(G, team)
    test_neo4j._LOADED["name"] = None

    first = run("neo4j", "push", "--wipe", "--team", folder, "--format", "json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert (summary["nodes_created"], summary["relationships_created"]) == (H.number_of_nodes(), H.number_of_edges())
    knows = sum(map(len, plan.values()))
    assert summary["team"] == {
        "folder": str(folder),
        "people": len(plan),
        "knows": knows,
        "people_removed": 0,
        "knows_removed": 0,
    }
    status = json.loads(run("neo4j", "status", "--format", "json").stdout)
    assert (status["nodes"], status["relationships"]) == team_counts(H)
    pulled = json.loads(run("neo4j", "pull", "--format", "json").stdout)
    assert pulled["nodes"]["person"] == len(plan) and pulled["edges"]["KNOWS"] == knows
    out = tmp_path / "graph.json"
    assert run("neo4j", "pull", "-o", out).exit_code == 0
    assert_same_graph(kgraph.read_graph(out), H)

    assert query_rows(run, "team_coverage") == expected_coverage(G, team)
    assert query_rows(run, "bus_factor") == expected_single(G, team)

    # --source neo4j analyses read the graph without the team.
    for command in (["info"], ["centrality", "--metric", "degree", "--top", "30"]):
        plain = run(*command, "--format", "json")
        assert run(*command, "--source", "neo4j", "--format", "json").stdout == plain.stdout

    # A second push from a changed folder: cy leaves, one of ana's topics goes.
    (folder / "cy.yaml").unlink()
    gone = next(iter(plan["ana"]))
    ana = {t: s for t, s in plan["ana"].items() if t != gone}
    (folder / "ana.yaml").write_text(yaml.safe_dump({"topics": ana}), encoding="utf-8")
    second = run("neo4j", "push", "--team", folder)
    assert second.exit_code == 0, second.output
    people_line = f"team {folder}: 3 people, {knows - len(plan['cy']) - 1} KNOWS relationships; "
    removed = f"removed 1 person and {len(plan['cy']) + 1} KNOWS relationships no longer in it"
    assert people_line + removed in second.stdout
    H2 = add_team(G, load_team(folder, G))
    assert_same_graph(store.pull_graph(neo4j_driver, database=neo4j_env.database, team=True), H2)

    # Only the flag pushes people: $KGRAPH_TEAM does not, and a push without --team leaves the
    # team in Neo4j as it is; --wipe removes it.
    monkeypatch.setenv("KGRAPH_TEAM", str(folder))
    plain = run("neo4j", "push", "--format", "json")
    assert plain.exit_code == 0 and "team" not in json.loads(plain.stdout)
    assert json.loads(run("neo4j", "status", "--format", "json").stdout)["nodes"]["Person"] == 3
    wiped = run("neo4j", "push", "--wipe")
    assert wiped.exit_code == 0, wiped.output
    status = json.loads(run("neo4j", "status", "--format", "json").stdout)
    assert (status["nodes"], status["relationships"]) == team_counts(G)
    assert status["nodes"]["Person"] == 0 and status["relationships"]["KNOWS"] == 0


def test_cli_push_team_input_errors_need_no_server(run, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens: the folder fails first
    missing = run("neo4j", "push", "--team", tmp_path / "nope")
    assert missing.exit_code == 3 and "team folder does not exist" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run("neo4j", "push", "--team", tmp_path / "empty")
    assert empty.exit_code == 2 and "no progress files" in empty.stderr
