"""Section 3, Population: 2010 -> 2020 change by county (a map and a table), and the shrinking
and ageing units.

County-level units are filled by their change where they have polygons; units without one are
points (at their seat, sized by population; development zones at the seat they are routed
through), and the caption says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ...indicators import core_periphery as indicators_core_periphery
from ...indicators import population as indicators_population
from ...indicators import population_structure as indicators_structure
from .. import _data, _fmt, _maps
from .._analyses import source_line
from .._figures import bilingual
from .._i18n import role as role_label
from .._i18n import t, tf
from ..context import Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs

STAGES = {"young": Text("年轻型", "young"), "ageing": Text("老龄化", "ageing"),
          "aged": Text("深度老龄化", "aged"), "super-aged": Text("超老龄化", "super-aged")}


def build(inp: ReportInputs, section: Section) -> None:
    """Map of change, then the shrinking/ageing table of the plan-area units."""
    change = inp.run(indicators_population.population_change, inp.region, level="county",
                     key=("population_change", "county"))
    pref = None
    with guard(section):
        pref = inp.run(indicators_population.population_change, inp.region, level="prefecture",
                       key=("population_change", "prefecture"))
    cons = change["consolidated"].astype(bool) if "consolidated" in change.columns else None
    section.blocks.append(_map(inp, change if cons is None else change[~cons], pref))
    ageing = None
    with guard(section):
        ageing = inp.run(indicators_structure.ageing, inp.region, level="county", key=("ageing", "county"))
    section.blocks.append(_table(change, ageing))
    with guard(section):
        cp = inp.run(indicators_core_periphery.core_periphery, inp.region, key=("core_periphery",))
        section.blocks.append(core_periphery_table(cp))
        assumed = cp.attrs.get("metroscope", {}).get("parameters", {}).get("assumption")
        if assumed:
            u = inp.region.units
            names = {k: Text("、".join(str(u.at[c, "name_zh"]) for c in v),
                             ", ".join(str(u.at[c, "name_en"]) for c in v))
                     for k, v in assumed.items()}
            section.blocks.append(Note(tf("core_assumed", created=names["created_units"],
                                          extra=names["also_changed"]), style="caveat"))
    focus = change[change["role"].isin(_data.FOCUS_ROLES)]
    n_shrinking = int(focus["shrinking"].fillna(False).astype(bool).sum())
    n_known = int(focus["shrinking"].notna().sum())
    section.blocks.append(Note(Text(
        f"都市圈内 {n_known} 个有两次普查数据的县级单元中,{n_shrinking} 个人口减少。",
        f"Of the {n_known} county-level units of the area with both census counts, "
        f"{n_shrinking} lost population.")))


def _map(inp: ReportInputs, change: pd.DataFrame, pref: pd.DataFrame | None) -> Any:
    from .. import _mapview

    region = inp.region
    shown = change[change["change_pct"].notna()]
    drawn = set(_maps.fill_codes(region))
    # counties with a polygon are filled; counties without one are points (at the seat, or
    # at the seat they are routed through: development zones)
    filled = [str(c) for c in shown.index if c in drawn]
    at_seat = [str(c) for c in shown.index if c not in drawn
               and pd.notna(region.units.at[c, "seat_lon"])]
    lim = float(shown["change_pct"].abs().quantile(0.95)) if len(shown) else 10.0
    lim = max(lim, 1.0)
    pop = shown.loc[at_seat, "population_end"].astype(float)
    size = (6 + 22 * (pop / pop.max()) ** 0.5).round(1).tolist() if at_seat else []
    values = shown["change_pct"].astype(float)
    if pref is not None:  # prefectures are filled where their counties have no polygons
        values = pd.concat([values, pref["change_pct"].astype(float).drop(
            values.index, errors="ignore")])
    scale = [[0, "#b2182b"], [0.5, "#f7f7f7"], [1, "#2166ac"]]

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        for tr in _maps.base_polygons(region, lang, values=values, zmid=0,
                                      colorbar_title="2010→2020 %"):
            if getattr(tr, "meta", None) == "values":
                tr.update(zmin=-lim, zmax=lim, colorscale=scale)
            fig.add_trace(tr)
        names = _maps.unit_hover(region, at_seat, lang)
        hover = [f"{n}<br>{_fmt.pct(c, signed=True).get(lang)}<br>"
                 f"{_fmt.persons(a).get(lang)} → {_fmt.persons(b).get(lang)}"
                 for n, c, a, b in zip(names, shown.loc[at_seat, "change_pct"],
                                       shown.loc[at_seat, "population_start"],
                                       shown.loc[at_seat, "population_end"], strict=True)]
        if at_seat:
            fig.add_trace(_maps.seat_points(
                region, at_seat, lang, color=shown.loc[at_seat, "change_pct"].round(2).tolist(),
                size=size, text=hover, colorscale=scale, cmin=-lim, cmax=lim, cmid=0,
                colorbar_title=None if filled else "2010→2020 %"))
        extra = {str(c): _fmt.pct(v, signed=True).get(lang)
                 for c, v in change["change_pct"].items() if pd.notna(v)}
        for tr in _maps.unpolygoned_points(region, lang, extra=extra):
            fig.add_trace(tr)
        for tr in _maps.place_labels(region, lang):
            fig.add_trace(tr)
        fig.update_layout(showlegend=False)
        return _mapview.finish(fig, region, lang, height=600)

    note = _maps.polygon_note(region)
    caption = Text(
        "2010→2020年常住人口变化(%)。县级单元按其变化率着色(红 = 减少,蓝 = 增加);"
        "粗线为地级市界。" + note.zh,
        "Change of the resident population 2010→2020 (%). County-level units are shaded by "
        "their change (red = loss, blue = gain); prefecture boundaries in bold. " + note.en)
    return bilingual("fig-population-map", caption, build_fig, height_px=600, is_map=True,
                     source=source_line(change))


def _note(note: Any) -> Text | None:
    """A unit's note (a catalogue message, or text as written) in both languages."""
    from ...messages import text

    if _fmt.is_missing_str(note):
        return None
    return Text(text(note, "zh"), text(note, "en"))


