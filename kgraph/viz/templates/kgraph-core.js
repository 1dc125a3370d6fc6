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
    if (KG.view === "route") { openRoute(); } else if (steps.length) { network.fit({ nodes: steps, animation: false }); }
    window.kgraph.ready = true;
    document.body.dataset.ready = "1";
  });

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }
  // A route opens as a whole when it fits at a zoom where labels read (KG.min_scale: 12 px);
  // else at that zoom, from its first column.
  function openRoute() {
    var at = network.getPositions(), ids = Object.keys(at);
    var xs = ids.map(function (id) { return at[id].x; }), ys = ids.map(function (id) { return at[id].y; });
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var box = document.getElementById("mynetwork");
    // room for the labels under and beside the outermost nodes (canvas units)
    var scale = Math.min(1, box.clientWidth / (right - left + 200), box.clientHeight / (bottom - top + 140));
    if (scale >= KG.min_scale) {
      network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 + 15 }, scale: scale, animation: false });
      return;
    }
    var width = box.clientWidth / KG.min_scale;  // canvas units in view at the smallest readable zoom
    if (right - left <= width) {  // every node fits: centre them, the outer labels get what room is left
      network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 + 15 }, scale: KG.min_scale, animation: false });
      return;
    }
    var first = ids.filter(function (id) { return at[id].x < left + 400; });
    var y = first.reduce(function (sum, id) { return sum + at[id].y; }, 0) / first.length;
    network.moveTo({ position: { x: left - 80 + width / 2, y: y }, scale: KG.min_scale, animation: false });
  }

  // vis-network's own popup describes the first edge it finds near the pointer, not the one it
  // highlights (the nearest): titles move to kgTip, and the page shows its own tooltip, as text,
  // for the node or edge vis-network reports hovered. An item without a title has no tooltip.
  function withTooltip(item) {
    if (item.title !== undefined && item.title !== null) { item.kgTip = String(item.title); }
    delete item.title;
    return item;
  }

  // A learning resource becomes a link only with an http(s) URL: Python left out every other
  // URL, and this checks again, whatever the data says. The anchor is built as DOM: its text is
  // the resource's title (textContent), its href the parsed URL; it opens in a new tab.
  function webUrl(url) {
    if (typeof url !== "string" || url.length > 2048 || !/^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(url)) { return null; }
    var parsed;
    try { parsed = new URL(url); } catch (err) { return null; }
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname ? parsed.href : null;
  }
  function webLink(resource) {
    var url = resource ? webUrl(resource.url) : null;
    if (!url) { return null; }
    var link = text("a", String(resource.title || url));
    link.setAttribute("href", url);
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener noreferrer");
    return link;
  }
  // a list of an item's resource links (the first `limit`, else all): [list, links in it, links in all], or null
  function resourceList(resources, limit) {
    var links = (Array.isArray(resources) ? resources : []).map(function (resource) {
      var link = webLink(resource);
      if (!link) { return null; }
      var item = document.createElement("li");
      if (resource.type) { item.appendChild(text("span", "[" + resource.type + "] ", "muted")); }
      item.appendChild(link);
      return item;
    }).filter(Boolean);
    if (!links.length) { return null; }
    var list = document.createElement("ul");
    list.className = "kg-resources";
    links.slice(0, limit || links.length).forEach(function (item) { list.appendChild(item); });
    return [list, list.childElementCount, links.length];
  }

  var TIP_LINKS = 3;
  var canvasBox = document.getElementById("mynetwork");
  var tooltip = text("div", "", "kg-tooltip");
  tooltip.id = "kg-tooltip";
  tooltip.setAttribute("role", "tooltip");
  tooltip.hidden = true;
  Object.assign(tooltip.style, {
    position: "absolute", zIndex: "5", pointerEvents: "none", whiteSpace: "pre-line", maxWidth: "420px",
    font: "12px/1.4 system-ui, sans-serif", color: "#222", background: "#fffff4", border: "1px solid #999",
    borderRadius: "3px", padding: "5px 7px", boxShadow: "0 2px 6px rgba(0,0,0,.2)"
  });
  canvasBox.appendChild(tooltip);
  // A tooltip with links stays where it opened (pinned) and takes the pointer, so that its links
  // can be reached: leaving the node, it waits a moment for the pointer to come onto it.
  var tipFor = null, pinned = false, overTip = false, leaving = null;
  function placeTip(x, y) {
    var left = x + 14, top = y + 14;
    if (left + tooltip.offsetWidth > canvasBox.clientWidth) { left = Math.max(0, x - 14 - tooltip.offsetWidth); }
    if (top + tooltip.offsetHeight > canvasBox.clientHeight) { top = Math.max(0, y - 14 - tooltip.offsetHeight); }
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
  }
  function closeTip() {
    clearTimeout(leaving);
    leaving = null;
    tipFor = null;
    pinned = overTip = false;
    tooltip.hidden = true;
    tooltip.style.pointerEvents = "none";
    tooltip.replaceChildren();
    delete tooltip.dataset.for;
  }
  function hideTip(id) {
    if (id !== undefined && id !== tipFor) { return; }
    if (id === undefined || !pinned) { closeTip(); return; }
    clearTimeout(leaving);
    leaving = setTimeout(function () { if (!overTip && tipFor === id) { closeTip(); } }, 600);
  }
  function showTip(item, pointer) {
    if (!item || !item.kgTip) { hideTip(); return; }
    closeTip();
    tipFor = item.id;
    tooltip.appendChild(text("div", item.kgTip));
    var links = item.kgResources ? resourceList(item.kgResources, TIP_LINKS) : null;
    if (links) {
      tooltip.appendChild(links[0]);
      if (links[2] > links[1]) { tooltip.appendChild(text("div", (links[2] - links[1]) + " more: click the node", "muted")); }
      pinned = true;
      tooltip.style.pointerEvents = "auto";
    }
    tooltip.dataset.for = item.id;
    tooltip.hidden = false;
    placeTip(pointer.x, pointer.y);
  }
  tooltip.addEventListener("mouseenter", function () { overTip = true; clearTimeout(leaving); leaving = null; });
  tooltip.addEventListener("mouseleave", function (event) {
    overTip = false;
    var box = canvasBox.getBoundingClientRect();
    if (network.getNodeAt({ x: event.clientX - box.left, y: event.clientY - box.top }) !== tipFor) { closeTip(); }
  });
  network.on("hoverNode", function (p) { showTip(nodes.get(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) {  // not while the pointer heads from a node to its links
    if (!(pinned && leaving !== null)) { showTip(edges.get(p.edge), p.pointer.DOM); }
  });
  network.on("blurNode", function (p) { hideTip(p.node); });
  network.on("blurEdge", function (p) { hideTip(p.edge); });
  ["dragStart", "zoom"].forEach(function (name) { network.on(name, function () { hideTip(); }); });
  canvasBox.addEventListener("mouseleave", function () { hideTip(); });
  canvasBox.addEventListener("mousemove", function (event) {
    if (tipFor === null || pinned) { return; }
    var box = canvasBox.getBoundingClientRect();
    placeTip(event.clientX - box.left, event.clientY - box.top);
  });
  window.kgraph.tooltip = tooltip;
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: { duration: 400 } });
  }

  document.getElementById("kg-title").textContent = KG.title;
  document.getElementById("summary").textContent =
    KG.counts.nodes + " nodes, " + KG.counts.edges + " edges; colour: " + KG.color_by + ", size: " + KG.size_by;

