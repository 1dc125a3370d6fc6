"""Reading kgraph's on/off environment variables (``KGRAPH_NO_CACHE=1`` and the like)."""

from __future__ import annotations

import os
from collections.abc import Mapping

TRUE = ("1", "true", "yes", "on")


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the variable ``name`` is set to a true value (``1``, ``true``, ``yes``, ``on``,
    any case) in ``environ`` (default: the process environment).

    Example:
        >>> env_flag("KGRAPH_QUIET", {"KGRAPH_QUIET": "Yes"}), env_flag("KGRAPH_QUIET", {})
        (True, False)
    """
    environ = os.environ if environ is None else environ
    return environ.get(name, "").strip().lower() in TRUE
