"""Private helpers shared by every layer: YAML reading with places, the GC pause for big
builds, atomic file writes, argument checks, shortening text for display, the result
protocol and progress on a terminal. Nothing here imports kgraph beyond :mod:`kgraph.errors`."""
