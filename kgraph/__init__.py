"""kgraph: a knowledge-graph toolkit for infrastructure learning roadmaps.

The public API: every name below is importable from ``kgraph`` (``from kgraph import
learning_plan, Plan, InputError``). Functions take the graph first; every call that returns
data returns a result with ``rows()``, ``to_dict()`` and ``to_frame()``; every error is a
:class:`KgraphError` (the tree is drawn in :mod:`kgraph.errors`). Names are imported on first
use, so ``import kgraph`` (and ``kgraph --help``) stays fast.

>>> import kgraph
>>> G = kgraph.load_graph()
>>> plan = kgraph.learning_plan(G, [kgraph.resolve_topic(G, "kubernetes:HPA")])
>>> plan.topics[-1]
'topic:kubernetes/scaling-considerations/horizontal-pod-autoscaler-hpa'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from kgraph._util.version import __version__ as __version__

_API = {
    "load_graph": "kgraph.pipeline",
    "open_graph": "kgraph.pipeline",
    "build_graph": "kgraph.model.build",
    "EdgeKind": "kgraph.model.kinds",
    "NodeKind": "kgraph.model.kinds",
    "LEVELS": "kgraph.model.kinds",
    "resolve_roadmaps": "kgraph.model.lookup",
    "resolve_topic": "kgraph.model.lookup",
    "resolve_topics": "kgraph.model.lookup",
    "RuleWarning": "kgraph.model.rules",
    "rule_warnings": "kgraph.model.rules",
    "load_plugins": "kgraph.plugins.load",
    "import_markdown": "kgraph.plugins.markdown",
    "PluginInfo": "kgraph.plugins.validation",
    "PluginList": "kgraph.plugins.validation",
    "Validation": "kgraph.plugins.validation",
    "list_plugins": "kgraph.plugins.validation",
    "validate_paths": "kgraph.plugins.validation",
    "GraphInfo": "kgraph.analysis.summary",
    "Neighbour": "kgraph.analysis.summary",
    "TopicDetails": "kgraph.analysis.summary",
    "graph_info": "kgraph.analysis.summary",
    "topic_details": "kgraph.analysis.summary",
    "LearningPath": "kgraph.analysis.paths",
    "LearningPaths": "kgraph.analysis.paths",
    "PathStep": "kgraph.analysis.paths",
    "learning_path": "kgraph.analysis.paths",
    "Choice": "kgraph.analysis.plans",
    "Extra": "kgraph.analysis.plans",
    "NeededBy": "kgraph.analysis.plans",
    "Plan": "kgraph.analysis.plans",
    "PlanStep": "kgraph.analysis.plans",
    "PlanDurations": "kgraph.analysis.plans",
    "learning_plan": "kgraph.analysis.plans",
    "Schedule": "kgraph.analysis.schedule",
    "ScheduledTopic": "kgraph.analysis.schedule",
    "StudySession": "kgraph.analysis.schedule",
    "schedule_plan": "kgraph.analysis.schedule",
    "OrderedTopic": "kgraph.analysis.ordering",
    "Ordering": "kgraph.analysis.ordering",
    "prerequisite_order": "kgraph.analysis.ordering",
    "Frontier": "kgraph.analysis.frontier",
    "NextTopic": "kgraph.analysis.frontier",
    "next_topics": "kgraph.analysis.frontier",
    "Centrality": "kgraph.analysis.centrality",
    "RankedNode": "kgraph.analysis.centrality",
    "cross_domain_centrality": "kgraph.analysis.centrality",
    "Audit": "kgraph.analysis.audit",
    "HubTopic": "kgraph.analysis.audit",
    "audit": "kgraph.analysis.audit",
    "ProgressSummary": "kgraph.analysis.progress",
    "progress_summary": "kgraph.analysis.progress",
    "frames": "kgraph.analysis.frames",
    "TeamMatrix": "kgraph.analysis.team",
    "TeamRisks": "kgraph.analysis.team",
    "team_matrix": "kgraph.analysis.team",
    "team_risks": "kgraph.analysis.team",
    "TeamPlan": "kgraph.analysis.team_plan",
    "team_plan": "kgraph.analysis.team_plan",
    "Team": "kgraph.store.team",
    "load_team": "kgraph.store.team",
    "Progress": "kgraph.store.progress",
    "load_progress": "kgraph.store.progress",
    "save_progress": "kgraph.store.progress",
    "update_progress": "kgraph.store.progress",
    "progress_stats": "kgraph.analysis.pace",
    "ProgressStats": "kgraph.analysis.pace",
    "merge_progress": "kgraph.store.progress",
    "ProgressMerge": "kgraph.store.progress",
    "export_graph": "kgraph.store.files",
    "read_graph": "kgraph.store.files",
    "CypherQuery": "kgraph.store.queries",
    "QueryLibrary": "kgraph.store.queries",
    "list_queries": "kgraph.store.queries",
    "load_query": "kgraph.store.queries",
    "Neo4jSettings": "kgraph.store.neo4j",
    "PushSummary": "kgraph.store.neo4j",
    "QueryResult": "kgraph.store.neo4j",
    "ServerStatus": "kgraph.store.neo4j",
    "connect": "kgraph.store.neo4j",
    "connection_settings": "kgraph.store.neo4j",
    "pull_graph": "kgraph.store.neo4j",
    "push_graph": "kgraph.store.neo4j",
    "run_cypher": "kgraph.store.neo4j",
    "server_status": "kgraph.store.neo4j",
    "HtmlPage": "kgraph.viz.html",
    "render_html": "kgraph.viz.html",
    "Picture": "kgraph.viz.picture",
    "plan_picture": "kgraph.viz.picture",
    "path_picture": "kgraph.viz.picture",
    "plan_checklist": "kgraph.exports.checklist",
    "next_checklist": "kgraph.exports.checklist",
    "plan_calendar": "kgraph.exports.calendar",
    "Result": "kgraph._util.results",
    "AmbiguousTopic": "kgraph.errors",
    "ConnectionFailed": "kgraph.errors",
    "CycleError": "kgraph.errors",
    "InputError": "kgraph.errors",
    "KgraphError": "kgraph.errors",
    "MissingParameter": "kgraph.errors",
    "NoPath": "kgraph.errors",
    "NotFound": "kgraph.errors",
    "PluginError": "kgraph.errors",
    "Problem": "kgraph.errors",
    "QueryError": "kgraph.errors",
    "RoadmapNotFound": "kgraph.errors",
    "StoreError": "kgraph.errors",
    "KgraphWarning": "kgraph.errors",
    "PlaintextPasswordWarning": "kgraph.errors",
    "UnsafeCacheWarning": "kgraph.errors",
    "UnsafeDotenvWarning": "kgraph.errors",
    "TopicNotFound": "kgraph.errors",
    "WriteNotAllowed": "kgraph.errors",
}

__all__ = sorted(_API)

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time the names load lazily
    from kgraph._util.results import Result
    from kgraph.analysis.audit import Audit, HubTopic, audit
    from kgraph.analysis.centrality import (
        Centrality,
        RankedNode,
        cross_domain_centrality,
    )
    from kgraph.analysis.frames import frames
    from kgraph.analysis.frontier import Frontier, NextTopic, next_topics
    from kgraph.analysis.ordering import (
        OrderedTopic,
        Ordering,
        prerequisite_order,
    )
    from kgraph.analysis.pace import ProgressStats, progress_stats
    from kgraph.analysis.paths import (
        LearningPath,
        LearningPaths,
        PathStep,
        learning_path,
    )
    from kgraph.analysis.plans import (
        Choice,
        Extra,
        NeededBy,
        Plan,
        PlanDurations,
        PlanStep,
        learning_plan,
    )
    from kgraph.analysis.progress import ProgressSummary, progress_summary
    from kgraph.analysis.schedule import Schedule, ScheduledTopic, StudySession, schedule_plan
    from kgraph.analysis.summary import (
        GraphInfo,
        Neighbour,
        TopicDetails,
        graph_info,
        topic_details,
    )
    from kgraph.analysis.team import TeamMatrix, TeamRisks, team_matrix, team_risks
    from kgraph.analysis.team_plan import TeamPlan, team_plan
    from kgraph.errors import (
        AmbiguousTopic,
        ConnectionFailed,
        CycleError,
        InputError,
        KgraphError,
        KgraphWarning,
        MissingParameter,
        NoPath,
        NotFound,
        PlaintextPasswordWarning,
        PluginError,
        Problem,
        QueryError,
        RoadmapNotFound,
        StoreError,
        TopicNotFound,
        UnsafeCacheWarning,
        UnsafeDotenvWarning,
        WriteNotAllowed,
    )
    from kgraph.exports.calendar import plan_calendar
    from kgraph.exports.checklist import next_checklist, plan_checklist
    from kgraph.model.build import build_graph
    from kgraph.model.kinds import LEVELS, EdgeKind, NodeKind
    from kgraph.model.lookup import (
        resolve_roadmaps,
        resolve_topic,
        resolve_topics,
    )
    from kgraph.model.rules import RuleWarning, rule_warnings
    from kgraph.pipeline import load_graph
    from kgraph.plugins.load import load_plugins
    from kgraph.plugins.markdown import import_markdown
    from kgraph.plugins.validation import (
        PluginInfo,
        PluginList,
        Validation,
        list_plugins,
        validate_paths,
    )
    from kgraph.store.files import export_graph, read_graph
    from kgraph.store.neo4j import (
        Neo4jSettings,
        PushSummary,
        QueryResult,
        ServerStatus,
        connect,
        connection_settings,
        pull_graph,
        push_graph,
        run_cypher,
        server_status,
    )
    from kgraph.store.progress import (
        Progress,
        ProgressMerge,
        load_progress,
        merge_progress,
        save_progress,
        update_progress,
    )
    from kgraph.store.queries import CypherQuery, QueryLibrary, list_queries, load_query
    from kgraph.store.team import Team, load_team
    from kgraph.viz.html import HtmlPage, render_html
    from kgraph.viz.picture import Picture, path_picture, plan_picture


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kgraph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
