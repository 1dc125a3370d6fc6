  // The step list is the plan: goals and hours on top, a header per stage (or the path), each
  // step with its roadmap, level, hours and reason. Clicking a step, Prev/Next (buttons: Tab,
  // Enter, Space) or the arrow keys inside the list focus a step on the drawing. Text only.
  (function () {
    if (!KG.route || !KG.route.sections.length) { return; }
    var route = KG.route;
    var stepItems = [];
    var current = -1;
    var hours = function (value) { return (Math.round(Number(value) * 10) / 10) + " h"; };
    var title = document.getElementById("steps-title");
    title.hidden = false;
    title.textContent = (KG.highlight_label === "path" ? "Path" : "Plan") + " (" + KG.view + " view)";
    var summary = document.getElementById("route-summary");
    var count = route.sections.reduce(function (sum, s) { return sum + s.steps.length; }, 0);
    summary.appendChild(text("div", "Goal" + (route.goals.length > 1 ? "s" : "") + ": " + route.goals.join(", "), "kg-goals"));
    summary.appendChild(text("div", count + " steps, " + hours(route.hours) + " in total"));
    if (route.known_goals.length) { summary.appendChild(text("div", "already known: " + route.known_goals.join(", "))); }
    summary.firstChild.style.fontWeight = "600";

    var list = document.getElementById("steps");
    route.sections.forEach(function (section) {
      var header = text("h3", section.title);
      Object.assign(header.style, { fontSize: "13px", margin: "10px 0 2px" });
      list.appendChild(header);
      var ol = document.createElement("ol");
      Object.assign(ol.style, { margin: "0", paddingLeft: "0", listStyle: "none" });
      section.steps.forEach(function (step) {
        var index = stepItems.length;
        var item = document.createElement("li");
        item.style.padding = "3px 4px";
        var button = text("button", (step.n ? step.n + ". " : "") + step.name + (step.goal ? " (goal)" : ""));
        button.type = "button";
        Object.assign(button.style, { border: "0", background: "none", padding: "0", font: "inherit", textAlign: "left",
          color: "#1f5fa8", cursor: "pointer", fontWeight: step.goal ? "700" : "400" });
        item.appendChild(button);
        var part = step.part && step.topic_hours && step.hours < step.topic_hours
          ? hours(step.hours) + " of " + hours(step.topic_hours) + " (only: " + step.part + ")"
          : step.part ? hours(step.hours) + " (only: " + step.part + ")" : step.hours !== null ? hours(step.hours) : "";
        var meta = [step.roadmap, step.level, part].filter(function (v) { return v; }).join(" · ");
        var line = text("div", meta);
        line.style.color = "#555";
        item.appendChild(line);
        if (step.reason) {
          var why = text("div", step.reason);
          Object.assign(why.style, { color: "#666", fontSize: "12px" });
          item.appendChild(why);
        }
        item.addEventListener("click", function () { goTo(index); });
        ol.appendChild(item);
        stepItems.push({ item: item, button: button, id: step.id });
      });
      list.appendChild(ol);
    });

    var nav = document.getElementById("step-nav");
    var at = document.getElementById("step-at");
    var prev = document.getElementById("step-prev");
    var next = document.getElementById("step-next");
    nav.hidden = false;
    at.textContent = stepItems.length + " steps";
    var goTo = function (index) {
      if (index < 0 || index >= stepItems.length) { return; }
      if (current >= 0) {
        stepItems[current].item.style.background = "";
        stepItems[current].item.removeAttribute("aria-current");
      }
      current = index;
      var entry = stepItems[index];
      entry.item.style.background = "#ffe9e9";
      entry.item.setAttribute("aria-current", "step");
      at.textContent = "step " + (index + 1) + " of " + stepItems.length;
      prev.disabled = index === 0;
      next.disabled = index === stepItems.length - 1;
      if (nodes.get(entry.id)) { focusNode(entry.id); }
      window.kgraph.step = index;
    };
    prev.addEventListener("click", function () { goTo(current <= 0 ? 0 : current - 1); });
    next.addEventListener("click", function () { goTo(current + 1); });
    list.addEventListener("keydown", function (event) {
      var move = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (!move) { return; }
      event.preventDefault();
      var from = current;  // from the step whose button has focus, if one has
      stepItems.forEach(function (entry, index) { if (entry.button === document.activeElement) { from = index; } });
      goTo(Math.min(Math.max(from + move, 0), stepItems.length - 1));
      stepItems[current].button.focus();
    });
    window.kgraph.goToStep = goTo;
  })();
