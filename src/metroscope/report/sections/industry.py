"""Section 6, Industry: location-quotient heatmap, structure-similarity matrix and the
division-of-labour table, with the cluster-mapping caveat (the census reports manufacturing as
one section, so the plan's target clusters cannot be told apart)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...indicators import industry as indicators_industry
from ...indicators import lq_evidence as indicators_lq_evidence
from ...messages import text
from .. import _fmt
from .._analyses import source_line
from .._figures import bilingual, heatmap
from .._i18n import note as note_text
from .._i18n import t, tf
from ..context import Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs



def _base_text(res: pd.DataFrame) -> Text:
    """The comparison base of an LQ result, from its provenance (``kind: description``)."""
    from ...messages import Message
    from .._i18n import STRINGS

    ref = res.attrs.get("metroscope", {}).get("parameters", {}).get("reference", "")
    if isinstance(ref, Message) and ref.key == "lq_ref_with_kind":
        kind = str(ref.params.get("kind", ""))
        d = ref.params.get("desc", "")
        desc = Text(d.zh, d.en) if isinstance(d, Message) else Text.same(str(d))
    else:
        kind, _, text = str(ref).partition(": ")
        desc = Text.same(text)
    key = f"lq_base_{kind}"
    label = t(key) if key in STRINGS else Text.same(kind)
    return label + Text(f"({desc.zh})" if desc.zh else "", f" ({desc.en})" if desc.en else "")


def _industry_labels(keys: list[str], lang: str) -> list[str]:
    from ...measures import industry_indicator, label

    return [label(industry_indicator(k), lang).replace("从业人口(长表)", "")
            .replace("Employed: ", "").replace(" (sample)", "") for k in keys]


def _unit_labels(inp: ReportInputs, codes: list[str], lang: str) -> list[str]:
    u = inp.region.units
    col = "name_zh" if lang == "zh" else "name_en"
    return [str(u.at[c, col]) if c in u.index else c for c in codes]


def build(inp: ReportInputs, section: Section) -> None:
    """LQ heatmap, similarity matrix, division of labour, caveats."""
    lq = inp.run(indicators_industry.location_quotients, inp.region, key=("lq",))
    ev = inp.run(indicators_lq_evidence.lq_evidence, inp.region, key=("lq_evidence",))
    section.blocks.append(Note(tf("lq_base", base=_base_text(lq)), style="note"))
    section.blocks.append(_lq_figure(inp, lq, ev))
    with guard(section):
        sim = inp.run(indicators_industry.similarity_matrix, inp.region, key=("similarity",))
        section.blocks.append(_similarity_figure(inp, sim))
    with guard(section):
        dol = inp.run(indicators_industry.division_of_labour, inp.region, key=("division",))
        section.blocks.append(_division_table(inp, dol))
        for n in dol.attrs.get("metroscope", {}).get("notes") or []:
            section.blocks.append(Note(note_text(n), style="caveat"))
    section.blocks.append(Note(Text(
        "行业从业人口来自人口普查长表抽样(约10%的就业人口),只用于计算比重,不代表就业总量。",
        "Employment by industry comes from the census long-form sample (about 10 % of the "
        "employed): it is used for shares only, not for levels."), style="caveat"))


def _lq_figure(inp: ReportInputs, lq: pd.DataFrame, ev: pd.DataFrame | None = None) -> Any:
    codes = [str(c) for c in lq.index]
    keys = [str(c) for c in lq.columns]

    values = lq.to_numpy(dtype=float)
    weak = np.zeros(values.shape, dtype=bool)
    if ev is not None:
        rel = ev["reliable"].unstack().reindex(index=codes, columns=keys)
        weak = ~rel.fillna(False).to_numpy(dtype=bool) & np.isfinite(values)
    with np.errstate(divide="ignore", invalid="ignore"):
        log2 = np.clip(np.log2(values), -2.0, 2.0)
    strong = np.where(weak, np.nan, log2)

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = heatmap(np.round(strong, 3), x=_industry_labels(keys, lang),
                      y=_unit_labels(inp, codes, lang), title="", colorbar="LQ", zmid=0.0,
                      height=560)
        fig.update_traces(text=np.round(values, 2), texttemplate="%{text:.2f}", zmin=-2,
                          zmax=2, hovertemplate="%{y} · %{x}: LQ %{text:.2f}<extra></extra>",
                          colorbar={"tickvals": [-2, -1, 0, 1, 2],
                                    "ticktext": ["≤0.25", "0.5", "1", "2", "≥4"]})
        if weak.any():
            grey = np.where(weak, 0.0, np.nan)
            fig.add_trace(go.Heatmap(
                z=grey, x=_industry_labels(keys, lang), y=_unit_labels(inp, codes, lang),
                text=np.where(weak, np.round(values, 2), np.nan), texttemplate="%{text:.2f}",
                colorscale=[[0, "#d5d8dc"], [1, "#d5d8dc"]], showscale=False,
                hoverongaps=False, hovertemplate="%{y} · %{x}: LQ %{text:.2f} — "
                + t("lq_weak_cell").get(lang) + "<extra></extra>"))
        return fig

    return bilingual("fig-lq", t("lq_caption"), build_fig, height_px=560,
                     source=source_line(lq))


def _similarity_figure(inp: ReportInputs, sim: pd.DataFrame) -> Any:
    codes = [str(c) for c in sim.index]

    def build_fig(lang: str) -> go.Figure:
        names = _unit_labels(inp, codes, lang)
        fig = heatmap(sim.to_numpy().round(3), x=names, y=names, title="",
                      colorbar="S", height=520, text_fmt=".2f", colorscale="Viridis")
        fig.update_layout(margin={"l": 110, "b": 90})
        return fig

    return bilingual("fig-similarity", Text(
        "产业结构相似系数 S(UNIDO):越接近 1,两地的产业结构越相似(同质竞争)。",
        "Structural similarity S (UNIDO): the closer to 1, the more alike two units' industry "
        "structures are (duplication rather than complementarity)."), build_fig, height_px=520,
        source=source_line(sim))


def _division_table(inp: ReportInputs, dol: pd.DataFrame) -> Table:
    u = inp.region.units
    rows = []
    clusters = "target_clusters" in dol.columns and bool(
        dol["target_clusters"].fillna("").astype(str).str.strip().ne("").any())
    for (code, industry), r in dol.iterrows():
        name = (_fmt.unit_name(u.at[code, "name_zh"], u.at[code, "name_en"])
                if code in u.index else Text.same(str(code)))
        sufficient = str(r["evidence"]) == "sufficient"
        evidence = t("evidence_sufficient") if sufficient else note_text(r["evidence"])
        rec = bool(r["recommended"])
        rows.append((
            _fmt.text_cell(name),
            _fmt.text_cell(Text(_industry_labels([str(industry)], "zh")[0],
                                _industry_labels([str(industry)], "en")[0])),
            _fmt.cell(r["lq"], _fmt.number(r["lq"], 2)),
            _fmt.text_cell(Text.same(f"{_fmt.number(r['ci_low'], 2).en}–"
                                     f"{_fmt.number(r['ci_high'], 2).en}")),
            _fmt.cell(r["sample_persons"], _fmt.number(r["sample_persons"], 0)),
            _fmt.text_cell(evidence, css="" if sufficient else "weak"),
            _fmt.cell(r["density"], _fmt.number(r["density"], 2)),
            _fmt.text_cell(Text("是", "yes") if rec else Text("否", "no"),
                           css="pos" if rec else ""),
            *([_fmt.text_cell(Text(text(r.get("target_clusters") or "", "zh"),
                                   text(r.get("target_clusters") or "", "en")))]
              if clusters else []),
        ))
    cols = (t("unit"), Text("行业", "Industry"), Text("区位商", "LQ"), t("lq_ci"),
            t("lq_sample"), t("lq_evidence"), Text("关联密度", "Density"),
            Text("宜作为分工方向", "Build the role on it"),
            *([Text("规划目标产业集群", "Plan's target clusters")] if clusters else []))
    return Table("tab-division", t("division_caption"), cols, tuple(rows),
                 source=source_line(dol))
