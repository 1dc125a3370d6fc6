"""Options and helpers shared by the CLI's commands: what a learner knows, whether to follow
recommended prerequisites, topic references, and table-friendly names."""

from __future__ import annotations

import click

from kgraph._util.text import counted
from kgraph.exports.text import name_of as name_of  # one helper for the CLI and the exports


def known_options(func):
    """``--known TOPIC`` (repeatable; a roadmap or category name means all its topics),
    ``--progress FILE`` and ``--no-progress``."""
    func = click.option("--no-progress", is_flag=True, help="Ignore the default progress file.")(func)
    func = click.option(
        "--progress",
        "progress_file",
        type=click.Path(dir_okay=False),
        help="Progress file (topic -> done|learning|skipped). Default: $KGRAPH_PROGRESS or "
        "~/.config/kgraph/progress.yaml when it exists.",
    )(func)
    return click.option(
        "--known",
        "known",
        multiple=True,
        metavar="TOPIC",
        help="A topic you know (repeatable); a roadmap (docker) or a category (docker/core-competencies) "
        "stands for all its topics.",
    )(func)


def recommended_option(func):
    """``--with-recommended``: follow recommended prerequisites too (essential ones only by default)."""
    return click.option(
        "--with-recommended",
        is_flag=True,
        help="Follow recommended prerequisites too (by default only essential ones: those a topic cannot "
        "be learned without).",
    )(func)


def resolve_all(G, refs) -> list[str]:
    """Topic ids for topic references (see :func:`kgraph.resolve_topic`)."""
    from kgraph.model.lookup import resolve_topic

    return [resolve_topic(G, ref) for ref in refs]


def resolve_known(G, refs) -> list[str]:
    """Topic ids for ``--known`` references (a roadmap or category stands for its topics)."""
    from kgraph.model.lookup import resolve_topics

    return list(dict.fromkeys(t for ref in refs for t in resolve_topics(G, ref)))


def read_progress(G, progress_file, no_progress):
    """The progress to use: ``--progress FILE``, else none with ``--no-progress``, else the
    default file when it exists (saying so on stderr)."""
    from kgraph.store.progress import Progress, default_progress_path, load_progress

    if progress_file:
        return load_progress(progress_file, G)
    if no_progress:
        return Progress(None)
    path = default_progress_path()
    progress = load_progress(path, G, missing_ok=True)
    if progress:
        count = counted(len(progress), "topic")
        click.echo(f"kgraph: using progress from {path} ({count}; --no-progress to ignore)", err=True)
    return progress


def readable(G, rows) -> list[dict]:
    """Rows for a table: roadmap ids shown as names, roadmap id lists as short ids."""
    out = []
    for row in rows:
        row = dict(row)
        if row.get("roadmap"):
            row["roadmap"] = name_of(G, row["roadmap"])
        if isinstance(row.get("roadmap_ids"), str):
            row["roadmap_ids"] = row["roadmap_ids"].replace("roadmap:", "")
        out.append(row)
    return out


def hours(value) -> str:
    """Hours for people: ``3 h``, ``2.5 h``."""
    return f"{value:g} h"
