  [["filter-roadmap", KG.roadmaps, "roadmap"], ["filter-kind", KG.kinds, "kind"], ["filter-level", KG.levels, "level"]]
    .forEach(function (spec) {
      var select = document.getElementById(spec[0]);
      spec[1].forEach(function (value) {
        var option = text("option", value);
        option.value = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        filters[spec[2]] = select.value;
        nodesView.refresh();
        edgesView.refresh();
      });
    });

  document.getElementById("show-level-edges").addEventListener("change", function (event) {
    var hidden = !event.target.checked;
    edges.update(edges.get({ filter: function (e) { return e.kgKind === "AT_LEVEL"; } })
      .map(function (e) { return { id: e.id, hidden: hidden }; }));
  });

  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  search.addEventListener("input", function () {
    matches.replaceChildren();
    var needle = search.value.trim().toLowerCase();
    if (!needle) { return; }
    var found = nodes.get({ filter: function (n) { return n.kgName.toLowerCase().indexOf(needle) >= 0; } });
    found.slice(0, 12).forEach(function (n) {
      var button = text("button", n.kgName + " (" + n.kgKind + (n.kgRoadmap ? ", " + n.kgRoadmap : "") + ")");
      button.type = "button";
      button.addEventListener("click", function () { focusNode(n.id); });
      matches.appendChild(button);
    });
    if (found.length > 12) { matches.appendChild(text("div", "… " + (found.length - 12) + " more")); }
    if (!found.length) { matches.appendChild(text("div", "no match")); }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches.querySelector("button")) { matches.querySelector("button").click(); }
  });

  var legend = document.getElementById("legend");
  KG.legend.forEach(function (entry) {
    var row = document.createElement("div");
    var swatch = text("span", "", "swatch");
    swatch.style.background = entry.color;
    row.appendChild(swatch);
    row.appendChild(document.createTextNode(entry.label));
    legend.appendChild(row);
  });
  var statuses = nodes.get({ filter: function (n) { return n.kgStatus; } });
  if (statuses.length) {
    var progressLegend = document.getElementById("legend-progress");
    [["done", "#2ca02c", "✓"], ["learning", "#ffbf00", "…"], ["skipped", "#9e9e9e", "⤼"]].forEach(function (s) {
      var row = document.createElement("div");
      var swatch = text("span", "", "swatch");
      swatch.style.border = "3px solid " + s[1];
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(s[2] + " " + s[0] + " (border)"));
      progressLegend.appendChild(row);
    });
  }
