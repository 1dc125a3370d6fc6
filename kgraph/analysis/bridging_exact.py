"""Exact bridging betweenness: Brandes' algorithm from every source topic, batched on SciPy arrays.

Each batch of at most :data:`WIDTH` source topics, all of one roadmap, runs one breadth-first
search per column of dense arrays, level by level, as sparse-matrix products restricted to the
rows that matter (the nodes some source of the batch reaches at that distance), then one
backward pass of Brandes' dependency accumulation. Every route between topics of two roadmaps
is counted once, from the end whose roadmap comes first (the largest roadmap last, so its
topics are never sources). The batches are split over :data:`THREADS` threads: SciPy's sparse
products and NumPy's array operations release the GIL, so they run on two cores at once.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kgraph._util import progress

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

WIDTH = 64
"""Sources per batch: the batch's arrays are (nodes reached at one distance) x this."""
_HUGE = 2.0**1000
"""Its square overflows to infinity: the divisor off a level, built with multiplications only."""
THREADS = 2
"""Threads the batches are split over, at most one per CPU (each thread sums its own batches in
a fixed order, so the result does not depend on timing)."""


@dataclass
class _Level:
    """The nodes at one distance from some source of a batch: their ``rows``, the number of
    shortest paths ``sigma`` (rows x sources; 0 where the node is at another distance from that
    source) and ``divisor`` (``sigma`` there, infinity elsewhere), and the adjacency ``link``
    from the previous level's rows to these (None at distance 0)."""

    rows: np.ndarray
    sigma: np.ndarray
    divisor: np.ndarray
    link: sp.csr_matrix | None


def _divisor(sigma: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``sigma`` where ``mask`` (0/1) is 1, infinity elsewhere (so a division by it zeroes what
    lies off the level), with multiplications only: no division, no casts."""
    import numpy as np

    out = np.multiply(mask, -_HUGE)
    out += _HUGE  # exactly 0 on the level, _HUGE off it
    with np.errstate(over="ignore"):
        out *= _HUGE  # 0 on the level, infinity off it
    out += sigma
    return out


def _link(A: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, degree: np.ndarray) -> sp.csr_matrix:
    """``A[rows][:, cols]``, cut from the side with fewer entries (``A`` is symmetric)."""
    if len(cols) < len(rows) and degree[cols].sum() < 0.5 * degree[rows].sum():
        return A[cols][:, rows].T.tocsr()
    return A[rows][:, cols]


def _forward(A: sp.csr_matrix, batch: np.ndarray) -> list[_Level]:
    """Breadth-first search from every source of ``batch`` at once: one product per level,
    only from the rows of the last level into the rows still unreached by some source."""
    import numpy as np

    n, width = A.shape[0], len(batch)
    cols = np.arange(width)
    rows = np.unique(batch)
    sigma = np.zeros((len(rows), width))
    sigma[np.searchsorted(rows, batch), cols] = 1
    levels = [_Level(rows, sigma, sigma, None)]
    left = width - np.bincount(batch, minlength=n)  # per node: the sources not reaching it yet
    waiting = np.flatnonzero(left)
    unseen = np.ones((len(waiting), width))  # 1 where that source has not reached that node
    waits = left[batch] > 0  # a source's own row, unless it is the batch's only source
    unseen[np.searchsorted(waiting, batch[waits]), cols[waits]] = 0
    degree = np.diff(A.indptr)
    while len(waiting):
        last = levels[-1]
        link = _link(A, waiting, last.rows, degree)
        reached = link @ last.sigma
        reached *= unseen
        new = np.minimum(reached, 1.0)  # path counts: 1 where reached, else 0
        unseen -= new
        found = new.sum(axis=1)
        hit = np.flatnonzero(found)
        if not len(hit):
            break
        if len(hit) < 0.8 * len(waiting):
            reached, new, link = reached[hit], new[hit], link[hit]
        else:
            hit = slice(None)
        levels.append(_Level(waiting[hit], reached, _divisor(reached, new), link))
        left[waiting] -= found.astype(np.int64)
        still = left[waiting] > 0
        if not still.all():
            waiting, unseen = waiting[still], unseen[still]
    return levels


def _dependencies(levels: list[_Level], target: np.ndarray, n: int) -> np.ndarray:
    """Per node, the summed dependency of the batch's sources on it (Brandes' backward pass):
    ``target`` is 1 for the nodes every source of the batch counts routes to, else 0."""
    import numpy as np

    total = np.zeros(n)
    carried = None  # per node of the level below: dependency there
    for deeper, level in zip(levels[:0:-1], levels[-2::-1], strict=True):
        weight = target[deeper.rows, None]
        if carried is None:
            carried = np.divide(weight, deeper.divisor)
        else:
            carried += weight
            carried /= deeper.divisor  # (targets + dependency) / sigma, 0 off the level
        carried = deeper.link.T @ carried  # onto level.rows: dependency / sigma there
        carried *= level.sigma  # the dependency itself, 0 off the level
        if level.link is not None:  # not the sources themselves
            total[level.rows] += carried.sum(axis=1)
    return total


def _batch(A: sp.csr_matrix, rank: np.ndarray, batch: np.ndarray) -> np.ndarray:
    """Summed dependency of every node on the routes from ``batch`` (topics of one roadmap)
    to the topics of the roadmaps ranked after it."""
    import numpy as np

    target = (rank > rank[batch[0]]).astype(np.float64)
    return _dependencies(_forward(A, batch), target, A.shape[0])


def _sum_batches(A: sp.csr_matrix, rank: np.ndarray, batches: list[np.ndarray], tick) -> np.ndarray:
    import numpy as np

    total = np.zeros(A.shape[0])
    for batch in batches:
        total += _batch(A, rank, batch)
        tick(len(batch))
    return total


def _ranks(codes: np.ndarray) -> np.ndarray:
    """Per node, its roadmap's place in the counting order (-1: not a topic): the largest last."""
    import numpy as np

    sizes = np.bincount(codes[codes >= 0], minlength=int(codes.max(initial=-1)) + 1)
    place = np.empty(len(sizes) + 1, np.int64)
    place[np.argsort(sizes, kind="stable")] = np.arange(len(sizes))
    place[-1] = -1  # codes of -1 (concepts) index the last entry
    return place[codes]


