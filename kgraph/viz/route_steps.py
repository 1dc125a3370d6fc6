"""The route view's step list: the plan (or path) as a reader follows it.

Goals and total hours on top, then a section per stage (a path: one section), each step with
its roadmap, level, hours (the part, when the plan needs only a part of the topic) and why it
is there. Plain data: the page shows it with ``textContent`` only.
"""

from __future__ import annotations

import networkx as nx

from kgraph.viz.route import GOAL, Route, ids


def listing(G: nx.MultiDiGraph, plan, path, route: Route, names: dict[str, str]) -> dict:
    """The step list: goals and hours on top, then each stage (or the path) with its steps."""

    def item(node: str, hours, topic_hours, part, reason) -> dict:
        data = G.nodes[node]
        roadmap = data.get("roadmap")
        return {
            "id": node,
            "n": route.steps.get(node),
            "name": names.get(node) or str(data.get("name", node)),
            "roadmap": str(G.nodes[roadmap].get("name", roadmap)) if roadmap in G else "",
            "level": data.get("level") or "",
            "hours": hours,
            "topic_hours": topic_hours,
            "part": part or "",
            "reason": reason,
            "goal": route.roles.get(node) == GOAL,
        }

    def name(node: str) -> str:
        return names.get(node) or str(G.nodes[node].get("name", node)) if node in G else str(node)

    sections, goals, hours = [], [], None
    if hasattr(plan, "stages"):
        goals, hours = [name(g) for g in plan.goals], plan.total_effort_hours
        for number, stage in enumerate(plan.stages, start=1):
            rows = []
            for step in stage:
                if step.topic not in G:
                    continue
                why = "; ".join(f"{name(n.topic)}: {n.reason}" if n.reason else name(n.topic) for n in step.needed_by)
                reason = "goal" if step.goal else f"needed by {why}" if why else ""
                rows.append(item(step.topic, step.effort_hours, step.topic_hours, step.part, reason))
            sections.append({"title": f"Stage {number}", "steps": rows})
    elif plan is not None:
        order = [n for n in ids(plan, "plan") if n in G]
        goals = [name(order[-1])] if order else []
        rows = [item(n, G.nodes[n].get("effort_hours"), None, None, "") for n in order]
        sections.append({"title": "Plan", "steps": rows})
    if path is not None:
        order = [n for n in ids(path, "path") if n in G]
        reasons = {s.topic: s.reason for s in getattr(path, "steps", [])}
        vias = {s.topic: s.via for s in getattr(path, "steps", [])}
        linked = getattr(path, "relation", "requires") != "requires"  # an any-edge path: related, not needed
        rows = []
        for node, then in zip(order, [*order[1:], None], strict=True):
            why = f": {reasons[node]}" if reasons.get(node) else ""
            if then is None:
                reason = "goal"
            elif linked:
                reason = f"then {name(then)}" + (f" ({vias[node]})" if vias.get(node) else "") + why
            else:
                reason = f"needed by {name(then)}{why}"
            rows.append(item(node, G.nodes[node].get("effort_hours"), None, None, reason))
        title = f"Path: {name(order[0])} → {name(order[-1])}" if order else "Path"
        sections.append({"title": title, "steps": rows})
        if not goals and order:
            goals = [name(order[-1])]
    if hours is None:
        hours = sum(float(r["hours"] or 0) for s in sections for r in s["steps"])
    known = [name(g) for g in getattr(plan, "known_goals", [])]
    return {"goals": goals, "known_goals": known, "hours": hours, "sections": sections}
