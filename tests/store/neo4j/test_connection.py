"""Connecting without a server: unreachable hosts fail fast, bad URIs before connecting, and the
CLI loads the driver only when a command needs it."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from kgraph.errors import ConnectionFailed
from kgraph.store.neo4j import connection, settings
from tests.neo4j_server import closed_port


def test_unreachable_server_fails_fast():
    started = time.perf_counter()
    with pytest.raises(ConnectionFailed, match=re.escape("cannot reach Neo4j at bolt://127.0.0.1")):
        connection.connect(settings.Neo4jSettings(uri=f"bolt://127.0.0.1:{closed_port()}", password="whatever-1234"))
    assert time.perf_counter() - started < 5


def test_driver_options_bound_every_wait():
    options = connection.driver_options()
    assert options["connection_timeout"] == connection.CONNECTION_TIMEOUT
    assert options["connection_acquisition_timeout"] == connection.ACQUISITION_TIMEOUT
    assert options["max_transaction_retry_time"] == connection.MAX_RETRY_TIME
    assert options["user_agent"].startswith("kgraph/")


def test_cli_unreachable_server_exits_3(run):
    started = time.perf_counter()
    secret = "never-print-me-42"
    result = run("neo4j", "status", "--uri", f"bolt://127.0.0.1:{closed_port()}", "--password", secret)
    assert result.exit_code == 3
    assert result.stderr.startswith("kgraph: cannot reach Neo4j at bolt://127.0.0.1:")
    assert secret not in result.output and "Traceback" not in result.output
    assert time.perf_counter() - started < 5


def test_cli_bad_uri_exits_2(run):
    result = run("neo4j", "status", "--uri", "localhost:7687")
    assert result.exit_code == 2
    assert "invalid Neo4j URI 'localhost:7687'" in result.stderr


def test_cli_source_neo4j_refuses_plugin_options(run, tmp_path):
    result = run("info", "--source", "neo4j", "--plugins", tmp_path)
    assert result.exit_code == 2
    assert "do not apply to --source neo4j" in result.stderr


def test_help_does_not_import_the_driver():
    code = "import sys; from kgraph.cli import cli; assert 'neo4j' not in sys.modules, 'neo4j imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_store_package_imports_neither_the_driver_nor_networkx():
    code = (
        "import sys; import kgraph.store.neo4j; "
        "heavy = {'neo4j', 'networkx', 'pandas'} & set(sys.modules); assert not heavy, sorted(heavy)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
