  // --- exploring: what is shown (filters, kinds, legend), search, overview labels ---------------
  // Every string here comes from plugins: it reaches the page through textContent, value or a
  // canvas's fillText only.
  var BACKGROUND = KG.background_kinds || ["concept", "integration", "level"];
  var kindShown = {};  // a background kind the reader turned on (a context view starts with all of them)
  BACKGROUND.forEach(function (kind) { kindShown[kind] = KG.view === "context"; });
  var legendHidden = {};  // "field\u0000value" -> true
  var KIND_ORDER = ["roadmap", "topic", "category", "concept", "integration", "level"];

  function legendKey(field, value) { return field + "\u0000" + value; }
  function kindVisible(node) {
    return BACKGROUND.indexOf(node.kgKind) < 0 || kindShown[node.kgKind] || filters.kind === node.kgKind;
  }
  function hiddenBy(node, key) {  // the legend entry "field\u0000value" hides this node
    var at = key.indexOf("\u0000");
    return String(node[key.slice(0, at)]) === key.slice(at + 1);
  }
  function legendVisible(node) {
    for (var key in legendHidden) { if (hiddenBy(node, key)) { return false; } }
    return true;
  }
  function visible(node) { return Boolean(node) && passes(node) && kindVisible(node) && legendVisible(node); }
  function setFilter(view, filter) {  // vis-data 7 (inside vis-network 9.1) has no DataView.setOptions
    if (view.setOptions) { view.setOptions({ filter: filter }); } else { view._options.filter = filter; view.refresh(); }
  }
  setFilter(nodesView, visible);
  setFilter(edgesView, function (edge) { return visible(nodes.get(edge.from)) && visible(nodes.get(edge.to)); });

  [["filter-roadmap", KG.roadmaps, "roadmap"], ["filter-kind", KG.kinds, "kind"], ["filter-level", KG.levels, "level"]]
    .forEach(function (spec) {
      var select = document.getElementById(spec[0]);
      spec[1].forEach(function (value) {
        var option = text("option", value);
        option.value = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { filters[spec[2]] = select.value; refresh(true); });
    });

  document.getElementById("show-level-edges").addEventListener("change", function (event) {
    var hidden = !event.target.checked;
    edges.update(edges.get({ filter: function (e) { return e.kgKind === "AT_LEVEL"; } })
      .map(function (e) { return { id: e.id, hidden: hidden }; }));
    if (!hidden && !kindShown.level) { kindShown.level = true; drawLegend(); refresh(true); }  // their nodes too
  });

  // --- the filter status: how many nodes remain, nothing matches, refit -------------------------
  var filterStatus = text("div", "", "filter-status");
  filterStatus.id = "filter-status";
  filterStatus.setAttribute("role", "status");
  var kindToggle = document.createElement("label");
  var kindBox = document.createElement("input");
  kindBox.type = "checkbox";
  kindBox.id = "show-background";
  kindBox.checked = KG.view === "context";
  kindToggle.appendChild(kindBox);
  kindToggle.appendChild(document.createTextNode(" show concepts, integration points and levels"));
  var levelEdges = document.getElementById("show-level-edges").parentNode;
  levelEdges.parentNode.insertBefore(kindToggle, levelEdges);
  levelEdges.parentNode.insertBefore(filterStatus, levelEdges.nextSibling);
  var clearButton = text("button", "Clear filters");
  clearButton.type = "button";
  clearButton.id = "clear-filters";
  clearButton.hidden = true;
  filterStatus.parentNode.insertBefore(clearButton, filterStatus.nextSibling);

  function shownCount() { return nodesView.length; }
  function describeFilters() {
    var shown = shownCount();
    clearButton.hidden = !(filters.roadmap || filters.kind || filters.level || Object.keys(legendHidden).length);
    filterStatus.textContent = shown
      ? shown + " of " + nodes.length + " nodes shown"
      : "Nothing matches these filters (0 of " + nodes.length + " nodes).";
    filterStatus.className = shown ? "filter-status" : "filter-status empty";
  }
  function refresh(fit) {
    nodesView.refresh();
    edgesView.refresh();
    describeFilters();
    if (fit !== false && shownCount()) { network.fit({ animation: false }); }
    if (window.kgraph.onFilter) { window.kgraph.onFilter(); }
  }
  kindBox.addEventListener("change", function () {
    BACKGROUND.forEach(function (kind) { kindShown[kind] = kindBox.checked; });
    drawLegend();
    refresh(true);
  });
  function clearFilters() {
    ["roadmap", "kind", "level"].forEach(function (key) {
      filters[key] = "";
      document.getElementById("filter-" + key).value = "";
    });
    legendHidden = {};
    drawLegend();
    refresh(true);
  }
  clearButton.addEventListener("click", clearFilters);

  // --- the legend: each entry toggles its nodes ---------------------------------------------------
  var legendBox = document.getElementById("legend");
  function drawLegend() {
    legendBox.replaceChildren();
    KG.legend.forEach(function (entry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = entry.field === "kgLevel" ? "legend-entry band" : "legend-entry";
      var swatch = text("span", "", "swatch");
      swatch.style.background = entry.color;
      button.appendChild(swatch);
      button.appendChild(document.createTextNode(entry.label));
      var isKind = entry.field === "kgKind";
      var shown = isKind ? Boolean(kindShown[entry.value]) : !legendHidden[legendKey(entry.field, entry.value)];
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      button.title = (shown ? "Hide " : "Show ") + entry.label;
      if (!entry.field) { button.disabled = true; }
      button.addEventListener("click", function () {
        if (isKind) {
          kindShown[entry.value] = !kindShown[entry.value];
          kindBox.checked = BACKGROUND.every(function (k) { return kindShown[k]; });
        } else {
          var key = legendKey(entry.field, entry.value);
          if (legendHidden[key]) { delete legendHidden[key]; } else { legendHidden[key] = true; }
        }
        drawLegend();
        refresh(true);
        var again = legendBox.querySelectorAll("button")[KG.legend.indexOf(entry)];
        if (again) { again.focus(); }
      });
      legendBox.appendChild(button);
    });
  }
  drawLegend();

  // --- making a node visible: clear what hides it, and say so ---------------------------------------
  var revealNote = text("div", "", "reveal-note");
  revealNote.id = "reveal-note";
  revealNote.setAttribute("role", "status");
  function reveal(id) {
    var node = nodes.get(id);
    if (!node) { return false; }
    if (visible(node)) { revealNote.textContent = ""; return true; }
    var cleared = [];
    ["roadmap", "kind", "level"].forEach(function (key) {
      var value = { roadmap: node.kgRoadmap, kind: node.kgKind, level: node.kgLevel }[key];
      if (filters[key] && filters[key] !== value) {
        filters[key] = "";
        document.getElementById("filter-" + key).value = "";
        cleared.push("the " + key + " filter");
      }
    });
    if (!kindVisible(node)) { kindShown[node.kgKind] = true; cleared.push("the hiding of " + node.kgKind + " nodes"); }
    for (var key in legendHidden) {
      if (hiddenBy(node, key)) { delete legendHidden[key]; cleared.push("a hidden legend entry"); }
    }
    drawLegend();
    refresh(false);
    revealNote.textContent = "Cleared " + cleared.join(", ") + " to show " + node.kgName + ".";
    return visible(node);
  }

  // --- search: names, aliases and abbreviations, ranked ---------------------------------------------
  function norm(value) { return String(value).toLowerCase().split(/\s+/).filter(Boolean).join(" "); }
  var mentionedBy = {};  // concept id -> topic ids that mention it
  edges.forEach(function (edge) {
    if (edge.kgKind === "MENTIONS") { (mentionedBy[edge.to] = mentionedBy[edge.to] || []).push(edge.from); }
  });
  function rank(needle, key) {
    if (key === needle) { return 0; }
    if (key.indexOf(needle) === 0) { return 2; }
    var at = key.indexOf(needle);
    if (at > 0) { return /[\s\-\/(.:_]/.test(key.charAt(at - 1)) ? 4 : 6; }
    return -1;
  }
  function searchNodes(query) {
    var needle = norm(query);
    if (!needle) { return []; }
    var best = {};
    nodes.forEach(function (node) {
      var score = -1;
      var name = rank(needle, norm(node.kgName));
      if (name >= 0) { score = name; }
      (node.kgKeys || []).forEach(function (key) {
        var r = rank(needle, key);
        if (r >= 0 && (score < 0 || r + 1 < score)) { score = r + 1; }
      });
      if (score >= 0) { best[node.id] = { id: node.id, score: score, via: "" }; }
    });
    if (!Object.keys(best).length) {  // else a roadmap's name or alias (k8s) finds its topics (a route page)
      nodes.forEach(function (node) {
        if ((node.kgRoadmapKeys || []).indexOf(needle) >= 0) {
          best[node.id] = { id: node.id, score: 9, via: node.kgRoadmap };
        }
      });
    }
    Object.keys(best).forEach(function (id) {  // a concept found by name or alias finds the topics that mention it
      if (best[id].score > 3 || !mentionedBy[id]) { return; }
      mentionedBy[id].forEach(function (topic) {
        if (!best[topic]) { best[topic] = { id: topic, score: 8, via: nodes.get(id).kgName }; }
      });
    });
    return Object.keys(best).map(function (id) {
      var found = best[id], node = nodes.get(id);
      found.node = node;
      found.order = [found.score, KIND_ORDER.indexOf(node.kgKind), node.kgName.length, node.kgName];
      return found;
    }).sort(function (a, b) {
      for (var i = 0; i < a.order.length; i++) {
        if (a.order[i] < b.order[i]) { return -1; }
        if (a.order[i] > b.order[i]) { return 1; }
      }
      return 0;
    });
  }
  function choose(id) {
    if (!reveal(id)) { return; }
    var narrow = window.innerWidth < 700, box = document.getElementById("mynetwork");
    if (narrow && window.kgraph.setPanelCollapsed) { window.kgraph.setPanelCollapsed(true); }
    network.selectNodes([id]);
    // keep the node clear of the details panel: on the left on a wide screen, above it on a phone
    var offset = narrow ? { x: 0, y: -box.clientHeight / 4 } : { x: -Math.min(170, box.clientWidth / 4), y: 0 };
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), offset: offset, animation: false });
    if (window.kgraph.showDetails) { window.kgraph.showDetails(id); }
  }

  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  matches.parentNode.insertBefore(revealNote, matches.nextSibling);
  search.setAttribute("aria-label", "Search topics, concepts and roadmaps by name, alias or abbreviation");
  search.placeholder = "Name, alias or abbreviation (k8s, HPA)";
  search.addEventListener("input", function () {
    matches.replaceChildren();
    if (!norm(search.value)) { return; }
    var found = searchNodes(search.value);
    found.slice(0, 12).forEach(function (hit) {
      var n = hit.node;
      var label = n.kgName + " (" + n.kgKind + (n.kgRoadmap ? ", " + n.kgRoadmap : "") + ")";
      if (hit.via) { label += " mentions " + hit.via; }
      if (!visible(n)) { label += " [hidden: choosing it shows it]"; }
      var button = text("button", label);
      button.type = "button";
      button.addEventListener("click", function () { choose(n.id); });
      matches.appendChild(button);
    });
    if (found.length > 12) { matches.appendChild(text("div", "… " + (found.length - 12) + " more")); }
    if (!found.length) { matches.appendChild(text("div", "no match")); }
  });
  search.addEventListener("keydown", function (event) {
    var first = matches.querySelector("button");
    if (event.key === "Enter" && first) { first.click(); }
    if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
  });
  matches.addEventListener("keydown", function (event) {
    var buttons = Array.prototype.slice.call(matches.querySelectorAll("button"));
    var at = buttons.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "ArrowDown" && at + 1 < buttons.length) { event.preventDefault(); buttons[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at ? buttons[at - 1] : search).focus(); }
  });

  // --- overview: roadmap and category names stay readable when zoomed out ----------------------------
  // roadmaps, categories and hub topics (the biggest nodes); names that would collide are skipped
  var groupIds = nodes.getIds({ filter: function (n) {
    return n.kgKind === "roadmap" || n.kgKind === "category" || (n.kgKind === "topic" && n.size >= 26);
  } });
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    if (KG.bands.length) {  // colour by level: the name of each level band, above it at the left
      ctx.save();
      ctx.font = "bold " + 14 / scale + "px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#333333";
      KG.bands.forEach(function (band) { ctx.fillText(band.label, band.x, band.y); });
      ctx.restore();
    }
    if (scale > 0.55) { return; }  // zoomed in: the nodes' own labels show
    var at = network.getPositions(groupIds), boxes = [];
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    [["roadmap", 18, "bold "], ["category", 12, ""], ["topic", 11, ""]].forEach(function (spec) {
      var px = spec[1] / scale;
      ctx.font = spec[2] + px + "px system-ui, sans-serif";
      ctx.lineWidth = 4 / scale;
      groupIds.forEach(function (id) {
        var p = at[id], node = nodes.get(id);
        if (!p || node.kgKind !== spec[0]) { return; }
        var label = node.kgName.length > 40 ? node.kgName.slice(0, 39) + "…" : node.kgName;
        var w = ctx.measureText(label).width / 2 + 4 / scale, h = px * 0.7;
        var y = spec[0] === "roadmap" ? p.y - px : spec[0] === "topic" ? p.y + node.size + px * 0.8 : p.y;
        var box = [p.x - w, y - h, p.x + w, y + h];
        if (boxes.some(function (b) { return b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3]; })) {
          return;
        }
        boxes.push(box);
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(label, p.x, y);
        ctx.fillStyle = spec[0] === "roadmap" ? "#111111" : spec[0] === "category" ? "#333333" : "#444444";
        ctx.fillText(label, p.x, y);
      });
    });
    ctx.restore();
  });

  window.kgraph.visible = function (id) { return visible(nodes.get(id)); };
  window.kgraph.search = function (query) { return searchNodes(query).map(function (hit) { return hit.id; }); };
  window.kgraph.choose = choose;
  window.kgraph.reveal = reveal;
  window.kgraph.refresh = refresh;
  describeFilters();
  network.fit({ animation: false });
