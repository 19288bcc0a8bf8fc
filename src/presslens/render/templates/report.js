(function () {
  "use strict";
  var body = document.body;
  document.querySelectorAll("input[name=view]").forEach(function (radio) {
    radio.addEventListener("change", function () { body.setAttribute("data-view", radio.value); });
  });
  function mark(n, on) {
    document.querySelectorAll(".seg.t").forEach(function (seg) {
      if ((" " + seg.getAttribute("data-t") + " ").indexOf(" " + n + " ") >= 0) {
        seg.classList.toggle("hl", on);
      }
    });
    var item = document.getElementById("t" + n);
    if (item) { item.classList.toggle("hl", on); }
  }
  document.querySelectorAll("ol.spans li[data-n]").forEach(function (li) {
    var n = li.getAttribute("data-n");
    li.addEventListener("mouseenter", function () { mark(n, true); });
    li.addEventListener("mouseleave", function () { mark(n, false); });
  });
  document.querySelectorAll(".seg.t").forEach(function (seg) {
    var ns = (seg.getAttribute("data-t") || "").split(" ");
    seg.addEventListener("mouseenter", function () { ns.forEach(function (n) { mark(n, true); }); });
    seg.addEventListener("mouseleave", function () { ns.forEach(function (n) { mark(n, false); }); });
  });
})();
