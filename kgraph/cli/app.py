"""The ``kgraph`` command group: global options, the graph source, and the one place
where errors become messages and exit codes (0 ok, 1 nothing found, 2 bad input,
3 server or I/O trouble)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import click

from kgraph._util.text import printable
from kgraph._util.version import __version__
from kgraph.errors import InputError, KgraphError, PluginError
from kgraph.model.vocabulary import GRAPH_SOURCES


@dataclass
class Session:
    """What the global options say about where the graph comes from, and the process's one
    Neo4j driver (made on first use, closed when the command ends)."""

    plugin_dirs: list[str] = field(default_factory=list)
    builtin: bool = True
    debug: bool = False
    source: str = "plugins"
    cache: bool | None = None
    neo4j: dict = field(default_factory=dict)
    password_prompt: bool = False
    _settings: object = None
    _graph: object = None
    _driver: object = None

    def graph(self, *, lazy: bool = False):
        """The knowledge graph (built or pulled once per process) from :attr:`source`.

        ``lazy``: the command asks about a few topics, so a graph read lazily from the build
        cache will do (:func:`kgraph.pipeline.open_graph`); otherwise every node is loaded.
        """
        if self._graph is not None and not lazy:
            from kgraph.model.precomputed import is_stored

            if is_stored(self._graph):
                self._graph = None  # read lazily before: this command needs all of it
        if self._graph is None:
            if self.source == "neo4j":
                if self.plugin_dirs or not self.builtin:
                    raise InputError("--plugins and --no-builtin choose plugins: they do not apply to --source neo4j")
                from kgraph.store.neo4j import pull_graph

                self._graph = pull_graph(self.neo4j_driver(), database=self.neo4j_settings().database)
            else:
                from kgraph.pipeline import load_graph, open_graph

                load = open_graph if lazy else load_graph
                self._graph = load(self.plugin_dirs, builtin=self.builtin, cache=self.cache)
        return self._graph

    def neo4j_settings(self):
        """Connection settings: the ``--uri`` ... options given, else the environment, else ``.env``
        (or ``--env-file``), one source per connection; with ``--password-prompt``, the password
        typed on the terminal, asked once and only for a connection that is not refused."""
        from kgraph.store.neo4j import connection_settings

        if self._settings is None:
            options = dict(self.neo4j)
            if self.password_prompt and "password" in options:
                raise InputError("give --password or --password-prompt, not both")
            ask = prompt_password if self.password_prompt else None
            self._settings = connection_settings(**options, ask_password=ask)
        return self._settings

    def neo4j_driver(self):
        """The process's Neo4j driver, connected and checked on first use."""
        if self._driver is None:
            from kgraph.store.neo4j import connect

            self._driver = connect(self.neo4j_settings())
        return self._driver

    def close(self) -> None:
        """Close the Neo4j driver if one was opened."""
        if self._driver is not None:
            driver, self._driver = self._driver, None
            driver.close()


def report_error(exc: KgraphError) -> None:
    """Print an error as one line per problem on stderr."""
    if isinstance(exc, PluginError):
        for problem in exc.problems:
            click.echo(f"kgraph: {printable(str(problem))}", err=True)
    else:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            click.echo(f"kgraph: {printable(line)}", err=True)


class OneLineUsageError(click.UsageError):
    """A usage error shown as one line (``kgraph plan: Invalid value for ...``), exit code 2."""

    def show(self, file=None) -> None:
        where = self.ctx.command_path if self.ctx else "kgraph"
        hint = f" (see `{where} --help`)" if self.ctx else ""
        message = " ".join(self.format_message().split()).rstrip(".")
        click.echo(f"{where}: {message}{hint}", err=True)


def _one_line(exc: click.UsageError) -> OneLineUsageError:
    """``exc`` shown as one line (itself when it already is)."""
    return exc if isinstance(exc, OneLineUsageError) else OneLineUsageError(exc.format_message(), exc.ctx)


