"""Synthetic roadmaps, written as ordinary plugin files so benchmarks use the real loading path.

Each roadmap has five categories; topics come in clusters of 25 (a module of a course) laid
out in five tiers, beginner to expert: a topic's prerequisites come from the one or two tiers
below it in its cluster (depth about five, fan-in one to five, as in the built-in roadmaps),
sometimes from a foundational tier of another cluster, and sometimes from an earlier roadmap's
foundational topics (so the graph stays acyclic); some are any-of groups, every tenth topic
has subtopics, and descriptions name concepts of a shared gazetteer (MENTIONS edges).

    python -m bench.synth OUT_DIR --roadmaps 10 --topics 100
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

CATEGORIES = ("core", "deploy", "patterns", "scaling", "security")
LEVELS = ("beginner", "intermediate", "advanced", "expert")
CLUSTER = 25
TIERS = 5
TIER_LEVELS = ("beginner", "intermediate", "intermediate", "advanced", "expert")


def _tier(i: int) -> int:
    return (i % CLUSTER) * TIERS // CLUSTER


def _dump(path: Path, data) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, width=1000), encoding="utf-8")


def generate(out: str | Path, *, roadmaps: int, topics: int, seed: int = 7) -> dict:
    """Write ``roadmaps`` roadmap files of about ``topics`` topics each, plus ``concepts.yaml``.

    Returns counts of what was written (topics, prerequisites, cross-roadmap ones, any-of groups).
    """
    rng = random.Random(seed)
    out = Path(out)
    (out / "roadmaps").mkdir(parents=True, exist_ok=True)
    n_concepts = max(60, roadmaps * topics // 40)
    concepts = [f"Tech{i:05d}" for i in range(n_concepts)]
    _dump(out / "concepts.yaml", {"concepts": [{"id": c.lower(), "name": c, "aliases": [f"{c}-ng"]} for c in concepts]})
    stats = {"topics": 0, "requires": 0, "cross": 0, "any_of": 0}
    refs: list[list[str]] = []  # per roadmap: topic references in order
    for r in range(roadmaps):
        rid = f"r{r:03d}"
        cats = {c: [] for c in CATEGORIES}
        mine: list[str] = []
        foundations: list[str] = []
        i = 0
        while i < topics:
            category = CATEGORIES[i % len(CATEGORIES)]
            slug = f"t{i:05d}"
            ref = f"{rid}/{category}/{slug}"
            tier = _tier(i)
            level = TIER_LEVELS[tier]
            topic = {
                "id": slug,
                "name": f"Topic {rid} {i}",
                "description": "Uses " + " and ".join(rng.sample(concepts, rng.choice((2, 3, 3, 4)))),
                "level": level,
                "effort_hours": rng.choice((1, 2, 3, 4, 6, 8, 12, 16)),
            }
            requires: list = []
            cluster_start = len(mine) - (i % CLUSTER)
            window = [
                ref
                for k, ref in enumerate(mine[cluster_start:], start=i - (i % CLUSTER))
                if _tier(k) in (tier - 1, tier - 2)
            ]
            if tier == 0 and foundations and rng.random() < 0.3:
                window = foundations[-5:]
            if tier and foundations and rng.random() < 0.1:
                window = [*window, rng.choice(foundations)]
            window = list(dict.fromkeys(window))
            if window and (level != "beginner" or rng.random() < 0.3):
                k = min(len(window), rng.choice((1, 2, 3, 3, 4, 5)))
                requires.extend(rng.sample(window, k))
                rest = [w for w in window if w not in requires]
                if len(rest) >= 2 and rng.random() < 0.06:
                    group = rng.sample(rest, min(len(rest), rng.choice((2, 3))))
                    requires.append({"any_of": group, "reason": "one of these is enough"})
                    stats["any_of"] += 1
            if r and rng.random() < 0.15:
                other = refs[rng.randrange(r)]
                target = other[rng.randrange(len(other) // CLUSTER) * CLUSTER]  # a cluster's first topic
                requires.append({"topic": target, "reason": "foundation from another roadmap"})
                stats["cross"] += 1
            if requires:
                topic["requires"] = requires
                stats["requires"] += len(requires)
            cats[category].append(topic)
            mine.append(ref)
            if tier == 0:
                foundations.append(ref)
            i += 1
            if i % 10 == 0 and i + 2 <= topics:  # two subtopics of this topic
                subs = []
                for j in range(2):
                    subs.append(
                        {
                            "id": f"p{j}",
                            "name": f"Part {j} of {rid} {i - 1}",
                            "effort_hours": 1,
                            "requires": [rng.choice(window)] if window else [],
                        }
                    )
                    if not subs[-1]["requires"]:
                        del subs[-1]["requires"]
                    mine.append(f"{ref}/p{j}")
                topic["subtopics"] = subs
                i += 2
        stats["topics"] += len(mine)
        refs.append(mine)
        doc = {
            "id": rid,
            "name": f"Roadmap {r}",
            "order": r,
            "categories": [{"id": c, "name": c.title(), "topics": cats[c]} for c in CATEGORIES],
        }
        _dump(out / "roadmaps" / f"{rid}.yaml", doc)
    return stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--roadmaps", type=int, default=10)
    parser.add_argument("--topics", type=int, default=100, help="topics per roadmap")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(generate(args.out, roadmaps=args.roadmaps, topics=args.topics, seed=args.seed))


if __name__ == "__main__":
    main()
