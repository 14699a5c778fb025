/* metroscope dashboard: draw the plotly figures of the page and of every fragment htmx swaps
   in, send the CSRF token with htmx requests, auto-submit selectors. No inline script: the
   Content-Security-Policy allows scripts from this server only. */
(function () {
  "use strict";
  var root = document.documentElement;
  /* The unit polygons every map draws: fetched once per page from #ms-geo's data-src (the
     server caches it by region content, with an ETag), not embedded in each page. */
  var geo = null;
  function geoData() {
    if (geo === null) {
      var el = document.getElementById("ms-geo");
      var src = el ? el.getAttribute("data-src") : null;
      geo = !src ? Promise.resolve({type: "FeatureCollection", features: []})
        : fetch(src, {credentials: "same-origin"}).then(function (r) {
          if (!r.ok) { throw new Error("map polygons: HTTP " + r.status); }
          return r.json();
        });
    }
    return geo;
  }
  var config = {displaylogo: false, responsive: true,
                modeBarButtonsToRemove: ["select2d", "lasso2d"]};
  function plotOne(el, spec) {
    var needs = (spec.data || []).some(function (t) { return t.geojson === "@geo:units"; });
    var ready = needs ? geoData() : Promise.resolve(null);
    return ready.then(function (g) {
      (spec.data || []).forEach(function (trace) {
        if (trace.geojson === "@geo:units") { trace.geojson = g; }
      });
      return Plotly.react(el, spec.data || [], spec.layout || {}, config);
    });
  }
  function plotIn(scope) {
    var jobs = [];
    Array.prototype.forEach.call(scope.querySelectorAll(".plot[data-figure]"), function (el) {
      var specEl = document.getElementById(el.getAttribute("data-figure"));
      if (!specEl) { return; }
      jobs.push(plotOne(el, JSON.parse(specEl.textContent)));
    });
    return Promise.all(jobs).then(function () {
      var n = Number(root.getAttribute("data-plotted") || 0) + jobs.length;
      root.setAttribute("data-plotted", String(n));
    });
  }
  /* A full page load (a link, the region selector, a plain form) can take seconds while the
     server computes a page for the first time: show the busy sign htmx shows for fragments. */
  function showBusy() {
    var b = document.getElementById("busy");
    if (b) { b.classList.add("htmx-request"); }
  }
  function isDownload(path) {  // the browser saves the answer and stays on the page
    return /\/download$|\.(zip|csv|parquet|json|pdf)$/.test(path);
  }
  function bindAutosubmit(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("select[data-autosubmit]"), function (s) {
      s.addEventListener("change", function () { if (s.form) { showBusy(); s.form.submit(); } });
    });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey ||
        e.altKey || (a.target && a.target !== "_self") || a.hasAttribute("download") ||
        a.hasAttribute("hx-get") || a.origin !== window.location.origin) { return; }
    var path = a.pathname;
    if (path.indexOf("/api/") === 0 || path.indexOf("/static/") === 0 || isDownload(path) ||
        (path === window.location.pathname && a.hash)) { return; }
    showBusy();
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var action = new URL(f.action || window.location.href, window.location.href).pathname;
    if (!e.defaultPrevented && !f.hasAttribute("hx-post") && !f.hasAttribute("hx-get") &&
        !isDownload(action)) {
      showBusy();
    }
  });
  window.addEventListener("pageshow", function (e) {  // back/forward cache: not loading
    var b = document.getElementById("busy");
    if (e.persisted && b) { b.classList.remove("htmx-request"); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    bindAutosubmit(document);
    plotIn(document).then(function () { root.setAttribute("data-ready", "1"); });
  });
  document.addEventListener("htmx:configRequest", function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { e.detail.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
  });
  document.addEventListener("htmx:responseError", function (e) {
    var target = e.detail.target;
    if (!target) { return; }
    var text = "";
    try {
      var body = JSON.parse(e.detail.xhr.responseText);
      text = body.error.message + (body.error.details || []).map(function (d) {
        return "\n- " + (typeof d === "string" ? d : (d.message || JSON.stringify(d)));
      }).join("");
    } catch (err) { text = "HTTP " + e.detail.xhr.status; }
    var p = document.createElement("p");
    p.className = "error"; p.setAttribute("role", "alert"); p.textContent = text;
    target.replaceChildren(p);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail.target || document;
    bindAutosubmit(target);
    plotIn(target).then(function () {
      root.setAttribute("data-swapped",
                        String(Number(root.getAttribute("data-swapped") || 0) + 1));
    });
  });
})();
