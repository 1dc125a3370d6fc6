"""The ``kgraph`` command group: global options, the graph source, and the one place
where errors become messages and exit codes (0 ok, 1 nothing found, 2 bad input,
3 server or I/O trouble)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import click

from kgraph import __version__
from kgraph.errors import KgraphError, PluginError


@dataclass
class Session:
    """What the global options say about where the graph comes from."""

    plugin_dirs: list[str] = field(default_factory=list)
    builtin: bool = True
    debug: bool = False
    _graph: object = None

    def graph(self):
        """The knowledge graph from the plugins (built once per process)."""
        if self._graph is None:
            from kgraph.loading import load_graph

            self._graph = load_graph(self.plugin_dirs, builtin=self.builtin)
        return self._graph


def report_error(exc: KgraphError) -> None:
    """Print an error as one line per problem on stderr."""
    if isinstance(exc, PluginError):
        for problem in exc.problems:
            click.echo(f"kgraph: {problem}", err=True)
    else:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            click.echo(f"kgraph: {line}", err=True)


class KgraphGroup(click.Group):
    """A click group that maps :class:`KgraphError` to a message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgraphError as exc:
            if ctx.obj is not None and getattr(ctx.obj, "debug", False):
                raise
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kgraph: interrupted", err=True)
            ctx.exit(130)


def plugin_options(func):
    """``--plugins DIR`` and ``--no-builtin`` on a command (they add to the group's own)."""
    func = click.option("--no-builtin", is_flag=True, default=False, help="Leave out the built-in roadmaps.")(func)
    return click.option(
        "--plugins",
        "plugin_dirs",
        multiple=True,
        type=click.Path(file_okay=False),
        help="An extra plugin folder (repeatable; also KGRAPH_PLUGIN_PATH).",
    )(func)


def session(ctx: click.Context, plugin_dirs=(), no_builtin: bool = False) -> Session:
    """The context's :class:`Session`, with a command's own plugin options added."""
    obj: Session = ctx.ensure_object(Session)
    obj.plugin_dirs.extend(d for d in plugin_dirs if d not in obj.plugin_dirs)
    if no_builtin:
        obj.builtin = False
    return obj


@click.group(cls=KgraphGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kgraph")
@click.option(
    "--plugins",
    "plugin_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    help="An extra plugin folder (repeatable; also KGRAPH_PLUGIN_PATH).",
)
@click.option("--no-builtin", is_flag=True, default=False, help="Leave out the built-in roadmaps.")
@click.option("--debug", is_flag=True, default=False, help="Show the traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, plugin_dirs, no_builtin, debug):
    """kgraph: what to learn next, in what order, and which skills bridge the most domains.

    Roadmaps are plugins (YAML files); kgraph builds them into one knowledge graph and
    answers questions over it. Run `kgraph COMMAND --help` for each command.
    """
    ctx.obj = Session(list(plugin_dirs), not no_builtin, debug)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="kgraph")
    except BrokenPipeError:  # e.g. `kgraph export ... | head`
        sys.stderr.close()
        sys.exit(0)
