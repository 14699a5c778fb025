"""Section 5, Accessibility: per-unit measures (population-weighted travel time, population
reachable within 60/120 min, potential accessibility) and each scenario's gains
(``metroscope.scenario.compare``)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import network, scenario
from .. import _data, _fmt
from .._analyses import AnalysisError, source_line
from .._figures import PALETTE, base_layout, bilingual
from .._i18n import role as role_label
from .._i18n import t, tf
from ..context import Cell, Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs



def build(inp: ReportInputs, section: Section) -> None:
    """Baseline table, then the scenarios' gains (chart and table); not available without a
    network."""
    _data.require_network(inp.region, "fastest")
    acc = inp.run(network.accessibility, inp.region, mode="fastest",
                  key=("accessibility", "fastest"))
    section.blocks.append(_baseline_table(acc))
    if not inp.scenarios:
        section.blocks.append(Note(Text("未选择情景,因此没有情景收益。用 --scenario 添加情景。",
                                        "No scenario was chosen, so there are no scenario "
                                        "gains; add some with --scenario.")))
        return
    comparisons: dict[str, tuple[Text, pd.DataFrame]] = {}
    for s in inp.scenarios:
        try:
            comparisons[s.name] = (s.title, inp.run(scenario.compare, inp.region, s.region,
                                                   mode="fastest", key=("compare", s.name)))
        except AnalysisError as exc:
            if exc.note not in section.blocks:
                section.blocks.append(exc.note)
    if comparisons:
        with guard(section):
            section.blocks.append(_gain_figure(comparisons))
        section.blocks.append(_gain_table(comparisons))
        section.blocks += inp.scenario_notes()  # e.g. a scenario year that keeps later links


def _focus(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["role"].isin(_data.FOCUS_ROLES)]


def _share_reason(r: pd.Series) -> Text | None:
    """Why a unit's reachable share is missing: other units without a mass (the total is then
    unknown), or None."""
    n = r.get("n_missing_mass")
    if n is None or _fmt.is_missing(n) or int(n) == 0:
        return None
    return tf("acc_share_mass_unknown", n=int(n))


def _baseline_table(acc: pd.DataFrame) -> Table:
    focus = _focus(acc).sort_values("weighted_time_min")
    rows = []
    unreachable = Text("不可达", "not reachable")
    for _code, r in focus.iterrows():
        rows.append((
            _fmt.text_cell(_fmt.unit_name(r["name_zh"], r["name_en"])),
            _fmt.text_cell(role_label(str(r["role"]))),
            _fmt.cell(r["weighted_time_min"], _fmt.minutes(r["weighted_time_min"]),
                      reason=unreachable),
            _fmt.cell(r["reachable_mass_share"], _fmt.pct(100 * r["reachable_mass_share"])
                      if not _fmt.is_missing(r["reachable_mass_share"]) else None,
                      reason=_share_reason(r)),
            _fmt.cell(r.get("daily_60"), _fmt.persons(r.get("daily_60"))),
            _fmt.cell(r.get("daily_120"), _fmt.persons(r.get("daily_120"))),
            _fmt.cell(r["potential"], _fmt.number(r["potential"], 0)),
        ))
    cols = (t("unit"), t("role"), Text("加权平均出行时间", "Weighted mean travel time"),
            Text("可达人口比重", "Share of mass reachable"),
            Text("60分钟可达人口", "Population within 60 min"),
            Text("120分钟可达人口", "Population within 120 min"),
            Text("潜力可达性", "Potential accessibility"))
    return Table("tab-accessibility", Text("现状可达性(最快方式,门到门)",
                                           "Accessibility today (fastest door-to-door trip)"),
                 cols, tuple(rows), source=source_line(acc))


def _gain_pct(df: pd.DataFrame) -> pd.Series:
    base = df["potential_base"].astype(float)
    out: pd.Series = 100 * df["potential_delta"].astype(float) / base.where(base > 0)
    return out


def _gain_figure(comparisons: dict[str, tuple[Text, pd.DataFrame]]) -> Any:
    first = _focus(next(iter(comparisons.values()))[1])
    order = first.index.tolist()

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        names = [_fmt.unit_name(a, b).get(lang).split(" ")[0] if lang == "zh" else str(b)
                 for a, b in zip(first["name_zh"], first["name_en"], strict=True)]
        for i, (title, df) in enumerate(comparisons.values()):
            g = _gain_pct(df).reindex(order)
            fig.add_trace(go.Bar(x=names, y=g.round(2).tolist(), name=title.get(lang),
                                 marker={"color": PALETTE[i % len(PALETTE)]}))
        layout = base_layout("", height=420)
        layout["yaxis"].update({"title": {"text": "潜力可达性变化(%)" if lang == "zh"
                                          else "Change of potential accessibility (%)"}})
        layout["xaxis"].update({"tickangle": -45})
        layout["barmode"] = "group"
        layout["legend"].update({"orientation": "h", "y": 1.02, "x": 0, "yanchor": "bottom"})
        layout["margin"].update({"t": 60})
        fig.update_layout(layout)
        return fig

    src = source_line(next(iter(comparisons.values()))[1])
    return bilingual("fig-accessibility-gains", Text(
        "各情景下都市圈县级单元潜力可达性(人口/时间的引力型总和)的变化(%)。",
        "Change of potential accessibility (population over travel time, gravity-type sum) of "
        "the area's county-level units under each scenario (%)."), build_fig, height_px=420,
        source=src)


def _gain_table(comparisons: dict[str, tuple[Text, pd.DataFrame]]) -> Table:
    first_df = next(iter(comparisons.values()))[1]
    first = _focus(first_df).assign(_g=_gain_pct(first_df)).sort_values("_g", ascending=False)
    summary = first_df.attrs.get("metroscope", {}).get("summary", {}).get("base", {})
    limit = float(summary.get("minutes", 60.0))  # the circle's threshold used by compare
    label = (Text("1小时圈", "1-hour circle") if limit == 60 else
             Text(f"{limit:g}分钟圈", f"{limit:g}-minute circle"))
    rows = []
    for code, r in first.iterrows():
        cells: list[Any] = [_fmt.text_cell(_fmt.unit_name(r["name_zh"], r["name_en"])),
                            _fmt.text_cell(role_label(str(r["role"])))]
        for _title, df in comparisons.values():
            d = df.loc[code]
            g = float(_gain_pct(df).get(code, math.nan))
            wt = float(d["weighted_time_min_delta"])
            if _fmt.is_missing(g):
                cells.append(_fmt.cell(math.nan, reason=Text("不可达", "not reachable")))
                continue
            text = _fmt.pct(g, signed=True)
            if not _fmt.is_missing(wt) and round(wt) != 0:
                mins = _fmt.minutes(wt, signed=True)
                text = text + Text(f" · {mins.zh}", f" · {mins.en}")
            change = str(d.get("circle_change", "") or "")
            if change == "joins":
                text = text + Text(f" · 进入{label.zh}", f" · joins the {label.en}")
            elif change == "leaves":
                text = text + Text(f" · 离开{label.zh}", f" · leaves the {label.en}")
            cells.append(Cell(text, numeric=True, css="pos" if g > 0.05 else ""))
        rows.append(tuple(cells))
    cols: list[Text] = [t("unit"), t("role")]
    cols += [title for title, _df in comparisons.values()]
    return Table("tab-accessibility-gains", Text(
        "各情景的可达性收益:潜力可达性变化(%) · 加权平均出行时间变化",
        "Accessibility gains of each scenario: change of potential accessibility (%) · change "
        "of the weighted mean travel time"), tuple(cols), tuple(rows),
        source=source_line(first_df))
