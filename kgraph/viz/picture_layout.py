"""Where the boxes of a picture go: layers (a plan's stages) ordered to cross few edges, and
each item placed near the items it comes from.

Items are strings; an item starting with ``"\\0"`` is a line passing through a layer on its
way to a later one (it takes a thin slot, so the line runs between the boxes, not across one).
Pure Python, no matplotlib: :mod:`kgraph.viz.picture` draws what this places.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

Layers = list[list[str]]


def _crossings(order: Layers, down: Mapping[str, Sequence[str]]) -> int:
    total = 0
    for left, right in itertools.pairwise(order):
        where = {item: i for i, item in enumerate(right)}
        ends = [(i, where[d]) for i, item in enumerate(left) for d in down[item] if d in where]
        total += sum(1 for (a, b), (c, d) in itertools.combinations(ends, 2) if (a - c) * (b - d) < 0)
    return total


def _sweep(order: Layers, indices: Iterable[int], near: Mapping[str, Sequence[str]], step: int) -> None:
    for c in indices:
        where = {item: i for i, item in enumerate(order[c - step])}

        def key(pair, where=where):
            i, item = pair
            seen = [where[n] for n in near[item] if n in where]
            return sum(seen) / len(seen) if seen else i

        order[c] = [item for _, item in sorted(enumerate(order[c]), key=key)]


def order_layers(layers: Layers, up: Mapping[str, Sequence[str]], down: Mapping[str, Sequence[str]]) -> Layers:
    """``layers`` reordered to cross fewer edges: barycentre sweeps, the best order kept.

    ``up[item]`` lists the items of the layer before that it comes from, ``down[item]`` those
    of the layer after that it leads to.

    >>> up = {"a": [], "b": [], "x": ["b"], "y": ["a"]}
    >>> down = {"a": ["y"], "b": ["x"], "x": [], "y": []}
    >>> order_layers([["a", "b"], ["x", "y"]], up, down)
    [['a', 'b'], ['y', 'x']]
    """
    best, best_count = [list(layer) for layer in layers], _crossings(layers, down)
    order = [list(layer) for layer in layers]
    for _ in range(4):
        _sweep(order, range(1, len(order)), up, 1)
        _sweep(order, range(len(order) - 2, -1, -1), down, -1)
        if (count := _crossings(order, down)) < best_count:
            best, best_count = [list(layer) for layer in order], count
    return best


def _gap(above: str, below: str, gap: float) -> float:
    """The room between two items of a layer: less between lines passing through it."""
    passing = above.startswith("\0") + below.startswith("\0")
    return gap * (1, 0.7, 0.4)[passing]


def place_layers(
    order: Layers, height: Mapping[str, float], up: Mapping[str, Sequence[str]], gap: float
) -> dict[str, float]:
    """Each item's centre, downwards: stacked in its layer in order, ``gap`` apart, and as near
    as that allows to the mean of the items it comes from (the first layer is centred on 0).

    >>> place_layers([["a", "b"], ["c"]], {"a": 1, "b": 1, "c": 1}, {"a": [], "b": [], "c": ["a", "b"]}, 0.5)
    {'a': -0.75, 'b': 0.75, 'c': 0.0}
    """
    y: dict[str, float] = {}
    for layer in order:
        wanted = [sum(y[u] for u in up[item]) / len(up[item]) if up[item] else None for item in layer]
        pos: list[float] = []
        for above, item, want in zip([None, *layer], layer, wanted, strict=False):
            lowest = None if above is None else pos[-1] + (height[above] + height[item]) / 2 + _gap(above, item, gap)
            if lowest is None:
                pos.append(0.0 if want is None else want)
            else:
                pos.append(lowest if want is None else max(want, lowest))
        given = [(w, p) for w, p in zip(wanted, pos, strict=True) if w is not None]
        # centre the layer on where its items are wanted (or on 0)
        shift = sum(w - p for w, p in given) / len(given) if given else -(pos[-1] + pos[0]) / 2
        y.update((item, p + shift) for item, p in zip(layer, pos, strict=True))
    return y
