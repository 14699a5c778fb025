"""Plotly figures in both languages: a builder ``(lang) -> go.Figure`` is called once per
language and the two JSON specs go into one :class:`~metroscope.report.context.Figure`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .context import Figure, SourceLine, Text

if TYPE_CHECKING:
    import plotly.graph_objects as go

LANGS = ("zh", "en")
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
PALETTE = ("#1f4e79", "#c0392b", "#2e8b57", "#d68910", "#7d3c98", "#17a589", "#5d6d7e",
           "#a04000", "#2874a6", "#b03a2e")


def base_layout(title: str = "", *, height: int = 440, legend: bool = True) -> dict[str, Any]:
    """The common layout: fonts with CJK glyphs, white background, compact margins."""
    return {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "font": {"family": FONT, "size": 12, "color": "#222"},
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": list(PALETTE),
        "showlegend": legend,
        "legend": {"bgcolor": "rgba(255,255,255,0.85)", "bordercolor": "#ccc", "borderwidth": 1},
        "hoverlabel": {"font": {"family": FONT}},
        "xaxis": {"gridcolor": "#eee", "zerolinecolor": "#bbb"},
        "yaxis": {"gridcolor": "#eee", "zerolinecolor": "#bbb"},
    }


def to_json(fig: go.Figure) -> str:
    """The figure as JSON (data + layout) safe to embed in a ``<script>`` element."""
    import plotly.io as pio

    return str(pio.to_json(fig, validate=False, pretty=False)).replace("</", "<\\/")


def bilingual(fig_id: str, caption: Text, build: Callable[[str], go.Figure], *,
              height_px: int = 440, is_map: bool = False,
              source: SourceLine | None = None) -> Figure:
    """Build ``build(lang)`` for both languages and wrap the specs in a Figure block."""
    specs = {lang: to_json(build(lang)) for lang in LANGS}
    return Figure(fig_id=fig_id, caption=caption, specs=specs, height_px=height_px,
                  is_map=is_map, source=source)


def line_chart(series: dict[str, tuple[Sequence[Any], Sequence[Any]]], *, title: str,
               x_title: str, y_title: str, height: int = 400,
               dash: dict[str, str] | None = None) -> go.Figure:
    """Lines with markers, one per named series ``name -> (x, y)``; gaps stay gaps."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, (x, y) in series.items():
        fig.add_trace(go.Scatter(x=list(x), y=list(y), name=name, mode="lines+markers",
                                 connectgaps=False,
                                 line={"dash": (dash or {}).get(name, "solid"), "width": 2}))
    layout = base_layout(title, height=height)
    layout["xaxis"].update({"title": {"text": x_title}})
    layout["yaxis"].update({"title": {"text": y_title}})
    fig.update_layout(layout)
    return fig


def heatmap(z: Any, *, x: Sequence[str], y: Sequence[str], title: str, colorbar: str,
            zmid: float | None = None, height: int = 480, text_fmt: str = ".2f",
            colorscale: str = "RdBu_r") -> go.Figure:
    """A heatmap with values printed in the cells (NaN cells stay blank)."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Heatmap(z=z, x=list(x), y=list(y), colorscale=colorscale, zmid=zmid,
                               texttemplate="%{z:" + text_fmt + "}", hoverongaps=False,
                               colorbar={"title": {"text": colorbar}}))
    layout = base_layout(title, height=height, legend=False)
    layout["margin"].update({"l": 150, "b": 120})
    layout["yaxis"].update({"autorange": "reversed"})
    fig.update_layout(layout)
    return fig


def bar_chart(x: Sequence[Any], ys: dict[str, Sequence[Any]], *, title: str, y_title: str,
              height: int = 420, horizontal: bool = False) -> go.Figure:
    """Grouped bars, one trace per named series."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, y in ys.items():
        if horizontal:
            fig.add_trace(go.Bar(y=list(x), x=list(y), name=name, orientation="h"))
        else:
            fig.add_trace(go.Bar(x=list(x), y=list(y), name=name))
    layout = base_layout(title, height=height, legend=len(ys) > 1)
    axis = "xaxis" if horizontal else "yaxis"
    layout[axis].update({"title": {"text": y_title}})
    layout["barmode"] = "group"
    if horizontal:
        layout["margin"].update({"l": 170})
        layout["yaxis"].update({"autorange": "reversed"})
    fig.update_layout(layout)
    return fig