class KgraphGroup(click.Group):
    """A click group that maps :class:`KgraphError` to a message and its exit code, and shows
    usage errors (a bad option value, a missing argument) as one line."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except KgraphError as exc:
            if ctx.obj is not None and getattr(ctx.obj, "debug", False):
                raise
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kgraph: interrupted", err=True)
            ctx.exit(130)


def plugin_options(func):
    """``--plugins DIR`` and ``--no-builtin``: on the group, and on each command that reads
    plugins (a command's own add to the group's)."""
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


def _set_source(ctx: click.Context, _param, value):
    if value is not None:
        ctx.ensure_object(Session).source = value
    return value


def source_option(func):
    """``--source plugins|neo4j`` on a command: where :meth:`Session.graph` takes the graph from."""
    return click.option(
        "--source",
        "data_source",
        type=click.Choice(GRAPH_SOURCES),
        default=None,
        expose_value=False,
        callback=_set_source,
        help="Where the graph comes from: the roadmap plugins [default], or the Neo4j database that "
        "`kgraph neo4j push` filled (connection from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD or .env).",
    )(func)


def _neo4j_setter(key: str):
    def store(ctx: click.Context, _param, value):
        if value is not None and value is not False:  # a flag not given leaves the environment's say
            ctx.ensure_object(Session).neo4j[key] = value
        return value

    return store


def prompt_password() -> str:
    """The Neo4j password, typed on the terminal without echo (never asked for without one)."""
    if sys.stdin is None or not sys.stdin.isatty():
        raise InputError("--password-prompt needs a terminal; in scripts use NEO4J_PASSWORD or a .env file")
    return click.prompt("Neo4j password", hide_input=True, err=True)


def _ask_password(ctx: click.Context, _param, value):
    if value:
        ctx.ensure_object(Session).password_prompt = True
    return value


def neo4j_options(func):
    """``--uri``, ``--user``, ``--password``, ``--password-prompt``, ``--database``, ``--env-file``,
    ``--require-tls``: the Neo4j connection (flag > env > .env, one source per connection)."""
    values = [
        ("--uri", "uri", "Bolt URI of the server [env NEO4J_URI; default bolt://localhost:7687]."),
        ("--user", "user", "User name [env NEO4J_USER; default neo4j]."),
        (
            "--password",
            "password",
            "Password [env NEO4J_PASSWORD]; never printed (but `ps` shows it: prefer the others).",
        ),
        ("--database", "database", "Database name [env NEO4J_DATABASE; default: the server's default]."),
    ]
    options = [
        click.option(flag, f"neo4j_{key}", default=None, expose_value=False, callback=_neo4j_setter(key), help=text)
        for flag, key, text in values
    ]
    prompt = "Ask for the password on the terminal, hidden (never in scripts)."
    options.insert(
        3, click.option("--password-prompt", is_flag=True, expose_value=False, callback=_ask_password, help=prompt)
    )
    options.append(
        click.option(
            "--env-file",
            "neo4j_env_file",
            type=click.Path(dir_okay=False),
            default=None,
            expose_value=False,
            callback=_neo4j_setter("dotenv"),
            help="Read NEO4J_* from this file instead of ./.env (it must be yours, not group/other-writable).",
        )
    )
    options.append(
        click.option(
            "--require-tls",
            "neo4j_require_tls",
            is_flag=True,
            default=None,
            expose_value=False,
            callback=_neo4j_setter("require_tls"),
            help="Refuse to send the password unencrypted (bolt://, neo4j://) to another host "
            "[env KGRAPH_REQUIRE_TLS=1].",
        )
    )
    for option in reversed(options):
        func = option(func)
    return func


@click.group(cls=KgraphGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kgraph")
@plugin_options
@click.option("--debug", is_flag=True, default=False, help="Show the traceback of an error.")
@click.option("--no-cache", is_flag=True, default=False, help="Build the graph afresh (also KGRAPH_NO_CACHE=1).")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    default=False,
    help="Show no progress bars or spinners on stderr (also KGRAPH_QUIET=1).",
)
@click.pass_context
def cli(ctx: click.Context, plugin_dirs, no_builtin, debug, no_cache, quiet):
    """kgraph: what to learn next, in what order, and which skills bridge the most domains.

    Roadmaps are plugins (YAML files); kgraph builds them into one knowledge graph and
    answers questions over it. Run `kgraph COMMAND --help` for each command.
    """
    ctx.obj = Session(list(plugin_dirs), not no_builtin, debug, cache=False if no_cache else None)
    ctx.call_on_close(ctx.obj.close)
    _warnings_as_lines()
    from kgraph._util import progress

    if progress.enable_on_terminal(sys.stderr, quiet=quiet):  # steps over half a second show progress
        ctx.call_on_close(progress.disable)


def _warnings_as_lines() -> None:
    """Show kgraph's own warnings (an unsafe build cache or ``.env``, a password sent in plain
    text) as one ``kgraph: warning:`` line each."""
    import warnings

    from kgraph.errors import KgraphWarning

    shown = warnings.showwarning
    if getattr(shown, "kgraph", False):
        return

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, KgraphWarning):
            click.echo(f"kgraph: warning: {printable(str(message))}", err=True)
        else:
            shown(message, category, filename, lineno, file, line)

    show.kgraph = True
    warnings.showwarning = show


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="kgraph")
    except BrokenPipeError:  # e.g. `kgraph export ... | head`
        sys.stderr.close()
        sys.exit(0)