def _table(change: pd.DataFrame, ageing: pd.DataFrame | None) -> Table:
    in_focus = [any(p in _data.FOCUS_ROLES for p in str(r).split("+")) for r in change["role"]]
    focus = change[in_focus].sort_values("change_pct")
    rows = []
    for code, r in focus.iterrows():
        reason = _note(r.get("note"))
        shrinking = r["shrinking"]
        cells: list[Any] = [
            _fmt.text_cell(_fmt.unit_name(r["name_zh"], r["name_en"])),
            _fmt.text_cell(_roles(str(r["role"]))),
            _fmt.cell(r["population_start"], _fmt.persons(r["population_start"]), reason=reason),
            _fmt.cell(r["population_end"], _fmt.persons(r["population_end"]), reason=reason),
            _fmt.cell(r["change_pct"], _fmt.pct(r["change_pct"], signed=True), reason=reason),
            _fmt.text_cell(Text("是", "yes") if shrinking is True else
                           Text("否", "no") if shrinking is False else Text.same("—"),
                           css="neg" if shrinking is True else ""),
        ]
        if ageing is not None and code in ageing.index:
            a = ageing.loc[code]
            areason = _note(a.get("note"))
            cells.append(_fmt.cell(a["share_65_plus_end_pct"], _fmt.pct(a["share_65_plus_end_pct"]),
                                   reason=areason))
            stage = str(a["stage_end"]) if not _fmt.is_missing_str(a["stage_end"]) else ""
            cells.append(_fmt.text_cell(STAGES.get(stage.split(" ")[0],
                                                   Text.same(stage or "—"))))
        else:
            why = Text("无老龄化数据", "no ageing data")
            cells += [_fmt.cell(None, reason=why), _fmt.cell(None, reason=why)]
        cells.append(_fmt.text_cell(reason or Text.same(""), css="note-cell"))
        rows.append(tuple(cells))
    cols = (t("unit"), t("role"), Text("2010年人口", "Population 2010"),
            Text("2020年人口", "Population 2020"), Text("变化", "Change"),
            Text("收缩", "Shrinking"), Text("2020年65岁及以上占比", "Aged 65+ (2020)"),
            Text("老龄化阶段", "Ageing stage"), Text("说明", "Note"))
    src = source_line(change) if ageing is None else source_line(
        change, extra_sources=list(source_line(ageing).sources))
    return Table("tab-population", Text("都市圈县级单元的人口变化与老龄化(按变化率排序)",
                                        "Population change and ageing of the area's county-level "
                                        "units (sorted by change)"), cols, tuple(rows), source=src)


def _roles(role: str) -> Text:
    """Label of a role, or of several joined by '+' (a consolidated unit)."""
    parts = [role_label(p) for p in role.split("+")]
    return Text("+".join(p.zh for p in parts), "+".join(p.en for p in parts))


def core_periphery_table(cp: pd.DataFrame) -> Table:
    """The core-versus-periphery rows (population of the consolidated core units, GDP of the
    core prefecture against the other members)."""
    rows = []
    for key, r in cp.iterrows():
        money = r["unit"] == "cny_100m"
        fmt = _fmt.cny_100m if money else _fmt.persons
        rows.append((
            _fmt.text_cell(t(f"cp_{str(key).replace(':', '_')}")),
            _fmt.text_cell(Text(str(r["units"]), str(r["units"]))),
            _fmt.text_cell(f"{int(r['year_start'])}→{int(r['year_end'])}"),
            _fmt.cell(r["value_start"], fmt(r["value_start"])),
            _fmt.cell(r["value_end"], fmt(r["value_end"])),
            _fmt.cell(r["change_pct"], _fmt.pct(r["change_pct"], signed=True)),
            _fmt.text_cell(t(f"cp_comparable_{r['comparable']}")),
        ))
    cols = (t("cp_group"), Text("单元", "Units"), Text("时期", "Period"),
            Text("期初", "Start"), Text("期末", "End"), Text("变化", "Change"),
            t("cp_comparable"))
    return Table("tab-core-periphery", t("cp_caption"), cols, tuple(rows),
                 source=source_line(cp))
