"""The public surface: every name ``kgraph`` exports resolves, with the whole exception tree
and the result types; each function has one name; results share one protocol."""

from __future__ import annotations

import inspect

import pytest

import kgraph
from kgraph import errors


def test_every_exported_name_resolves():
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None, name
    from kgraph import InputError, NotFound, Plan  # noqa: F401  (the issue's own check)


def test_the_whole_exception_tree_is_exported_and_drawn():
    classes = {n for n, v in vars(errors).items() if inspect.isclass(v) and issubclass(v, Exception)}
    assert classes <= set(kgraph.__all__)
    for name in classes:
        assert name in errors.__doc__, f"{name} is not drawn in the errors docstring"
    assert issubclass(kgraph.TopicNotFound, kgraph.NotFound) and issubclass(kgraph.RoadmapNotFound, kgraph.NotFound)


def test_one_name_per_function():
    functions = [getattr(kgraph, n) for n in kgraph.__all__ if inspect.isfunction(getattr(kgraph, n))]
    assert len(functions) == len(set(map(id, functions)))
    assert not hasattr(kgraph, "push") and not hasattr(kgraph, "pull")


def test_result_types_share_the_protocol():
    results = [getattr(kgraph, n) for n in kgraph.__all__ if inspect.isclass(getattr(kgraph, n))]
    results = [r for r in results if issubclass(r, kgraph.Result) and r is not kgraph.Result]
    assert len(results) >= 15
    for cls in results:
        for method in ("rows", "to_dict", "to_frame"):
            assert callable(getattr(cls, method, None)), (cls.__name__, method)


@pytest.mark.parametrize(
    "call",
    [
        lambda G: kgraph.graph_info(G),
        lambda G: kgraph.topic_details(G, "topic:kubernetes/security-aspects/rbac"),
        lambda G: kgraph.learning_plan(G, ["topic:kubernetes/security-aspects/rbac"]),
        lambda G: kgraph.schedule_plan(kgraph.learning_plan(G, ["topic:kubernetes/security-aspects/rbac"]), 4),
        lambda G: kgraph.learning_path(
            G, "topic:docker/core-competencies/image-building", "topic:kubernetes/security-aspects/rbac"
        ),
        lambda G: kgraph.next_topics(G, top=3),
        lambda G: kgraph.prerequisite_order(G, roadmaps=["docker"]),
        lambda G: kgraph.cross_domain_centrality(G, top=3),
        lambda G: kgraph.progress_summary(G, {"topic:kubernetes/security-aspects/rbac": "done"}),
        lambda G: kgraph.validate_paths(),
        lambda G: kgraph.list_plugins(),
    ],
)
def test_data_calls_return_results(builtin_graph, call):
    import json

    result = call(builtin_graph)
    assert isinstance(result, kgraph.Result)
    rows = result.rows()
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows)
    json.dumps(result.to_dict())  # JSON-ready
    frame = result.to_frame()
    assert len(frame) == len(rows)
    if rows:
        assert list(frame.columns) == list(rows[0])
