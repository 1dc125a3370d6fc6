"""Print command results as an aligned text table, JSON or CSV. Data goes to stdout only.

Large results stream: :func:`stream_rows` writes rows as they come (to stdout or, atomically,
to a file), so memory does not grow with their number."""

from __future__ import annotations

import csv
import io
import itertools
import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence

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


def _table_layout(rows: Sequence[Mapping], columns: Sequence[str]) -> tuple[list[list[str]], list[int], list[bool]]:
    """The cells of ``rows``, each column's width, and which columns hold only numbers."""
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
    return cells, widths, numeric


def _table_line(values: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> str:
    parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
    return "  ".join(parts).rstrip()


def _table_head(columns: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> list[str]:
    return [_table_line(columns, widths, numeric), "  ".join("-" * w for w in widths)]


def table_text(rows: Sequence[Mapping], columns: Sequence[str] | None = None, *, title: str | None = None) -> str:
    """Rows as an aligned plain-text table with a header line."""
    columns = list(columns or (rows[0].keys() if rows else []))
    cells, widths, numeric = _table_layout(rows, columns)
    out = [title] if title else []
    out.extend(_table_head(columns, widths, numeric))
    out.extend(_table_line(r, widths, numeric) for r in cells)
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


# ---------------------------------------------------------------- streamed rows

TABLE_ROWS = 1000
"""A streamed table takes its column widths from its first rows; later text is cut to fit."""
CHUNK = 64 * 1024
"""Characters of streamed output gathered before each write..."""
CHUNK_SECONDS = 0.2
"""... or what came in this many seconds."""
_END = object()


def _json_pieces(rows: Iterable[Mapping]) -> Iterator[str]:
    """The text of :func:`json_text` of the rows as a list, row by row."""
    first = True
    for row in rows:
        text = json.dumps(row, ensure_ascii=False, indent=2, default=_json_default)
        yield ("[\n  " if first else ",\n  ") + text.replace("\n", "\n  ")  # JSON text holds no raw newline
        first = False
    yield "[]\n" if first else "\n]\n"


def _csv_pieces(rows: Iterable[Mapping], columns: Sequence[str]) -> Iterator[str]:
    """The text of :func:`csv_text`, row by row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def line(values) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(columns)
    for row in rows:
        yield line([_cell(row.get(col), None) for col in columns])


def _table_pieces(rows: Iterable[Mapping], columns: Sequence[str]) -> Iterator[str]:
    """The text of :func:`table_text` for up to :data:`TABLE_ROWS` rows; beyond, the widths of
    the first rows are kept (so memory stays bounded) and longer text is cut to fit (see
    :func:`_fitted`)."""
    rows = iter(rows)
    head = list(itertools.islice(rows, TABLE_ROWS))
    more = next(rows, _END)
    if more is _END:
        yield table_text(head, columns) + "\n"
        return
    cells, widths, numeric = _table_layout(head, columns)
    yield "\n".join([*_table_head(columns, widths, numeric), *(_table_line(r, widths, numeric) for r in cells)]) + "\n"
    del head, cells
    last = len(columns) - 1
    for row in itertools.chain([more], rows):
        values = [_fitted(row.get(col), widths[i], i == last) for i, col in enumerate(columns)]
        yield _table_line(values, widths, numeric) + "\n"


def _fitted(value, width: int, last: bool) -> str:
    """A streamed table's cell: text cut to its column's width, but numbers and the last
    column whole (a cut number would mislead; nothing follows the last column)."""
    text = _cell(value)
    if last or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return text
    return shorten(text, width)


def iter_rows_text(rows: Iterable[Mapping], fmt: str, columns: Sequence[str] | None = None) -> Iterator[str]:
    """``rows`` as ``fmt`` text, in pieces as the rows come (never all rows at once): JSON and
    CSV are the text of :func:`rows_text`, a table too up to :data:`TABLE_ROWS` rows."""
    rows = iter(rows)
    if columns is None:  # the first row's keys: peek at it
        first = next(rows, _END)
        columns = list(first.keys()) if first is not _END else []
        rows = itertools.chain([first], rows) if first is not _END else rows
    if fmt == "json":
        return _json_pieces(rows)
    if fmt == "csv":
        return _csv_pieces(rows, list(columns))
    return _table_pieces(rows, list(columns))


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into chunks of about :data:`CHUNK` characters, or of what came in
    :data:`CHUNK_SECONDS` (so slow rows still show up soon)."""
    buffer: list[str] = []
    size = 0
    since = time.monotonic()
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK or time.monotonic() - since >= CHUNK_SECONDS:
            yield "".join(buffer)
            buffer, size, since = [], 0, time.monotonic()
    if buffer:
        yield "".join(buffer)


def stream_rows(rows: Iterable[Mapping], fmt: str, columns: Sequence[str] | None = None, output=None) -> None:
    """Print ``rows`` in ``fmt`` as they come (see :func:`iter_rows_text`), or with ``output``
    write them to that file, atomically: if reading the rows fails midway, no file is left
    (stdout keeps what was printed). Memory stays bounded whatever the number of rows.

    Raises:
        StoreError: the file cannot be written.
    """
    pieces = _chunked(iter_rows_text(rows, fmt, columns))
    if output is None:
        for chunk in pieces:
            click.echo(chunk, nl=False)
        return
    from kgraph._util.files import atomic_write

    def write(handle) -> None:
        for chunk in pieces:
            handle.write(chunk.encode("utf-8"))

    path = atomic_write(output, write)
    click.echo(f"kgraph: wrote {path}", err=True)
