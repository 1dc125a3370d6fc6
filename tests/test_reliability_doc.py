"""docs/reliability.md names the tests that hold each promise: every one must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_test_the_reliability_doc_names_exists():
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    files = {p.stem for p in (ROOT / "tests").rglob("test_*.py")}
    named = set(re.findall(r"\btest_[a-z0-9_]+", doc)) - files
    assert len(named) > 30
    missing = sorted(name for name in named if not re.search(rf"def {name}\b", sources))
    assert not missing, f"docs/reliability.md names tests that do not exist: {missing}"
    for path in re.findall(r"`(tests/[\w/]+\.py)", doc):
        assert (ROOT / path).is_file(), path
