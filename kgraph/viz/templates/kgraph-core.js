  "use strict";
  var KG = {{ kg|tojson }};
  var nodes = new vis.DataSet({{ nodes|tojson }}.map(withTooltip));
  var edges = new vis.DataSet({{ edges|tojson }}.map(withTooltip));
  var options = KG.options;
  var filters = { roadmap: "", kind: "", level: "" };

  function passes(node) {
    return (!filters.roadmap || node.kgRoadmap === filters.roadmap)
      && (!filters.kind || node.kgKind === filters.kind)
      && (!filters.level || node.kgLevel === filters.level);
  }
  var nodesView = new vis.DataView(nodes, { filter: passes });
  var edgesView = new vis.DataView(edges, {
    filter: function (edge) { return passes(nodes.get(edge.from)) && passes(nodes.get(edge.to)); }
  });
  var network = new vis.Network(document.getElementById("mynetwork"), { nodes: nodesView, edges: edgesView }, options);
  window.kgraph = { nodes: nodes, edges: edges, network: network, ready: false };
  network.once("afterDrawing", function () {
    var steps = nodes.getIds({ filter: function (n) { return n.kgStep; } });
    if (steps.length) { network.fit({ nodes: steps, animation: false }); }
    window.kgraph.ready = true;
    document.body.dataset.ready = "1";
  });

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }
  // vis-network renders a string title as it sees fit (older versions: as HTML); an element it shows as is
  function withTooltip(item) {
    if (typeof item.title === "string") { item.title = text("div", item.title); }
    return item;
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: { duration: 400 } });
  }

  document.getElementById("kg-title").textContent = KG.title;
  document.getElementById("summary").textContent =
    KG.counts.nodes + " nodes, " + KG.counts.edges + " edges; colour: " + KG.color_by + ", size: " + KG.size_by;

