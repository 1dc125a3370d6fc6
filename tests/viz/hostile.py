"""A plugin folder in which every string attribute carries its own hostile payload.

Each payload, if it ever ran, would leave a trace: ``top.__pwned`` gains the payload's tag
(the attribute it sits in), or an alert opens, or a request leaves the page. ``{{7*7}}`` and
``${...}`` must show literally; the line separators and the right-to-left override must
survive as characters.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.model.kinds import LEVELS
from tests.conftest import write_yaml

_TRACE = "top.__pwned=(top.__pwned||[]).concat('{tag}')"
_TEMPLATES = (
    "</title></head><body><script>{js}</script> {tag}",
    '<img src=x onerror="{js}"> {tag}',
    "<script>{js}</script> {tag}",
    "</script><script>{js}</script> {tag}",
    "<!-- <script>{js}</script> --> {tag}",
    ']]><svg onload="{js}"> {tag}',
    "javascript:{js} {tag}",
    '" onmouseover="{js}" data-x=" {tag}',
    "'><svg/onload={js}> {tag}",
    "{{{{7*7}}}} {{{{ {tag} }}}} {{% raw %}}",
    "${{{js}}} `${{{tag}}}`",
    "a\u2028b\u2029</SCRIPT ><img src=x onerror={js}> {tag}",
    '\u202eevil\u202c <a href="javascript:{js}">{tag}</a>',
    '<details open ontoggle="{js}">{tag}</details>',
    '<style>@import "http://127.0.0.1:9/{tag}.css";</style><img src="http://127.0.0.1:9/{tag}.png"> {tag}',
    '<meta http-equiv="refresh" content="0;url=javascript:{js}"> {tag}',
    "<img src=x onerror=alert('{tag}')> &lt;script&gt;{js}&lt;/script&gt; &amp; {tag}",
)

# the attributes the page shows and those it keeps to itself (no tag is part of another)
SHOWN = (
    "roadmap-name",
    "roadmap-description",
    "roadmap2-name",
    "category-name",
    "topic-name",
    "topic-description",
    "sub-name",
    "sub-description",
    "requires-name",
    "requirement-reason",
    "any-of-name",
    "any-of-reason",
    "concept-name",
    "concept-description",
    "concept-alias",
    "integration-title",
    "integration-point",
    *(f"level-{level}-{part}" for level in LEVELS for part in ("name", "description")),
)
HIDDEN = ("roadmap-facet", "concept-exclude")
TAGS = SHOWN + HIDDEN
# strings the caller passes: the page title and a progress state (render_html only)
CALLER = ("page-title", "progress-state")
PAYLOADS = {
    tag: _TEMPLATES[i % len(_TEMPLATES)].format(js=_TRACE.format(tag=tag), tag=tag)
    for i, tag in enumerate(CALLER + TAGS)
}

TOPIC = "topic:evil/c1/t1"
SUBTOPIC = "topic:evil/c1/t1/s1"
REQUIRES = "topic:evil/c1/t2"
ANY_OF = "topic:evil/c1/t3"


def _roadmaps() -> list[dict]:
    p = PAYLOADS
    evil = {
        "id": "evil",
        "name": p["roadmap-name"],
        "description": p["roadmap-description"],
        "facets": {"services": [p["roadmap-facet"]]},
        "categories": [
            {
                "id": "c1",
                "name": p["category-name"],
                "topics": [
                    {
                        "id": "t1",
                        "name": p["topic-name"],
                        "description": p["topic-description"],
                        "level": "beginner",
                        "effort_hours": 2,
                        "subtopics": [{"id": "s1", "name": p["sub-name"], "description": p["sub-description"]}],
                    },
                    {
                        "id": "t2",
                        "name": p["requires-name"],
                        "level": "intermediate",
                        "requires": [{"topic": "evil/c1/t1", "reason": p["requirement-reason"]}],
                    },
                    {
                        "id": "t3",
                        "name": p["any-of-name"],
                        "level": "advanced",
                        "requires": [{"any_of": ["evil/c1/t1", "evil/c1/t2"], "reason": p["any-of-reason"]}],
                    },
                ],
            }
        ],
    }
    other = {
        "id": "other",
        "name": p["roadmap2-name"],
        "categories": [
            {"id": "c2", "name": "Plain", "topics": [{"id": "t4", "name": "Plain topic", "level": "expert"}]}
        ],
    }
    return [evil, other]


def write_hostile_plugins(folder: Path) -> Path:
    """Write the hostile plugin folder (two roadmaps, levels, concepts, integrations) to ``folder``."""
    p = PAYLOADS
    for roadmap in _roadmaps():
        write_yaml(folder / "roadmaps" / f"{roadmap['id']}.yaml", roadmap)
    levels = [
        {"id": level, "name": p[f"level-{level}-name"], "description": p[f"level-{level}-description"]}
        for level in LEVELS
    ]
    write_yaml(folder / "levels.yaml", {"levels": levels})
    concept = {
        "id": "evil-concept",
        "name": p["concept-name"],
        "description": p["concept-description"],
        "aliases": [p["concept-alias"]],
        "exclude": [p["concept-exclude"]],
    }
    write_yaml(folder / "concepts.yaml", {"concepts": [concept]})
    integration = {"id": "evil-int", "title": p["integration-title"], "roadmaps": ["evil", "other"]}
    write_yaml(folder / "integrations.yaml", {"integrations": [{**integration, "points": [p["integration-point"]]}]})
    return folder
