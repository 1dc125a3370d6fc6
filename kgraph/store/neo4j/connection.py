"""Connecting to Neo4j: one ``neo4j.Driver`` per process, with bounded timeouts, checked to
reach the server and accept the credentials, its log records kept off stderr.
"""

from __future__ import annotations

from kgraph.errors import ConnectionFailed, InputError
from kgraph.store.neo4j.errors import _first_line, neo4j_errors
from kgraph.store.neo4j.settings import (
    PASSWORD_SOURCES,
    Neo4jSettings,
    check_transport,
    check_uri,
    connection_settings,
)

CONNECTION_TIMEOUT = 5.0
"""Seconds to open a TCP connection (an unreachable host fails after this)."""
ACQUISITION_TIMEOUT = 10.0
"""Seconds to get a connection from the pool, including opening it."""
MAX_RETRY_TIME = 15.0
"""Seconds a managed transaction is retried on transient errors before giving up."""


def driver_options() -> dict:
    """The options kgraph gives ``neo4j.GraphDatabase.driver``: the timeouts above, the server's
    notifications off, and a ``kgraph/<version>`` user agent."""
    from kgraph._util.version import __version__

    return {
        "connection_timeout": CONNECTION_TIMEOUT,
        "connection_acquisition_timeout": ACQUISITION_TIMEOUT,
        "max_transaction_retry_time": MAX_RETRY_TIME,
        "notifications_min_severity": "OFF",
        "user_agent": f"kgraph/{__version__}",
    }


def connect(settings: Neo4jSettings | None = None, *, verify: bool = True):
    """A ``neo4j.Driver`` for ``settings`` (default: :func:`connection_settings`) with bounded
    timeouts, checked to reach the server and accept the credentials. Close it when done.

    A password about to go unencrypted to another host warns
    (:class:`~kgraph.errors.PlaintextPasswordWarning`), or is refused with
    ``settings.require_tls`` (see :func:`check_transport`).

    Raises:
        InputError: the URI is malformed (see :func:`check_uri`), or ``require_tls`` and the
            password would travel in plain text.
        ConnectionFailed: the server is unreachable (within :data:`CONNECTION_TIMEOUT` for the
            TCP connection, :data:`ACQUISITION_TIMEOUT` in all) or refuses the credentials.
    """
    import neo4j

    settings = settings or connection_settings()
    check_uri(settings.uri)
    check_transport(settings)
    quiet_driver_logs()
    auth = (settings.user, settings.password) if settings.password is not None else None
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, **driver_options())
    except (ValueError, TypeError, neo4j.exceptions.ConfigurationError) as exc:
        detail = _first_line(str(exc).replace(settings.uri, settings.address))
        raise InputError(f"invalid Neo4j URI {settings.address!r}: {detail}") from None
    if verify:
        try:
            with neo4j_errors(address=settings.address, user=settings.user, database=settings.database):
                driver.verify_connectivity()
        except ConnectionFailed as exc:
            driver.close()
            if settings.password is None and "credentials" in str(exc):
                raise ConnectionFailed(f"{exc} (no password given: {PASSWORD_SOURCES})") from None
            raise
        except BaseException:
            driver.close()
            raise
    return driver


def quiet_driver_logs() -> None:
    """Keep the driver's own log records (retries, dropped connections) off stderr.

    Without a handler anywhere, Python prints warnings and errors to stderr; a
    :class:`logging.NullHandler` on the ``neo4j`` logger stops that, while records still
    reach any handler the application configures (and never hold the password).
    """
    import logging

    logger = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _counters(summary) -> dict[str, int]:
    """The update counters kgraph reports, from a ``neo4j.ResultSummary``."""
    c = summary.counters
    names = (
        "nodes_created",
        "nodes_deleted",
        "relationships_created",
        "relationships_deleted",
        "properties_set",
        "labels_added",
        "constraints_added",
    )
    return {name: getattr(c, name) for name in names}
