"""Roadmap plugins: schema, discovery (built-in data, folders, entry points), loading, importers."""

from kgraph.plugins.discovery import ENTRY_POINT_GROUP, PluginFile, builtin_data_dir, discover
from kgraph.plugins.load import load_files, load_plugins

__all__ = ["ENTRY_POINT_GROUP", "PluginFile", "builtin_data_dir", "discover", "load_files", "load_plugins"]
