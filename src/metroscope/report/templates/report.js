/* metroscope report: plot the figures in the active language; switch languages in place. */
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("ms-figures").textContent);
  var geo = JSON.parse(document.getElementById("ms-geo").textContent);
  var root = document.documentElement;
  Object.keys(specs).forEach(function (id) {
    Object.keys(specs[id]).forEach(function (lang) {
      (specs[id][lang].data || []).forEach(function (trace) {
        if (trace.geojson === "@geo:units") { trace.geojson = geo; }
      });
    });
  });
  var config = {displaylogo: false, responsive: true,
                modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  function plotAll(lang) {
    var jobs = [];
    Object.keys(specs).forEach(function (id) {
      var el = document.getElementById(id);
      var spec = specs[id][lang];
      if (!el || !spec) { return; }
      var layout = spec.layout || {};
      if (root.classList.contains("print")) { layout.width = el.clientWidth || 700; }
      jobs.push(Plotly.react(el, spec.data || [], layout, config));
    });
    return Promise.all(jobs);
  }
  function setLang(lang) {
    if (lang !== "zh" && lang !== "en") { return Promise.resolve(); }
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang === "zh" ? "zh-CN" : "en");
    return plotAll(lang).then(function () { root.setAttribute("data-plotted", lang); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-set-lang]"), function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-set-lang")); });
  });
  var wanted = null;
  try { wanted = new URLSearchParams(window.location.search).get("lang"); } catch (e) { wanted = null; }
  window.metroscopeSetLang = setLang;
  if (root.classList.contains("print")) {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  }
  setLang(wanted || root.getAttribute("data-lang") || "zh");
})();
