"""Section 8, Flows: potential commuting flows from the radiation and gravity models and the
core's share of each member's inbound (and outbound) flows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import flows as flow_models
from .. import _fmt
from .._analyses import AnalysisError, source_line
from .._figures import PALETTE, base_layout, bilingual
from .._i18n import role as role_label
from .._i18n import t
from ..context import Note, Section, Table, Text

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs

MODELS = (("radiation", Text("辐射模型", "radiation model")),
          ("gravity", Text("引力模型", "gravity model")))


def build(inp: ReportInputs, section: Section) -> None:
    """Both models' core shares: a chart and a table."""
    shares: dict[str, tuple[Text, pd.DataFrame, pd.DataFrame]] = {}
    for model, label in MODELS:
        try:
            flows = inp.run(flow_models.region_flows, inp.region, model=model,
                            key=("flows", model))
            shares[model] = (label, flows, inp.run(flow_models.core_share, flows, inp.region,
                                                  key=("core_share", model)))
        except AnalysisError as exc:
            if exc.note not in section.blocks:
                section.blocks.append(exc.note)
    if not shares:
        return
    # the core-share table carries name_en only: the Chinese names come from the units
    units = inp.region.units
    zh = units["name_zh"] if "name_zh" in units.columns else pd.Series(dtype=object)
    names_zh = {str(c): n for c, n in zh.items()}
    section.blocks.append(_figure(shares, names_zh))
    section.blocks.append(_table(shares, names_zh))
    section.blocks.append(Note(Text(
        "这些是模型给出的潜在通勤量(每位常住居民都视为潜在通勤者),不是观测的通勤流;数据中没有手机信令或"
        "普查就业地数据可供校准。",
        "These are model potentials (every resident counts as a potential commuter), not "
        "observed commuting: the data hold no mobile-phone or census place-of-work flows to "
        "calibrate them."), style="caveat"))


def _figure(shares: dict[str, tuple[Text, pd.DataFrame, pd.DataFrame]],
            names_zh: dict[str, Any]) -> Any:
    first = next(iter(shares.values()))[2]
    order = first.index.tolist()

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        names = [str(n) for n in first["name_en"]]
        if lang == "zh":
            names = [n if _fmt.is_missing_str(zh := names_zh.get(str(c))) else str(zh)
                     for c, n in zip(order, names, strict=True)]
        for i, (label, _flows, cs) in enumerate(shares.values()):
            v = (100 * cs["inbound_from_core_share"].reindex(order)).round(2)
            fig.add_trace(go.Bar(x=names, y=v.tolist(), name=label.get(lang),
                                 marker={"color": PALETTE[i % len(PALETTE)]}))
        layout = base_layout("", height=400)
        layout["barmode"] = "group"
        layout["xaxis"].update({"tickangle": -45})
        layout["yaxis"].update({"title": {"text": "流入量中来自核心的比重(%)" if lang == "zh"
                                          else "Share of inbound flow from the core (%)"}})
        layout["legend"].update({"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"})
        layout["margin"].update({"t": 60})
        fig.update_layout(layout)
        return fig

    lines = [source_line(f) for _l, f, _c in shares.values()]
    return bilingual("fig-flows-core-share", Text(
        "各成员县级单元的潜在流入量中来自核心的比重(辐射模型与引力模型)。",
        "Share of each member county's potential inbound flow that comes from the core "
        "(radiation and gravity models)."), build_fig, height_px=400, source=lines[0].__class__(
            lines[0].text + Text(";", "; ") + lines[-1].text if len(lines) > 1 else lines[0].text,
            tuple(dict.fromkeys(s for line in lines for s in line.sources))))


def _table(shares: dict[str, tuple[Text, pd.DataFrame, pd.DataFrame]],
           names_zh: dict[str, Any]) -> Table:
    first = next(iter(shares.values()))[2]
    rows = []
    for code, r in first.iterrows():
        name_zh = names_zh.get(str(code), "")
        cells: list[Any] = [_fmt.text_cell(_fmt.unit_name(name_zh, r["name_en"])),
                            _fmt.text_cell(role_label(str(r["role"])))]
        for _label, _flows, cs in shares.values():
            if code not in cs.index:
                cells += [_fmt.cell(None), _fmt.cell(None)]
                continue
            c = cs.loc[code]
            cells.append(_fmt.cell(c["inbound_from_core_share"],
                                   _fmt.pct(100 * c["inbound_from_core_share"])))
            cells.append(_fmt.cell(c["outbound_to_core_share"],
                                   _fmt.pct(100 * c["outbound_to_core_share"])))
        rows.append(tuple(cells))
    cols: list[Text] = [t("unit"), t("role")]
    for label, _f, _c in shares.values():
        cols += [label + Text(":流入来自核心", ": inbound from core"),
                 Text("流出去往核心", "outbound to core")]
    return Table("tab-flows", Text("核心在各成员潜在流入与流出中的份额",
                                   "The core's share of each member's potential inflow and "
                                   "outflow"), tuple(cols), tuple(rows),
                 source=source_line(next(iter(shares.values()))[2]))
