"""Safe YAML parsing: the fast pass gives exactly what the checking pass gives, or hands over."""

from __future__ import annotations

import pytest

from kgraph._util import yamlfile
from kgraph.errors import PluginError

DOCUMENTS = [
    "",
    "---\n...\n",
    "~",
    "a: 1\nb: [x, {c: d}]\n",
    "- - - x\n- ~\n",
    "1: a\n01: b\nyes: c\n~: d\n",
    "a: 0x1F\nb: 017\nc: 1_000\nd: 1:30\nf: 1e3\ng: +1.5\nh: On\n",
    "a: 2002-12-14\nb: 2001-12-14t21:59:43.10-05:00\n",
    "a: '1'\nb: \"true\"\nc: |\n  text\nd: >\n  folded\n",
    "? a\n? b\n",
    "a: \u00e9\u00e8 \U0001f600\n",
    "[" * 64 + "1" + "]" * 64,
    # handed over to the checking pass (valid there too):
    "a: &x 1\nb: 2\n",
    "a: !!str 1\nb: ! x\n",
    "=: 1\n",
]

INVALID = [
    ("a: 1\nb:\n  c: 2\n  c: 3\n", "4:3: duplicate key 'c'"),
    ("a: &a [1]\nb: *a\n", "1:4: YAML anchors and aliases are not allowed"),
    ("a:\n  <<: {b: 1}\n", "2:3: keys must be plain strings"),
    ("a:\n  ? [1]\n  : x\n", "2:5: keys must be plain strings"),
    ("a: !foo x\n", "1:4: YAML error: could not determine a constructor"),
    ("a: =\n", "1:4: YAML error: could not determine a constructor"),
    ("a: 1\n---\nb: 2\n", "2:1: YAML error: but found another document"),
    ("a: [1, 2\n", "2:1: YAML error"),
    ("a: " + "[" * 70 + "]" * 70, "1:68: nesting is too deep (the limit is 64 levels)"),
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_fast_pass_matches_checking_pass(text):
    fast, checked = yamlfile.parse(text, "f.yaml"), yamlfile._parse_checked(text, "f.yaml")
    assert (fast.data, fast.marks) == (checked.data, checked.marks)
    assert repr(fast.data) == repr(checked.data)  # same types too (1 vs True vs 1.0)


@pytest.mark.parametrize(("text", "fragment"), INVALID)
def test_invalid_documents_are_located(text, fragment):
    with pytest.raises(PluginError) as info:
        yamlfile.parse(text, "f.yaml")
    assert f"f.yaml:{fragment}" in str(info.value)


def test_a_plain_plugin_file_takes_the_fast_pass(monkeypatch):
    def refuse(text, source):
        raise AssertionError("checking pass used")

    monkeypatch.setattr(yamlfile, "_parse_checked", refuse)
    doc = yamlfile.parse("id: x\ncategories:\n- name: Core\n  topics:\n  - name: A\n    effort_hours: 2\n", "f.yaml")
    assert doc.data["categories"][0]["topics"][0] == {"name": "A", "effort_hours": 2}
    assert doc.place(("categories", 0, "topics", 0, "effort_hours")) == (6, 19)


@pytest.mark.parametrize("text", ["a: .inf\n", "a: [1, -.Inf]\n", "a: {b: .NaN}\n"])
def test_numbers_must_be_finite(text):
    with pytest.raises(PluginError, match=r"f\.yaml:\d+:\d+: .* is not a finite number"):
        yamlfile.parse(text, "f.yaml")


@pytest.mark.parametrize(
    ("text", "place"), [("a: x\x00\n", "1:5"), ("a: 1\nb: x\x07\n", "2:5"), ("a: 2023-02-30\n", "1:4")]
)
def test_unreadable_values_are_placed(text, place):
    with pytest.raises(PluginError) as info:
        yamlfile.parse(text, "f.yaml")
    assert str(info.value).startswith(f"f.yaml:{place}: YAML error: ")
    assert "\n" not in str(info.value)
