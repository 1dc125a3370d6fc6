"""Markdown checklists that paste into a GitHub issue or a notes app: a plan (by week when
scheduled, else by stage) and the next topics to learn.

Every plan topic gets one ``- [ ]`` line (in the week it finishes), with its roadmap, hours
and the reason it is needed; the only headings are the weeks (or stages), so the list reads
well inside an issue that has its own title. A topic with ``resources`` (links to learn from,
e.g. from ``kgraph import roadmapsh``) gets a nested ``  - Learn: ...`` line under its first
line, linking up to :data:`LINKS_SHOWN` of them, official ones first.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from kgraph._util.text import counted
from kgraph._util.urls import web_url
from kgraph.exports.text import day, day_span, hours, name_of, reasons

LINKS_SHOWN = 2
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_URL_SAFE = "/:?#[]@!$&'*+,;=%~"  # kept as they are; space, ( ) < > " ` { } | \ ^ and non-ASCII are %-encoded
_RANK = {"official": 0, "feed": 2}  # official docs first, feeds of posts last, the rest in file order


def escape(text: str) -> str:
    """``text`` with the characters markdown would read as markup escaped.

    >>> escape("Requests/Limits *and* [quotas]")
    'Requests/Limits \\\\*and\\\\* \\\\[quotas\\\\]'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def link_url(url) -> str | None:
    """``url`` ready for a markdown link (parentheses, ``<>`` and non-ASCII percent-encoded,
    so the link cannot end early), or ``None`` unless it is an http or https URL
    (:func:`kgraph._util.urls.web_url`: no whitespace either).

    >>> link_url("https://example.com/a_(c)"), link_url("javascript:alert(1)"), link_url("https://x.io/a b")
    ('https://example.com/a_%28c%29', None, None)
    """
    text = web_url(str(url or "").strip())
    return quote(text, safe=_URL_SAFE) if text else None


def learn_links(G, topic: str, limit: int = LINKS_SHOWN) -> str:
    """Links to learn ``topic`` from, for a checklist: its first ``limit`` http(s)
    ``resources``, official ones first, as ``[Title](url) (type) · ...`` ("" when none).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("t", resources=[{"type": "video", "title": "Intro [1]", "url": "https://v.example/1"},
    ...                            {"type": "official", "title": "Docs", "url": "https://docs.example/"}])
    >>> learn_links(G, "t")
    '[Docs](https://docs.example/) (official) · [Intro \\\\[1\\\\]](https://v.example/1) (video)'
    """
    found, seen = [], set()
    for resource in (G.nodes[topic].get("resources") or ()) if topic in G else ():
        url = link_url(resource.get("url")) if isinstance(resource, dict) else None
        if url is None or url in seen:
            continue
        seen.add(url)
        kind = " ".join(str(resource.get("type") or "").split())
        found.append((_RANK.get(kind.lower(), 1), len(found), url, resource.get("title"), kind))
    links = []
    for _, _, url, title, kind in sorted(found)[:limit]:
        text = escape(title or "") or escape(url.split("/")[2])
        links.append(f"[{text}]({url})" + (f" ({escape(kind)})" if kind else ""))
    return " · ".join(links)


def _learn(G, topic: str) -> list[str]:
    """The nested line under a topic's checklist line that links what to learn it from."""
    links = learn_links(G, topic)
    return [f"  - Learn: {links}"] if links else []


def _title(G, step) -> str:
    status = " (learning)" if step.status == "learning" else ""
    return f"**{escape(step.name)}**{status} · {escape(name_of(G, step.roadmap))}"


def _amount(step) -> str:
    """The hours a plan counts for a step: ``3 h``, or ``3 h of 12 h`` for a part."""
    if step.effort_hours < step.topic_hours:
        return f"{hours(step.effort_hours)} of {hours(step.topic_hours)}"
    return hours(step.effort_hours)


