"""Synthetic plugin folders, generated once into ``.bench-cache/`` and reused.

A folder is keyed by its size and a hash of the generator's source (``bench/synth.py``), so
a changed generator gives new folders and an unchanged one is never regenerated.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from bench import synth
from bench.common import CACHE, Size

SEED = 7


def generator_hash() -> str:
    """A short hash of the generator's source and seed."""
    source = Path(synth.__file__).read_bytes()
    return hashlib.sha256(source + f"\0seed={SEED}".encode()).hexdigest()[:12]


def folder_for(size: Size) -> Path:
    """Where the plugin folder of ``size`` lives (whether generated yet or not)."""
    return CACHE / "data" / f"synth-{size.label}-{size.roadmaps}x{size.topics}-{generator_hash()}"


def ensure(size: Size) -> tuple[Path, dict]:
    """The plugin folder of ``size`` and the generator's counts, generating it if needed.

    The folder is written under a temporary name and renamed when complete, so an
    interrupted run never leaves a half-written folder behind.
    """
    folder = folder_for(size)
    meta_file = folder / "bench-meta.json"
    if meta_file.exists():
        return folder, json.loads(meta_file.read_text(encoding="utf-8"))
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        stats = synth.generate(staging, roadmaps=size.roadmaps, topics=size.topics, seed=SEED)
        meta = {"size": size.label, "roadmaps": size.roadmaps, "topics_per_roadmap": size.topics, **stats}
        meta["bytes"] = sum(p.stat().st_size for p in staging.rglob("*.yaml"))
        # The meta file sits next to the plugins; kgraph only reads *.yaml files.
        (staging / "bench-meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder, meta
