"""A scheduled plan as an iCalendar file (RFC 5545) that calendar apps import: one event per
study session, with the topic's description and the reason it is needed.

Built with the ``icalendar`` library, imported here only. Times are floating (local time
wherever the calendar is opened), as a study evening is. Event UIDs are stable for the same
goals, topic and session number, so importing an updated plan updates its events.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from kgraph.exports.text import hours, name_of, reasons


def plan_calendar(G, plan, schedule) -> bytes:
    """The sessions of ``schedule`` (see :func:`kgraph.analysis.schedule.schedule_plan`) for
    ``plan`` as an iCalendar file.

    Each event is titled with the topic and its roadmap (and ``(1/2)`` when it takes several
    sessions) and describes the topic, why the plan needs it, and how much of it the session
    covers.

    Example:
        >>> from kgraph import learning_plan, schedule_plan
        >>> plan = learning_plan(G, ["topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa"])
        >>> ics = plan_calendar(G, plan, schedule_plan(plan, 5, start="2027-01-04"))
        >>> ics.count(b"BEGIN:VEVENT") == len(schedule_plan(plan, 5, start="2027-01-04").sessions)
        True
    """
    from icalendar import Calendar, Event

    steps = {step.topic: step for step in plan.steps}
    goals = ", ".join(name_of(G, g) for g in plan.goals)
    key = hashlib.sha1("|".join(plan.goals).encode()).hexdigest()[:10]
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//kgraph//learning plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Learning plan: {goals}")
    for session in schedule.sessions:
        step = steps[session.topic]
        roadmap = name_of(G, step.roadmap)
        title = f"{step.name} · {roadmap}"
        if session.sessions > 1:
            title += f" ({session.session}/{session.sessions})"
        event = Event()
        local = session.topic.removeprefix("topic:").replace("/", "-")
        event.add("uid", f"kgraph-{key}-{local}-{session.session}@kgraph")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("summary", title)
        event.add("description", _description(G, step, session, goals))
        event.add("categories", [roadmap])
        calendar.add_component(event)
    return calendar.to_ical()


def _description(G, step, session, goals: str) -> str:
    lines = []
    description = G.nodes[step.topic].get("description") if step.topic in G else None
    if description:
        lines.append(description)
    lines.append(f"Why: {reasons(G, step)}")
    amount = f"{hours(session.hours)} of {hours(step.effort_hours)}"
    if session.sessions > 1:
        amount += f" (session {session.session} of {session.sessions})"
    lines.append(f"This session: {amount}.")
    lines.append(f"Learning plan for {goals}. kgraph id: {step.topic}")
    return "\n".join(lines)
