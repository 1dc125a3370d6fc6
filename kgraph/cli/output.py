"""Print command results as an aligned text table, JSON or CSV. Data goes to stdout only."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence

import click

from kgraph._util.text import shorten

FORMATS = ("table", "json", "csv")
MAX_CELL = 70


def format_option(*formats: str, default: str = "table"):
    """The ``--format`` option shared by every command that prints data."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats or FORMATS),
        default=default,
        show_default=True,
        help="Output format: an aligned table for people, JSON or CSV for tools"
        + ("; markdown, a checklist" if "markdown" in formats else "")
        + ("; ics, a calendar" if "ics" in formats else "")
        + ".",
    )


def _cell(value, limit: int | None = MAX_CELL) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.4g}"
    elif isinstance(value, (list, tuple, set)):
        text = ", ".join(_cell(v, None) for v in value)
    elif isinstance(value, Mapping):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    text = " ".join(text.split())
    return shorten(text, limit) if limit else text


def table_text(rows: Sequence[Mapping], columns: Sequence[str] | None = None, *, title: str | None = None) -> str:
    """Rows as an aligned plain-text table with a header line."""
    columns = list(columns or (rows[0].keys() if rows else []))
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [max([len(col), *(len(r[i]) for r in cells)]) for i, col in enumerate(columns)]
    numeric = [
        all(
            isinstance(row.get(col), (int, float)) and not isinstance(row.get(col), bool)
            for row in rows
            if row.get(col) is not None
        )
        for col in columns
    ]

    def line(values):
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = []
    if title:
        out.append(title)
    out.append(line(columns))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r) for r in cells)
    if not rows:
        out.append("(none)")
    return "\n".join(out)


def json_text(data) -> str:
    """``data`` as indented JSON text."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def echo_json(data) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json_text(data))


def _json_default(value):
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def csv_text(rows: Iterable[Mapping], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV text with a header line."""
    rows = list(rows)
    columns = list(columns or (rows[0].keys() if rows else []))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(col), None) for col in columns])
    return out.getvalue()


def echo_csv(rows: Iterable[Mapping], columns: Sequence[str] | None = None) -> None:
    """Print rows as CSV with a header line on stdout."""
    click.echo(csv_text(rows, columns), nl=False)


def emit(content: str | bytes, output: str | None) -> None:
    """Print ``content`` on stdout, or with ``output`` write it to that file (atomically, so a
    failure leaves no half-written file) and say so on stderr.

    Raises:
        StoreError: the file cannot be written.
    """
    if output is None:
        click.echo(content, nl=not (content.endswith(b"\n") if isinstance(content, bytes) else content.endswith("\n")))
        return
    from kgraph._util.files import atomic_write

    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path = atomic_write(output, lambda handle: handle.write(data))
    click.echo(f"kgraph: wrote {path}", err=True)


def output_option(func):
    """``-o/--output FILE``: write the output to FILE instead of stdout."""
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Write to FILE (atomically) instead of stdout.",
    )(func)


def rows_text(
    rows: Sequence[Mapping], fmt: str, columns: Sequence[str] | None = None, *, title: str | None = None, data=None
) -> str:
    """``rows`` as ``fmt`` text (JSON of ``data`` instead when given: the full result), ending in a newline."""
    if fmt == "json":
        return json_text(rows if data is None else data) + "\n"
    if fmt == "csv":
        return csv_text(rows, columns)
    return table_text(rows, columns, title=title) + "\n"


def echo_rows(
    rows: Sequence[Mapping], fmt: str, columns: Sequence[str] | None = None, *, title: str | None = None, data=None
) -> None:
    """Print ``rows`` in ``fmt``; JSON prints ``data`` instead when given (the full result)."""
    click.echo(rows_text(rows, fmt, columns, title=title, data=data), nl=False)


def echo_result(result, fmt: str, columns: Sequence[str] | None = None, *, rows=None, title: str | None = None):
    """Print any API result (see :mod:`kgraph._util.results`) in ``fmt``: JSON its
    ``to_dict()``, CSV its ``rows()`` (in ``columns``), a table its rows (``rows`` overrides
    them, e.g. with names in place of ids, for the table and CSV)."""
    echo_rows(result.rows() if rows is None else rows, fmt, columns, title=title, data=result.to_dict())
