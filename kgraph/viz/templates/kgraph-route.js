  if (KG.steps.length) {
    var title = document.getElementById("steps-title");
    title.hidden = false;
    title.textContent = "Highlighted " + KG.highlight_label + " (" + KG.steps.length + " steps)";
    var list = document.getElementById("steps");
    KG.steps.forEach(function (step) {
      var item = text("li", step.name);
      var id = nodes.get({ filter: function (n) { return n.kgStep === step.step; } })[0];
      if (id) { item.addEventListener("click", function () { focusNode(id.id); }); }
      list.appendChild(item);
    });
  }

