"""The docs hold: README.md stays an entry page, docs/cli.md covers every command, and what the
docs show is what kgraph does.

* Every command and subcommand of ``kgraph.cli.cli`` has help text and a heading in
  docs/cli.md, and every option of a command is named in its section of docs/cli.md (or in
  the section on the options many commands share).
* The example outputs in docs/cli.md and docs/plugins.md are checked: each ```text block
  holds ``$ kgraph ...`` lines, each followed by what the command prints (stdout and stderr,
  as a terminal shows them). Each block runs through click's CliRunner in a scratch folder of
  its own, which holds links to the repository's ``data/`` and ``tests/data/`` (so the docs
  use paths as seen from the root of a clone) and the files the page shows after an HTML
  comment ``<!-- file: PATH -->``, with a progress file of its own; the commands of one block
  share that folder, in order. A line ``...`` stands for any number of lines (at the end:
  "the rest is left out"). A block right after ``<!-- not checked: REASON -->`` (a Neo4j
  server, files of the reader's own) is not run.
* Every ``kgraph`` command line shown anywhere in README.md and docs/*.md (``$ kgraph`` lines,
  ``kgraph`` lines of ```bash blocks, the README's table of commands) names commands and
  options that exist: it is parsed with ``--help`` added, which must succeed.
* The ```python blocks of README.md and docs/*.md run (but those marked not checked).
* README.md is at most 10 KB, and every relative link in README.md and docs/*.md points to an
  existing file (and, with ``#anchor``, to an existing heading).
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
EXAMPLE_DOCS = [CLI_DOC, ROOT / "docs" / "plugins.md", ROOT / "docs" / "team.md"]
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 10 * 1024
SHARED_OPTIONS_HEADING = "Options many commands share"
NOT_CHECKED = re.compile(r"<!--\s*not checked:.*?-->", re.S)
FILE_NOTE = re.compile(r"<!--\s*file:\s*(\S+)\s*-->")
SHELL_OPERATORS = {"|", "||", "&&", ";", "<", "<<<", ">", ">>", "2>&1", "&"}
FENCE = re.compile(r"^```(\w*)\s*$")


# -- reading markdown ---------------------------------------------------------------------


@dataclass
class Block:
    """A fenced code block: its language, its lines, where it starts, and the line before it
    (an HTML comment may say it is not checked, or name the file it shows)."""

    doc: Path
    lang: str
    lines: list[str]
    line: int
    note: str

    @property
    def checked(self) -> bool:
        return not NOT_CHECKED.fullmatch(self.note)

    @property
    def file(self) -> str | None:
        m = FILE_NOTE.fullmatch(self.note)
        return m.group(1) if m else None


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a markdown file."""
    found, current, previous = [], None, ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fence = FENCE.match(line)
        if current is None:
            if fence:
                current = Block(path, fence.group(1), [], number, previous.strip())
            elif line.strip():
                previous = line
        elif line.strip() == "```":
            found.append(current)
            current, previous = None, ""
        else:
            current.lines.append(line)
    assert current is None, f"{path.name}: a code block opened on line {current.line} is never closed"
    return found


