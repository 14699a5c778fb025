"""Section 7, Inequality, convergence and integration: Theil decomposition (inside vs outside
the area), σ- and β-convergence, the composite integration index and the coupling-coordination
degree of linkage and division of labour."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ...indicators import convergence as indicators_convergence
from ...indicators import coupling as indicators_coupling
from ...indicators import inequality as indicators_inequality
from ...indicators import integration as indicators_integration
from ...indicators._unit_codes import area_province
from .. import _fmt
from .._analyses import source_line
from .._figures import PALETTE, base_layout, bilingual
from .._i18n import t, tf
from ..context import Note, Section, Table, Text
from . import guard

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from .._inputs import ReportInputs


COMPONENTS = {"total": Text("总体", "total"), "between": Text("组间(都市圈 vs 其余)",
              "between (area vs rest)"), "within": Text("组内", "within"),
              "within:metro": Text("都市圈内部", "inside the area"),
              "within:rest": Text("其余单元内部", "among the rest")}


def build(inp: ReportInputs, section: Section) -> None:
    """Theil, convergence, integration; each block independent."""
    with guard(section):
        section.blocks.append(_theil(inp))
    scope = _scope(inp)
    with guard(section):
        sigma = inp.run(indicators_convergence.sigma_convergence, inp.region, parent=scope,
                        key=("sigma", scope))
        section.blocks.append(_sigma(sigma, _scope_text(inp, scope)))
    with guard(section):
        beta = inp.run(indicators_convergence.beta_convergence, inp.region, parent=scope,
                       key=("beta", scope))
        section.blocks.append(_beta(beta))
    with guard(section):
        index = inp.run(indicators_integration.integration_index, inp.region, key=("integration",))
        section.blocks.append(_integration_figure(inp, index))
    with guard(section):
        cc = inp.run(indicators_coupling.coupling_coordination, inp.region, key=("coupling",))
        section.blocks.append(_coupling(inp, cc))
        if cc.attrs.get("metroscope", {}).get("parameters", {}).get("normalise") == "benchmark":
            section.blocks.append(Note(t("coupling_norm"), style="note"))


def _scope(inp: ReportInputs) -> str | None:
    """The area's province, when it lies in one: the "rest" of the area against the rest is
    the rest of its province, not the peers of other provinces a region may hold (沈阳, 大连
    and 哈尔滨 in ``changchun`` cut the between-group share of the Theil index from 31 % to
    1 %)."""
    return area_province(inp.region)


def _scope_text(inp: ReportInputs, scope: str | None) -> Text:
    if scope is None:
        return Text("地级单元", "prefectures")
    u = inp.region.units
    zh = str(u.at[scope, "name_zh"])
    en = str(u.at[scope, "name_en"]) if "name_en" in u.columns else zh
    return Text(f"{zh}各地级单元", f"prefectures of {en}")


def _theil(inp: ReportInputs) -> Table:
    scope = _scope(inp)
    th = inp.run(indicators_inequality.theil, inp.region, group_by="metro", parent=scope,
                 key=("theil", "metro", scope))
    rows = []
    for comp, r in th.iterrows():
        rows.append((
            _fmt.text_cell(COMPONENTS.get(str(comp), Text.same(str(comp)))),
            _fmt.cell(r["theil_t"], _fmt.number(r["theil_t"], 4)),
            _fmt.cell(r["theil_t_share_pct"], _fmt.pct(r["theil_t_share_pct"])),
            _fmt.cell(r["theil_l"], _fmt.number(r["theil_l"], 4),
                      reason=Text("某单元数值为0(ln 0)", "a unit has 0 (ln 0)")),
            _fmt.cell(r["measure_share"], _fmt.pct(100 * r["measure_share"])
                      if not _fmt.is_missing(r["measure_share"]) else None,
                      reason=Text("不适用", "not applicable")),
            _fmt.cell(r["weight_share"], _fmt.pct(100 * r["weight_share"])
                      if not _fmt.is_missing(r["weight_share"]) else None,
                      reason=Text("不适用", "not applicable")),
            _fmt.cell(r["n_units"], _fmt.number(r["n_units"], 0)),
        ))
    prov = th.attrs.get("metroscope", {})
    cols = (Text("分量", "Component"), Text("泰尔T", "Theil T"), Text("T 占比", "Share of T"),
            Text("泰尔L", "Theil L"), Text("GDP 份额", "GDP share"),
            Text("人口份额", "Population share"), Text("单元数", "Units"))
    where = _scope_text(inp, scope)
    return Table("tab-theil", Text(f"人均GDP差异的泰尔分解({prov.get('year', '')}年,{where.zh})",
                                   f"Theil decomposition of GDP per person ({prov.get('year', '')}, "
                                   f"{where.en})"), cols, tuple(rows), source=source_line(th))


def _sigma(sigma: pd.DataFrame, where: Text) -> Table:
    rows = []
    for year, r in sigma.iterrows():
        rows.append((
            _fmt.text_cell(str(year) + (" *" if bool(r.get("series_break")) else "")),
            _fmt.cell(r["n"], _fmt.number(r["n"], 0)),
            _fmt.cell(r["sd_log"], _fmt.number(r["sd_log"], 3)),
            _fmt.cell(r["cv"], _fmt.number(r["cv"], 3)),
            _fmt.cell(r["cv_weighted"], _fmt.number(r["cv_weighted"], 3)),
            _fmt.cell(r["gini"], _fmt.number(r["gini"], 3)),
            _fmt.cell(r["theil_t"], _fmt.number(r["theil_t"], 4)),
        ))
    cols = (t("year"), Text("单元数", "Units"), Text("σ(对数标准差)", "σ (sd of logs)"),
            Text("变异系数", "CV"), Text("加权变异系数", "Weighted CV (Williamson)"),
            Text("基尼系数", "Gini"), Text("泰尔T", "Theil T"))
    return Table("tab-sigma", Text(f"σ收敛:人均GDP离散程度的变化({where.zh};* = 序列断点)",
                                   "σ-convergence: dispersion of GDP per person over time "
                                   f"({where.en}; * = series break)"), cols, tuple(rows),
                 source=source_line(sigma))


def _beta(beta: pd.DataFrame) -> Table:
    rows = []
    for measure, r in beta.iterrows():
        weak = str(r.get("verdict", "ok")) != "ok"
        half = float("nan") if weak else r["half_life_years"]
        rows.append((
            _fmt.text_cell(str(measure)),
            _fmt.text_cell(f"{int(r['start'])}→{int(r['end'])}"),
            _fmt.cell(r["n"], _fmt.number(r["n"], 0)),
            _fmt.cell(r["beta"], _fmt.number(r["beta"], 4)),
            _fmt.cell(r["beta_p"], _fmt.number(r["beta_p"], 3)),
            _fmt.cell(r["r2"], _fmt.number(r["r2"], 3)),
            _fmt.cell(half, _fmt.number(half, 0),
                      reason=t("lq_weak_cell") if weak else Text("不收敛", "not converging")),
        ))
    cols = (Text("指标", "Measure"), Text("时期", "Period"), Text("单元数", "Units"),
            Text("β", "β"), Text("p 值", "p-value"), Text("R²", "R²"),
            Text("半衰期(年)", "Half-life (years)"))
    verdict = beta.attrs.get("metroscope", {}).get("verdict", {})
    caveat = None
    if verdict.get("verdict") == "weak" and len(beta):
        r = beta.iloc[0]
        caveat = tf("beta_weak", n=int(r["n"]), beta=_fmt.number(r["beta"], 4).en,
                    p=_fmt.number(r["beta_p"], 2).en)
    table = Table("tab-beta", Text("β收敛:初始水平与随后增长的回归", "β-convergence: growth "
                                   "regressed on the initial level"), cols, tuple(rows),
                  source=source_line(beta), caveat=caveat)
    return table


def _integration_figure(inp: ReportInputs, index: pd.DataFrame) -> Any:
    df = index.reset_index()
    years = sorted(df["year"].unique())
    u = inp.region.units

    def build_fig(lang: str) -> go.Figure:
        import plotly.graph_objects as go

        fig = go.Figure()
        for i, y in enumerate(years):
            part = df[df["year"] == y]
            names = [str(u.at[c, "name_zh" if lang == "zh" else "name_en"]) for c in part["code"]]
            fig.add_trace(go.Bar(x=names, y=part["score"].round(3).tolist(), name=str(y),
                                 marker={"color": PALETTE[i % len(PALETTE)]}))
        layout = base_layout("", height=380)
        layout["barmode"] = "group"
        layout["yaxis"].update({"title": {"text": "一体化指数 (0–1)" if lang == "zh"
                                          else "Integration index (0–1)"}, "range": [0, 1]})
        fig.update_layout(layout)
        return fig

    weights = index.attrs.get("metroscope", {}).get("parameters", {}).get("weights")
    wtext = ""
    if isinstance(weights, dict):
        wtext = ", ".join(f"{k} {float(v):.2f}" for k, v in weights.items())
    return bilingual("fig-integration", Text(
        "成员单元与核心的一体化综合指数(熵权法,各年合并标准化);权重:" + wtext,
        "Composite integration index of each member with the core (entropy weights, years "
        "pooled before standardising); weights: " + wtext), build_fig, height_px=380,
        source=source_line(index))


def _coupling(inp: ReportInputs, cc: pd.DataFrame) -> Table:
    u = inp.region.units
    rows = []
    subs = [c for c in cc.columns if c.startswith("u_")]
    for (code, year), r in cc.iterrows():
        cells: list[Any] = [
            _fmt.text_cell(_fmt.unit_name(u.at[code, "name_zh"], u.at[code, "name_en"])),
            _fmt.text_cell(str(year))]
        cells += [_fmt.cell(r[c], _fmt.number(r[c], 3)) for c in subs]
        cells += [_fmt.cell(r["coupling"], _fmt.number(r["coupling"], 3)),
                  _fmt.cell(r["coordination"], _fmt.number(r["coordination"], 3)),
                  _fmt.text_cell(Text(str(r["class_zh"]), str(r["class_en"])))]
        rows.append(tuple(cells))
    cols = [t("unit"), t("year")]
    cols += [Text(f"子系统 {c[2:]}", f"subsystem {c[2:]}") for c in subs]
    cols += [Text("耦合度 C", "Coupling C"), Text("协调度 D", "Coordination D"),
             Text("协调等级", "Class")]
    return Table("tab-coupling", Text("耦合协调度:经济联系与产业分工", "Coupling-coordination of "
                                      "linkage and division of labour"), tuple(cols),
                 tuple(rows), source=source_line(cc))