def _batches(sources: np.ndarray, rank: np.ndarray) -> list[np.ndarray]:
    """The sources cut into batches of at most :data:`WIDTH`, each within one roadmap."""
    import numpy as np

    batches = []
    for place in np.unique(rank[sources]):
        mine = sources[rank[sources] == place]
        batches += np.array_split(mine, -(-len(mine) // WIDTH))
    return batches


def _cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def exact_bridging(A: sp.csr_matrix, codes: np.ndarray, *, threads: int = THREADS) -> np.ndarray:
    """Unnormalised bridging of every node: for each pair of topics in different roadmaps,
    the share of their shortest paths through the node (``A``: 0/1 symmetric adjacency,
    ``codes``: each node's roadmap, -1 for none)."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    A = A.astype(np.float64, copy=False)
    rank = _ranks(codes)
    sources = np.flatnonzero(rank >= 0)
    sources = sources[rank[sources] < rank.max(initial=-1)]  # the largest roadmap has no later targets
    batches = _batches(sources, rank)
    threads = min(threads, _cpus())
    lock = threading.Lock()
    with progress.task("Bridging centrality", total=len(sources), unit="sources") as tick:

        def locked_tick(count: int) -> None:
            with lock:
                tick(count)

        if threads <= 1 or len(batches) < 2:
            return _sum_batches(A, rank, batches, locked_tick)
        with ThreadPoolExecutor(threads, thread_name_prefix="kgraph-bridging") as pool:
            parts = list(pool.map(lambda k: _sum_batches(A, rank, batches[k::threads], locked_tick), range(threads)))
    return np.sum(parts, axis=0)
