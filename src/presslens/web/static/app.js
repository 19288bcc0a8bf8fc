// presslens web UI: layer toggles, span tooltips, busy state of the analyse form.
// Builds DOM only with textContent: article text never becomes markup.
(function () {
  "use strict";

  var LAYERS = ["techniques", "attributions", "claims", "entities"];

  function articleText() { return document.getElementById("article-text"); }

  function tipLines(mark, container) {
    var lines = [];
    LAYERS.forEach(function (layer) {
      if (!container.classList.contains("show-" + layer)) { return; }
      var tip = mark.getAttribute("data-tip-" + layer);
      if (tip) { tip.split("\n").forEach(function (l) { if (l) { lines.push(l); } }); }
    });
    return lines;
  }

  function showTip(mark, container) {
    var tooltip = document.getElementById("tooltip");
    var lines = tipLines(mark, container);
    tooltip.replaceChildren();
    if (!lines.length) { tooltip.hidden = true; return; }
    lines.forEach(function (line) {
      var div = document.createElement("div");
      div.className = "tip-line";
      div.textContent = line;
      tooltip.appendChild(div);
    });
    tooltip.hidden = false;
    var r = mark.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(4, Math.min(window.scrollX + r.left,
      window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8));
    tooltip.style.top = top + "px";   // CSSOM property writes are allowed by the CSP
    tooltip.style.left = left + "px";
  }

  function hideTip() {
    var tooltip = document.getElementById("tooltip");
    if (tooltip) { tooltip.hidden = true; }
  }

  function setupArticle() {
    var container = articleText();
    if (!container) { return; }
    // the custom tooltip replaces the browser's title tooltip (kept for no-JS readers)
    container.querySelectorAll("mark.seg[title]").forEach(function (m) {
      m.setAttribute("aria-label", m.getAttribute("title"));
      m.removeAttribute("title");
    });
    container.addEventListener("mouseover", function (ev) {
      var mark = ev.target.closest && ev.target.closest("mark.seg");
      if (mark && container.contains(mark)) { showTip(mark, container); }
    });
    container.addEventListener("mouseout", function (ev) {
      var to = ev.relatedTarget;
      if (!to || !to.closest || !to.closest("mark.seg")) { hideTip(); }
    });
    document.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        container.classList.toggle("show-" + box.getAttribute("data-layer"), box.checked);
        hideTip();
      });
    });
  }

  function setupForm() {
    var form = document.getElementById("analyze-form");
    if (!form) { return; }
    form.addEventListener("submit", function () {
      var button = document.getElementById("analyze-button");
      if (button) { button.disabled = true; button.textContent = "Analysing…"; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupArticle();
    setupForm();
  });
}());