def headings(path: Path) -> list[tuple[int, str, int]]:
    """(level, text, line index) of each heading outside code blocks."""
    found, in_code = [], False
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and (m := re.match(r"(#{1,6})\s+(.*?)\s*#*\s*$", line)):
            found.append((len(m.group(1)), m.group(2), index))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _, text, _ in headings(path):
        base = slug(text)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def sections(path: Path) -> dict[str, str]:
    """Each heading's text (backticks removed) -> the text under it, down to the next heading
    of the same or a higher level (so a group's section holds its subcommands')."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marks = headings(path)
    out = {}
    for i, (level, text, start) in enumerate(marks):
        end = next((s for lv, _, s in marks[i + 1 :] if lv <= level), len(lines))
        out[text.replace("`", "").strip()] = "\n".join(lines[start:end])
    return out


# -- the command tree -----------------------------------------------------------------------


def commands(group: click.Group = cli, path: tuple[str, ...] = ("kgraph",)):
    """(path, command) for the group and every command and subcommand under it."""
    yield path, group
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = list(commands())
IDS = [" ".join(path) for path, _ in COMMANDS]


def test_the_command_tree_is_what_the_docs_expect():
    names = {" ".join(path[1:2]) for path, _ in COMMANDS if len(path) > 1}
    assert {"info", "show", "plan", "neo4j", "query", "progress", "viz"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_has_help(path, command):
    assert (command.help or "").strip(), f"`{' '.join(path)}` has no help text"
    assert command.get_short_help_str().strip(), f"`{' '.join(path)}` has no short help"


@pytest.mark.parametrize(("path", "command"), COMMANDS[1:], ids=IDS[1:])
def test_docs_cli_has_a_section_for_every_command(path, command):
    name = " ".join(path)
    found = sections(CLI_DOC)
    assert name in found, f"docs/cli.md has no heading `{name}`"
    shared = found.get(SHARED_OPTIONS_HEADING, "")
    global_options = found.get("Global options", "")
    missing = [
        flag
        for param in command.params
        if isinstance(param, click.Option) and "--help" not in param.opts
        for flag in [max(param.opts, key=len)]
        if not re.search(rf"{re.escape(flag)}\b", found[name] + shared + global_options)
    ]
    assert not missing, f"docs/cli.md, section `{name}`, does not name its options {missing}"


def test_docs_cli_names_the_global_options():
    text = sections(CLI_DOC)["Global options"]
    for param in cli.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert max(param.opts, key=len) in text, param.opts


# -- the example outputs --------------------------------------------------------------------


@dataclass
class Example:
    """One ``$ kgraph ...`` line and the output lines shown under it."""

    args: list[str]
    expected: list[str]
    line: int


def examples(block: Block) -> list[Example]:
    out: list[Example] = []
    for offset, line in enumerate(block.lines, start=1):
        where = f"docs/{block.doc.name} line {block.line + offset}"
        if line.startswith("$ "):
            args = shlex.split(line[2:])
            assert args[0] == "kgraph", f"{where}: only `$ kgraph ...` lines can be checked"
            shell = SHELL_OPERATORS.intersection(args)
            assert not shell, (
                f"{where}: {sorted(shell)} needs a shell; show the command without it (abbreviate the "
                "output with `...`) or mark the block `<!-- not checked: ... -->`"
            )
            out.append(Example(args[1:], [], block.line + offset))
        else:
            assert out, f"{where}: output before any `$ kgraph` line"
            out[-1].expected.append(line.rstrip())
    for example in out:
        while example.expected and not example.expected[-1]:
            example.expected.pop()
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` with each ``...`` line standing for any lines."""
    parts = [[]]
    for line in expected:
        if line == "...":
            parts.append([])
        else:
            parts[-1].append(line)
    if len(parts) == 1:
        return actual == parts[0]
    first, *middle, last = parts
    if actual[: len(first)] != first:
        return False
    at = len(first)
    for part in middle:
        found = next((i for i in range(at, len(actual) - len(part) + 1) if actual[i : i + len(part)] == part), None)
        if found is None:
            return False
        at = found + len(part)
    return len(actual) - at >= len(last) and (not last or actual[len(actual) - len(last) :] == last)


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a"], ["a", "b"], False),
        (["a", "..."], ["a", "b", "c"], True),
        (["a", "...", "c"], ["a", "b", "b", "c"], True),
        (["a", "...", "c", "..."], ["a", "b", "c", "d"], True),
        (["a", "...", "c"], ["a", "b", "c", "d"], False),
        (["a", "...", "a"], ["a"], False),
        (["a", "...", "x", "..."], ["a", "b"], False),
    ],
)
def test_an_ellipsis_line_stands_for_any_lines(expected, actual, ok):
    assert matches(expected, actual) is ok


CHECKED = [block for doc in EXAMPLE_DOCS for block in blocks(doc) if block.lang == "text" and block.checked]


def test_docs_cli_shows_example_outputs():
    in_cli = [block for block in CHECKED if block.doc == CLI_DOC]
    assert len(in_cli) >= 15
    shown = {example.args[0] for block in in_cli for example in examples(block)}
    top = {path[1] for path, _ in COMMANDS if len(path) == 2} - {"neo4j", "query"}
    assert not top - shown, f"docs/cli.md shows no checked example of {sorted(top - shown)}"


