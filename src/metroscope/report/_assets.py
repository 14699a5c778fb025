"""Offline assets inlined into the page: plotly.js from the plotly wheel, a stub world
topology for plotly's geo traces, and the report's stylesheet and script.

plotly.js fetches a world topojson for any geo trace and blanks the map when it cannot; the page
sets ``window.PlotlyGeoAssets = {topojson: {world_110m: STUB}}`` before plotly.js so nothing is
fetched. Our maps draw the region's own polygons, so the stub needs no land or coastlines.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from .context import Assets

#: A valid, empty topology with the layers plotly's geo module may look up.
TOPOJSON_STUB = {
    "type": "Topology",
    "arcs": [],
    "objects": {name: {"type": "GeometryCollection", "geometries": []}
                for name in ("land", "ocean", "lakes", "rivers", "coastlines", "countries",
                             "subunits")},
}


def plotly_js_path() -> Path:
    """Path of ``plotly.min.js`` shipped in the installed plotly wheel."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@functools.lru_cache(maxsize=1)
def plotly_js() -> str:
    """The minified plotly.js source, safe to inline in a ``<script>`` element."""
    text = plotly_js_path().read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")


def template_text(name: str) -> str:
    """A file from ``report/templates`` as text."""
    return (resources.files("metroscope.report") / "templates" / name).read_text(encoding="utf-8")


def assets() -> Assets:
    """All inlined assets."""
    return Assets(plotly_js=plotly_js(), topojson_json=json.dumps(TOPOJSON_STUB),
                  css=template_text("report.css"), js=template_text("report.js"))
