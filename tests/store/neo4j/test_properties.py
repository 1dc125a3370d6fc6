"""Property values to Neo4j and back, and the label and relationship-type allow-list (no server)."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.errors import InputError
from kgraph.model.kinds import EdgeKind, NodeKind
from kgraph.store.neo4j import properties

# ---------------------------------------------------------------- property conversion


def _normalised(value):
    """What a value looks like after a round trip: tuples become lists."""
    if isinstance(value, (list, tuple)):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def test_storable_values_stay_and_others_become_json():
    attrs = {
        "name": "x",
        "n": 3,
        "f": 1.5,
        "flag": True,
        "tags": ["a", "b"],
        "tuple": ("a", "b"),
        "empty": [],
        "bools": [True, False],
        "map": {"a": [1, None]},
        "none": None,
        "holes": ["a", None],
        "mixed": [1, "a"],
        "int_float": [1, 2.0],
        "bool_int": [True, 1],
        "nested": [[1], [2]],
        "huge": 2**64,
    }
    props = properties.encode_properties(attrs, "node 'x'")
    kept = ["name", "n", "f", "flag", "tags", "tuple", "empty", "bools"]
    assert {k: props[k] for k in kept} == {k: _normalised(attrs[k]) for k in kept}
    assert props[properties.JSON_KEYS] == sorted(set(attrs) - set(kept))
    assert json.loads(props["map"]) == {"a": [1, None]}
    assert properties.decode_properties(props) == _normalised(attrs)


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner),
    max_leaves=10,
)


@given(st.dictionaries(st.text(min_size=1).filter(lambda k: not k.startswith("_kgraph_")), _VALUES, max_size=5))
def test_encode_decode_round_trips(attrs):
    attrs = {k: v for k, v in attrs.items() if "\x00" not in k}
    props = properties.encode_properties(attrs, "node 'x'")
    for key, value in props.items():  # everything left is something Neo4j stores
        assert properties._storable(value), (key, value)
    assert properties.decode_properties(props) == _normalised(attrs)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"tags": {"a", "b"}}, "a set value cannot be stored"),
        ({"when": object()}, "cannot be stored"),
        ({"map": {1: "a"}}, "map key 1 is not a string"),
        ({"id": "x"}, "'id' is reserved"),
        ({"_kgraph_order": 1}, "is reserved"),
        ({"": 1}, "non-empty string"),
        ({"a\x00b": 1}, "without NUL"),
        ({3: 1}, "non-empty string"),
    ],
)
def test_unstorable_attributes_are_rejected(attrs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        properties.encode_properties(attrs, "node 'x'", reserved=("id",))


# ---------------------------------------------------------------- rows and the allow-list


def graph(kind="topic", edge_kind="REQUIRES", key=None):
    """Two topics ``a`` -> ``b``; ``kind``, ``edge_kind`` and ``key`` can be made wrong."""
    G = nx.MultiDiGraph()
    G.add_node("a", kind=kind, name="A")
    G.add_node("b", kind="topic", name="B")
    G.add_edge("a", "b", key=key or edge_kind, kind=edge_kind)
    return G


def test_rows_group_by_label_and_type():
    G = graph()
    G.add_edge("a", "b", key="PART_OF", kind="PART_OF")
    nodes, rels = properties.graph_rows(G)
    assert list(nodes) == ["Topic"]
    assert [row["props"] for row in nodes["Topic"]] == [
        {"kind": "topic", "name": "A", "id": "a", properties.ORDER_KEY: 0},
        {"kind": "topic", "name": "B", "id": "b", properties.ORDER_KEY: 1},
    ]
    assert list(rels) == [("Topic", "PART_OF", "Topic"), ("Topic", "REQUIRES", "Topic")]
    assert rels[("Topic", "REQUIRES", "Topic")][0]["props"] == {properties.ORDER_KEY: 0}


@pytest.mark.parametrize(
    ("G", "message"),
    [
        (graph(kind="Topic`) DETACH DELETE n //"), "is not a node kind"),
        (graph(kind=None), "is not a node kind"),
        (graph(edge_kind="LIKES"), "is not an edge kind"),
        (graph(edge_kind="REQUIRES]->() DELETE x //"), "is not an edge kind"),
        (graph(key="other"), "key 'other' is not its kind 'REQUIRES'"),
    ],
)
def test_labels_and_types_only_from_the_allow_list(G, message):
    with pytest.raises(InputError, match=re.escape(message)):
        properties.graph_rows(G)


def test_every_label_and_type_is_a_plain_identifier():
    for kind in NodeKind:
        assert re.fullmatch(r"[A-Z][a-z]+", kind.label)
    for kind in EdgeKind:
        assert re.fullmatch(r"[A-Z_]+", kind.value)