def write_shown_files(doc: Path, folder: Path) -> None:
    """Write the files ``doc`` shows (the blocks after ``<!-- file: PATH -->``) into ``folder``."""
    for block in blocks(doc):
        if block.file:
            target = folder / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(block.lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("block", CHECKED, ids=[f"{b.doc.stem}:{b.line}" for b in CHECKED])
def test_docs_example_output_is_what_kgraph_prints(block, scratch):
    write_shown_files(block.doc, scratch)
    runner = CliRunner()
    for example in examples(block):
        result = runner.invoke(cli, example.args, catch_exceptions=False)
        actual = [line.rstrip() for line in result.output.splitlines()]
        while actual and not actual[-1]:
            actual.pop()
        command = "kgraph " + shlex.join(example.args)
        assert matches(example.expected, actual), (
            f"docs/{block.doc.name} line {example.line}: `{command}` (exit code {result.exit_code}) prints:\n"
            + "\n".join(actual)
            + "\n\nbut the doc shows:\n"
            + "\n".join(example.expected)
        )


# -- every command line shown parses --------------------------------------------------------


def command_lines():
    """(file, line, args) for each kgraph command line the README and docs show."""
    for path in DOCS:
        for block in blocks(path):
            for offset, line in enumerate(block.lines, start=1):
                text = line[2:] if line.startswith("$ ") else line if block.lang in ("bash", "sh") else ""
                if text.startswith("kgraph "):
                    yield path.name, block.line + offset, text
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("|"):
            for span in re.findall(r"`(kgraph [^`]+)`", line):
                yield README.name, number, span


def shell_words(text: str) -> list[str]:
    """The words of a command line up to the first shell operator or comment."""
    text = re.sub(r"\s\d>(&\d|\S+)", " ", text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars="|&;<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words = []
    for word in lexer:
        if set(word) <= set("|&;<>"):
            break
        words.append(word)
    return words


LINES = list(command_lines())


def test_the_docs_show_command_lines():
    assert len(LINES) > 60


@pytest.mark.parametrize(("name", "line", "text"), LINES, ids=[f"{n}:{ln}" for n, ln, _ in LINES])
def test_every_command_line_shown_names_real_commands_and_options(name, line, text, scratch):
    args = shell_words(text)[1:]
    result = CliRunner().invoke(cli, [*args, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, f"{name} line {line}: `{text}` does not parse:\n{result.output}"


# -- README -----------------------------------------------------------------------------------


def test_readme_is_an_entry_page():
    size = README.stat().st_size
    assert size <= README_LIMIT, f"README.md is {size} bytes; keep it under {README_LIMIT} (details go to docs/)"


def test_readme_table_has_every_top_level_command():
    text = README.read_text(encoding="utf-8")
    cells = [line.split("|")[1] for line in text.splitlines() if line.startswith("| ")]
    named = {words[0] for cell in cells if (words := re.sub(r"\(.*?\)|[\[\]`]", "", cell).split())}
    top = {path[1] for path, _ in COMMANDS if len(path) == 2}
    assert not top - named, f"README.md's table of commands lacks {sorted(top - named)}"


PYTHON = [block for doc in DOCS for block in blocks(doc) if block.lang == "python" and block.checked]


def test_the_readme_shows_python():
    assert any(block.doc == README for block in PYTHON), "README.md shows no Python example"


@pytest.mark.parametrize("block", PYTHON, ids=[f"{b.doc.stem}:{b.line}" for b in PYTHON])
def test_python_example_runs(block, scratch, capsys):
    write_shown_files(block.doc, scratch)
    exec(compile("\n".join(block.lines), f"{block.doc.name}:{block.line}", "exec"), {})


# -- links -----------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def links():
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
        for target in LINK.findall(text):
            if not re.match(r"[a-z]+:", target):
                yield path, target


LINKS = list(links())


def test_the_docs_link_to_each_other():
    assert len(LINKS) > 20


@pytest.mark.parametrize(("path", "target"), LINKS, ids=[f"{p.name}->{t}" for p, t in LINKS])
def test_every_relative_link_resolves(path, target):
    file, _, anchor = target.partition("#")
    dest = (path.parent / file).resolve() if file else path
    assert dest.exists(), f"{path.name} links to {target}, which does not exist"
    assert os.path.commonpath([dest, ROOT]) == str(ROOT), f"{path.name} links outside the repository: {target}"
    if anchor and dest.suffix == ".md":
        assert anchor in anchors(dest), f"{path.name} links to {target}, but {dest.name} has no such heading"
