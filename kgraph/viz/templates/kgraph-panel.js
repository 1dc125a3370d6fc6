  // --- the details panel, progress in the page, zoom buttons, a collapsible side panel ----------
  // Everything shown comes from plugins: it reaches the page through textContent and value only.
  (function () {
    var STATES = ["done", "learning", "skipped"];
    var MARKS = { done: "✓ ", learning: "… ", skipped: "⤼ " };
    var BORDERS = { done: "#2ca02c", learning: "#ffbf00", skipped: "#9e9e9e" };
    var canvasBox = document.getElementById("mynetwork");
    var sidePanel = document.getElementById("panel");

    function button(label, cls, onClick) {
      var b = text("button", label, cls);
      b.type = "button";
      if (onClick) { b.addEventListener("click", onClick); }
      return b;
    }

    // --- progress, kept in the browser ----------------------------------------------------------
    var storeKey = "kgraph-progress:" + KG.title + ":" + KG.counts.nodes;
    // states: what the page shows; initial: the progress file the page was drawn with; changes:
    // what the reader changed here (id -> state, or "" for cleared), kept in localStorage
    var initial = {}, states = {}, changes = {};
    nodes.forEach(function (n) {
      if (n.kgKind === "topic" && STATES.indexOf(n.kgStatus) >= 0) { initial[n.id] = n.kgStatus; states[n.id] = n.kgStatus; }
    });
    var stored = null;
    try { stored = JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (err) { stored = null; }
    function save() {
      try { window.localStorage.setItem(storeKey, JSON.stringify(changes)); } catch (err) { /* no storage: sandboxed */ }
    }
    function paint(id) {
      var node = nodes.get(id);
      if (!node) { return; }
      if (node.kgBaseLabel === undefined) {
        var base = String(node.label || "");
        STATES.forEach(function (s) { if (base.indexOf(MARKS[s]) === 0) { base = base.slice(MARKS[s].length); } });
        node.kgBaseLabel = base;
        node.kgBaseBorder = node.color && node.color.border;
        node.kgBaseWidth = node.borderWidth;
      }
      var state = states[id] || "";
      var color = Object.assign({}, node.color || {});
      color.border = BORDERS[state] || node.kgBaseBorder;
      nodes.update({
        id: id, kgStatus: state, label: (MARKS[state] || "") + node.kgBaseLabel, color: color,
        borderWidth: state ? 4 : node.kgBaseWidth, kgBaseLabel: node.kgBaseLabel,
        kgBaseBorder: node.kgBaseBorder, kgBaseWidth: node.kgBaseWidth
      });
    }
    function setStatus(id, state) {
      var node = nodes.get(id);
      if (!node || node.kgKind !== "topic") { return false; }
      changes[id] = STATES.indexOf(state) < 0 ? "" : state;
      if (changes[id] === (initial[id] || "")) { delete changes[id]; }
      var now = changes[id] !== undefined ? changes[id] : initial[id] || "";
      if (now) { states[id] = now; } else { delete states[id]; }
      save();
      paint(id);
      describeProgress();
      if (shown === id) { drawStatus(id); }
      if (window.kgraph.onStatus) { window.kgraph.onStatus(id, states[id] || ""); }
      return true;
    }
    function quote(word) {
      return /^[A-Za-z0-9_:\/.+@=-]+$/.test(word) ? word : "'" + String(word).replace(/'/g, "'\\''") + "'";
    }
    function commands() {  // the changes made in this page, one command each
      return Object.keys(changes).sort().map(function (id) {
        return "kgraph progress mark " + quote(id) + " " + quote(changes[id] || "clear");
      }).join("\n");
    }
    function yamlString(value) {  // a YAML double-quoted scalar, ASCII only
      return "\"" + String(value).replace(/[\\"]/g, function (c) { return "\\" + c; })
        .replace(/[^\x20-\x7e]/g, function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); }) + "\"";
    }
    function progressFile() {
      var ids = Object.keys(states).sort();
      var lines = ["# kgraph learning progress: topic id -> done | learning | skipped"];
      lines.push(ids.length ? "topics:" : "topics: {}");
      ids.forEach(function (id) { lines.push("  " + yamlString(id) + ": " + states[id]); });
      return lines.join("\n") + "\n";
    }

    // the progress section of the side panel
    var legendTitle = Array.prototype.filter.call(sidePanel.querySelectorAll("h2"), function (h) {
      return h.textContent === "Legend";
    })[0];
    var section = document.createElement("section");
    section.id = "progress";
    section.appendChild(text("h2", "Progress"));
    var progressSummary = text("div", "", "progress-summary");
    progressSummary.id = "progress-summary";
    section.appendChild(progressSummary);
    var exportText = document.createElement("textarea");
    exportText.id = "export-text";
    exportText.readOnly = true;
    exportText.hidden = true;
    exportText.rows = 4;
    exportText.setAttribute("aria-label", "kgraph progress commands");
    var exportNote = text("div", "", "export-note");
    exportNote.setAttribute("role", "status");
    section.appendChild(button("Copy as kgraph commands", "export-copy", function () {
      var value = commands();
      exportText.value = value || "# nothing changed in this page yet";
      exportText.hidden = false;
      exportText.focus();
      exportText.select();
      var fallback = function () {
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
        exportNote.textContent = ok ? "Copied." : "Press Ctrl+C (or Cmd+C) to copy the selected commands.";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).then(function () { exportNote.textContent = "Copied."; }, fallback);
      } else { fallback(); }
    }));
    section.appendChild(button("Download progress.yaml", "export-download", function () {
      var url = URL.createObjectURL(new Blob([progressFile()], { type: "application/x-yaml" }));
      var link = document.createElement("a");  // never added to the page
      link.href = url;
      link.download = "progress.yaml";
      link.click();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      exportNote.textContent = "Downloaded progress.yaml: use it with kgraph --progress FILE, or copy it to "
        + "~/.config/kgraph/progress.yaml.";
    }));
    section.appendChild(exportText);
    section.appendChild(exportNote);
    sidePanel.insertBefore(section, legendTitle || null);
    var progressLegend = document.getElementById("legend-progress");
    STATES.forEach(function (s) {
      var row = document.createElement("div");
      var swatch = text("span", "", "swatch");
      swatch.style.border = "3px solid " + BORDERS[s];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(MARKS[s] + s + " (border)"));
      progressLegend.appendChild(row);
    });
    function describeProgress() {
      var count = { done: 0, learning: 0, skipped: 0 };
      Object.keys(states).forEach(function (id) { count[states[id]] += 1; });
      progressSummary.textContent = count.done + " done, " + count.learning + " learning, " + count.skipped
        + " skipped; kept in this browser. Mark topics in their details (click a node).";
    }
    if (stored && typeof stored === "object") {
      Object.keys(stored).forEach(function (id) {
        var node = nodes.get(id), state = stored[id];
        if (!node || node.kgKind !== "topic" || (state !== "" && STATES.indexOf(state) < 0)) { return; }
        if (state === (initial[id] || "")) { return; }
        changes[id] = state;
        if (state) { states[id] = state; } else { delete states[id]; }
        paint(id);
      });
    }
    describeProgress();

    // --- the details panel ------------------------------------------------------------------------
    var details = document.createElement("aside");
    details.id = "details";
    details.hidden = true;
    details.setAttribute("aria-label", "Details of the selected node");
    details.tabIndex = -1;
    document.body.appendChild(details);
    var shown = null, returnFocus = null;

    // The focused node and its neighbours stand out: after each drawing a white veil covers the
    // view, and they (with the edges between them and the focus) are drawn again on top of it.
    // The cost is the neighbourhood's, not the graph's; the data is never touched.
    var focused = null;
    function fade(id) {
      focused = window.kgraph.visible(id) ? id : null;
      network.redraw();
    }
    function unfade() {
      if (focused === null) { return; }
      focused = null;
      network.redraw();
    }
    network.on("afterDrawing", function (ctx) {
      var body = network.body, node = focused === null ? null : body.nodes[focused];
      if (!node || typeof node.draw !== "function") { return; }
      var box = canvasBox.getBoundingClientRect();
      var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: box.width, y: box.height });
      ctx.save();
      ctx.fillStyle = "rgba(255,255,255,0.78)";
      ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
      ctx.restore();
      var edgeIds = network.getConnectedEdges(focused).filter(function (e) { return body.edges[e]; });
      edgeIds.forEach(function (e) { if (body.edges[e].connected) { body.edges[e].draw(ctx); } });
      edgeIds.forEach(function (e) { if (body.edges[e].connected) { body.edges[e].drawArrows(ctx); } });
      var labels = [];
      network.getConnectedNodes(focused).concat([focused]).forEach(function (n) {
        if (!body.nodes[n]) { return; }
        var later = body.nodes[n].draw(ctx);
        if (later && later.drawExternalLabel) { labels.push(later.drawExternalLabel); }
      });
      labels.forEach(function (draw) { draw(); });
    });
    function drawStatus(id) {
      var row = document.getElementById("details-status");
      if (!row) { return; }
      Array.prototype.forEach.call(row.querySelectorAll("button"), function (b) {
        b.setAttribute("aria-pressed", (states[id] || "") === b.value ? "true" : "false");
      });
    }
    function links(title, entries, cls) {
      var box = document.createElement("section");
      box.className = cls;
      box.appendChild(text("h3", title + " (" + entries.length + ")"));
      if (!entries.length) { box.appendChild(text("div", "none", "muted")); return box; }
      var list = document.createElement("ul");
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        // a node this page does not draw (a route shows only its own) is named, not linked
        item.appendChild(nodes.get(entry.id) ? button(entry.name, "link", function () { choose(entry.id); })
          : text("span", entry.name));
        var bits = [entry.strength, entry.anyOf ? "one of a choice" : "",
          entry.hours !== undefined ? entry.hours + " h" : ""].filter(Boolean);
        if (bits.length) { item.appendChild(text("span", " · " + bits.join(" · "), "muted")); }
        if (entry.needs) { item.appendChild(text("div", "needs only: " + entry.needs, "reason")); }
        if (entry.reason) { item.appendChild(text("div", entry.reason, "reason")); }
        list.appendChild(item);
      });
      box.appendChild(list);
      return box;
    }
    function showDetails(id) {
      var node = nodes.get(id);
      if (!node) { return; }
      if (details.hidden) { returnFocus = document.activeElement; }
      shown = id;
      details.replaceChildren();
      var head = document.createElement("div");
      head.className = "details-head";
      head.appendChild(text("h2", node.kgName));
      head.appendChild(button("×", "close", closeDetails));
      head.lastChild.setAttribute("aria-label", "Close details");
      details.appendChild(head);
      var facts = [["kind", node.kgKind], ["roadmap", node.kgRoadmap], ["category", node.kgCategory],
        ["level", node.kgLevel], ["hours", node.kgHours === null || node.kgHours === undefined ? "" : node.kgHours + " h"],
        ["aliases", (node.kgAliases || []).join(", ")]];
      var table = document.createElement("dl");
      facts.forEach(function (fact) {
        if (fact[1] === "" || fact[1] === undefined || fact[1] === null) { return; }
        table.appendChild(text("dt", fact[0]));
        table.appendChild(text("dd", String(fact[1])));
      });
      details.appendChild(table);
      if (node.kgDescription) { details.appendChild(text("p", node.kgDescription, "description")); }
      if (node.kgKind === "topic") {
        var row = document.createElement("div");
        row.id = "details-status";
        row.setAttribute("role", "group");
        row.setAttribute("aria-label", "My progress");
        row.appendChild(text("span", "My progress: ", "muted"));
        STATES.concat([""]).forEach(function (state) {
          var b = button(state ? MARKS[state] + state : "not started", "status", function () { setStatus(id, state); });
          b.value = state;
          row.appendChild(b);
        });
        details.appendChild(row);
        drawStatus(id);
      }
      var resources = resourceList(node.kgResources);  // every web link, each opening in a new tab
      if (resources) {
        var box = document.createElement("section");
        box.className = "resources";
        box.appendChild(text("h3", "Resources (" + resources[1] + ")"));
        box.appendChild(resources[0]);
        details.appendChild(box);
      }
      if (node.kgKind === "concept") {
        var mentions = (mentionedBy[id] || []).map(function (t) { return { id: t, name: nodes.get(t).kgName }; });
        details.appendChild(links("Mentioned by", mentions, "mentions"));
      } else {
        details.appendChild(links("Requires", node.kgRequires || [], "requires"));
        details.appendChild(links("Unlocks", node.kgUnlocks || [], "unlocks"));
      }
      details.hidden = false;
      document.body.classList.add("details-open");
      if (window.kgraph.visible(id)) { network.selectNodes([id]); }
      fade(id);
      details.focus({ preventScroll: true });
    }
    function closeDetails() {
      if (details.hidden) { return; }
      details.hidden = true;
      shown = null;
      document.body.classList.remove("details-open");
      unfade();
      network.unselectAll();
      if (returnFocus && document.body.contains(returnFocus)) { returnFocus.focus(); }
      returnFocus = null;
    }
    network.on("click", function (params) {
      if (!params.nodes.length) {
        if (!params.edges.length) { closeDetails(); }
        return;
      }
      showDetails(params.nodes[0]);
      if (window.innerWidth < 700) {  // on a phone the details sheet covers the lower half: keep the node above it
        var box = canvasBox.getBoundingClientRect(), sheet = details.getBoundingClientRect();
        var at = network.canvasToDOM(network.getPosition(params.nodes[0]));
        var room = Math.max(sheet.top - box.top, 80);
        if (at.y > room - 40) {
          network.moveTo({ position: network.DOMtoCanvas({ x: at.x, y: at.y + box.height / 2 - room / 2 }), animation: false });
        }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !details.hidden) { closeDetails(); }
    });
    canvasBox.addEventListener("keydown", function (event) {  // Enter on the drawing: the selected node's details
      var selected = network.getSelectedNodes();
      if (event.key === "Enter" && selected.length) { showDetails(selected[0]); }
    });
    var beforeFilter = window.kgraph.onFilter;
    window.kgraph.onFilter = function () {
      if (beforeFilter) { beforeFilter(); }
      if (shown !== null) {
        fade(shown);
      }
    };

    // --- zoom buttons and the side panel's toggle ------------------------------------------------
    var zoom = document.createElement("div");
    zoom.id = "zoom";
    zoom.setAttribute("role", "group");
    zoom.setAttribute("aria-label", "Zoom");
    [["+", "Zoom in", 1.4], ["−", "Zoom out", 1 / 1.4], ["⤢", "Fit the drawing", 0]].forEach(function (spec) {
      var b = button(spec[0], "zoom", function () {
        if (!spec[2]) { network.fit({ animation: false }); return; }
        network.moveTo({ scale: network.getScale() * spec[2], animation: false });
      });
      b.setAttribute("aria-label", spec[1]);
      b.title = spec[1];
      zoom.appendChild(b);
    });
    canvasBox.appendChild(zoom);

    var toggle = button("☰ Menu", "", function () { setCollapsed(!document.body.classList.contains("panel-collapsed")); });
    toggle.id = "panel-toggle";
    toggle.setAttribute("aria-controls", "panel");
    document.body.insertBefore(toggle, document.body.firstChild);
    function setCollapsed(collapsed) {
      document.body.classList.toggle("panel-collapsed", collapsed);
      toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
      toggle.textContent = collapsed ? "☰ Menu" : "× Menu";
      toggle.setAttribute("aria-label", collapsed ? "Show the side panel" : "Hide the side panel");
      network.redraw();
    }
    setCollapsed(window.innerWidth < 700);
    network.setOptions({ interaction: { keyboard: { enabled: true, bindToWindow: false } } });

    window.kgraph.setStatus = setStatus;
    window.kgraph.focused = function () { return focused; };
    window.kgraph.status = function (id) { return states[id] || ""; };
    window.kgraph.showDetails = showDetails;
    window.kgraph.closeDetails = closeDetails;
    window.kgraph.progressCommands = commands;
    window.kgraph.progressFile = progressFile;
    window.kgraph.setPanelCollapsed = setCollapsed;
  })();