def plan_checklist(G, plan, schedule=None) -> str:
    """A plan as a markdown checklist: one ``- [ ]`` line per topic, under a heading per week
    of ``schedule`` (see :func:`kgraph.analysis.schedule.schedule_plan`) or, without one, per
    stage; then the choices made and the recommended extras (not counted). A topic that runs
    over several weeks has its box in the week it finishes. A topic with ``resources`` gets a
    nested ``Learn:`` line (see :func:`learn_links`) under its first line.

    Example:
        >>> from kgraph import learning_plan
        >>> plan = learning_plan(G, ["topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"])
        >>> text = plan_checklist(G, plan)
        >>> text.count("- [ ] ") == len(plan.steps), text.count("\\n## Stage ") == len(plan.stages)
        (True, True)
    """
    goals = ", ".join(escape(name_of(G, g)) for g in plan.goals)
    head = f"**Learning plan: {goals}** — {counted(len(plan.steps), 'topic')}, {hours(plan.total_effort_hours)}"
    lines = [head]
    if plan.known_goals:
        lines.append(f"Already known: {', '.join(escape(name_of(G, g)) for g in plan.known_goals)}.")
    if schedule is None:
        lines[0] += f" in {counted(len(plan.stages), 'stage')}."
        for stage in plan.stages:
            lines += ["", f"## Stage {stage[0].stage}", ""]
            for step in stage:
                lines.append(f"- [ ] {_title(G, step)} · {_amount(step)} — {escape(reasons(G, step))}")
                lines += _learn(G, step.topic)
    else:
        lines[0] += f", {_pace(schedule)}."
        lines += _weeks(G, plan, schedule)
    if plan.choices:
        lines += ["", "**Choices** (a topic that needs one of several):", ""]
        for choice in plan.choices:
            others = ", ".join(escape(name_of(G, m)) for m in choice.group if m != choice.chosen)
            chosen, topic = escape(name_of(G, choice.chosen)), escape(name_of(G, choice.topic))
            lines.append(f"- {topic}: {chosen} ({choice.rule}); alternatives: {others}")
    if plan.also_useful:
        lines += ["", "**Also useful** (recommended, not in the total):", ""]
        for extra in plan.also_useful:
            needed = "; ".join(
                escape(name_of(G, n.topic) + (f": {n.reason}" if n.reason else "")) for n in extra.needed_by
            )
            roadmap = escape(name_of(G, extra.roadmap))
            lines.append(f"- {escape(extra.name)} · {roadmap} · {hours(extra.effort_hours)} — for {needed}")
    lines.append("")
    lines.append("Made with kgraph; mark a topic done with `kgraph progress mark TOPIC done`.")
    return "\n".join(lines) + "\n"


def _pace(schedule) -> str:
    study = ", ".join(d.capitalize() for d in schedule.days)
    span = f"from {day(schedule.start)}"
    if schedule.end is not None:
        span += f" to {day(schedule.end)}"
    return f"{hours(schedule.hours_per_week)} a week on {study} {span} ({counted(schedule.weeks, 'week')})"


def _weeks(G, plan, schedule) -> list[str]:
    steps = {step.topic: step for step in plan.steps}
    week_hours = schedule.week_hours()
    lines: list[str] = []
    current = None
    for entry in schedule.entries:
        if entry.week != current:
            current = entry.week
            span = f"{day(entry.week_start, year=False)} – {day(entry.week_end)}"
            lines += ["", f"## Week {entry.week} · {span} · {hours(week_hours[entry.week])}", ""]
        step = steps[entry.topic]
        when = day_span(entry.first_day, entry.last_day)
        why = escape(reasons(G, step))
        if not entry.continued and not entry.continues:
            lines.append(f"- [ ] {_title(G, step)} · {_amount(step)} ({when}) — {why}")
        elif not entry.continued:
            share = f"starts: {hours(entry.hours)} this week of {_amount(step)}"
            lines.append(f"- {_title(G, step)} · {share} ({when}) — {why}")
        elif entry.continues:
            lines.append(f"- {_title(G, step)} · continues: {hours(entry.hours)} ({when})")
        else:
            lines.append(f"- [ ] {_title(G, step)} · finishes: {hours(entry.hours)} ({when}) — of {_amount(step)}")
        if not entry.continued:  # the links go where the topic starts
            lines += _learn(G, step.topic)
    return lines


def next_checklist(G, frontier) -> str:
    """The next topics to learn (a :class:`~kgraph.analysis.frontier.Frontier`) as a markdown
    checklist: one ``- [ ]`` line per topic with roadmap, level, hours and what it unlocks (and
    a nested ``Learn:`` line for a topic with ``resources``).

    Example:
        >>> from kgraph import next_topics
        >>> next_checklist(G, next_topics(G, top=3)).count("- [ ] ")
        3
    """
    ready = counted(frontier.candidates, "topic")
    lines = [f"**Next topics to learn** — {ready} ready; the top {len(frontier.items)}, by what they unlock:", ""]
    for item in frontier.items:
        level = f" · {item.level}" if item.level else ""
        status = " (learning)" if item.status == "learning" else ""
        unlocks = f"unlocks {counted(item.unlocks, 'topic')} ({item.direct_dependents} directly)"
        roadmap = escape(name_of(G, item.roadmap or ""))
        lines.append(
            f"- [ ] **{escape(item.name or item.topic)}**{status} · {roadmap}{level} · "
            f"{hours(item.effort_hours)} — {unlocks}"
        )
        lines += _learn(G, item.topic)
    return "\n".join(lines) + "\n"
