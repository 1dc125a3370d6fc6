"""The one-way layering of the package: a module imports only from its own package or from
layers below it.

    errors  <-  _util  <-  model  <-  {plugins, analysis, store}  <-  {pipeline, viz, exports}  <-  cli

``plugins``, ``analysis`` and ``store`` are siblings and never import each other; the
package root (``kgraph/__init__.py``) only names the public API lazily.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kgraph"
LAYERS = {
    "errors": 0,
    "_util": 1,
    "model": 2,
    "plugins": 3,
    "analysis": 3,
    "store": 3,
    "pipeline": 4,
    "viz": 4,
    "exports": 4,
    "cli": 5,
}


def _part(module: str) -> str | None:
    """The top-level part of a ``kgraph.*`` module (``kgraph.store.neo4j.push`` -> ``store``)."""
    parts = module.split(".")
    if parts[0] != "kgraph" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:  # `from kgraph import x` names a module of the package
                if node.module == "kgraph":
                    yield node.lineno, f"kgraph.{alias.name}"


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_point_down(path):
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    assert own in LAYERS, f"{own}: a module outside the known layers"
    wrong = []
    for line, module in _imports(path):
        other = _part(module)
        if other is None or other == own:
            continue
        if other not in LAYERS or LAYERS[other] >= LAYERS[own]:
            wrong.append(f"line {line}: {module}")
    assert wrong == [], f"{path.relative_to(PACKAGE)} imports upwards or sideways"


def test_every_module_is_small():
    big = {
        str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 500
    }
    assert big == {}


def test_only_one_module_is_called_load():
    assert [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("load*.py")] == ["plugins/load.py"]


def test_no_cli_module_imports_a_private_name_from_another_module():
    wrong = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kgraph"):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.endswith("__")]
                wrong += [f"{path.name}: {node.module}.{name}" for name in private]
    assert wrong == []


def test_the_cli_builds_its_choices_from_the_api_vocabulary():
    """Every click.Choice of the CLI lists exactly an API constant (no restated lists)."""
    import click

    from kgraph.cli import cli
    from kgraph.model import vocabulary

    constants = {tuple(getattr(vocabulary, n)) for n in vocabulary.__all__}
    constants |= {(*vocabulary.PROGRESS_STATES, "clear"), ("table", "json", "csv"), ("table", "json")}

    def walk(command):
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    for command in walk(cli):
        for param in command.params:
            if isinstance(param.type, click.Choice):
                assert tuple(param.type.choices) in constants, (command.name, param.name, param.type.choices)
