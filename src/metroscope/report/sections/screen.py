"""Section "Opportunity screen": the top city × sector cells of :func:`metroscope.screen.screen`
(equal weights) with every component's raw value and score, the components and their weights
(or why one is left out), the ±20 % weight sensitivity of the top 10, and what the screen
cannot see. It is a screen, not advice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ... import screen
from .. import _fmt
from .._analyses import source_line
from .._i18n import t
from ..context import Note, Table, Text

if TYPE_CHECKING:
    from .._inputs import ReportInputs
    from ..context import Section

TOP = 10


def _msg(key: str, **params: object) -> Text:
    from ...messages import render

    return Text(render(key, "zh", params), render(key, "en", params))


def build(inp: ReportInputs, section: Section) -> None:
    """The ranked table, the components, the sensitivity lines and the caveats."""
    result = inp.run(screen.screen, inp.region, key=("screen",))
    section.blocks.append(Note(t("scr_not_advice"), style="caveat"))
    section.blocks.append(_ranked(result))
    section.blocks.append(_components(result))
    sens = inp.run(screen.sensitivity, result, key=("screen_sensitivity",))
    section.blocks.append(_sensitivity(sens))
    for key in ("scr_blind_firms", "scr_blind_prices", "scr_blind_policy", "scr_blind_sample"):
        section.blocks.append(Note(t(key), style="caveat"))
    for note in result.attrs["metroscope"].get("notes", []):
        if hasattr(note, "get"):
            section.blocks.append(Note(Text(note.get("zh"), note.get("en"))))


def _ranked(result: pd.DataFrame) -> Table:
    comps = list(result.attrs["metroscope"]["parameters"]["components"])
    head = result[result["rank"].notna() & (result["rank"] <= TOP)]
    rows = []
    for _cell, r in head.iterrows():
        cells = [_fmt.text_cell(Text.same(str(r["rank"]))),
                 _fmt.text_cell(Text(str(r["name_zh"]), str(r["name_en"]))),
                 _fmt.text_cell(Text(str(r["industry_zh"]), str(r["industry_en"]))),
                 _fmt.cell(r["score"], _fmt.number(r["score"], 3))]
        for c in comps:
            raw, z = _fmt.number(r[c], 2), _fmt.number(r[f"z_{c}"], 2)
            cells.append(_fmt.cell(r[c], Text(f"{raw.zh} ({z.zh})", f"{raw.en} ({z.en})")))
        cells.append(_fmt.text_cell(Text.same(f"{r['lq_province_flag']}/{r['lq_nation_flag']}")))
        rows.append(tuple(cells))
    cols = (t("scr_col_rank"), t("scr_col_city"), t("scr_col_sector"), t("scr_col_score"),
            *[t(f"scr_comp_{c}") for c in comps], t("scr_col_flag"))
    return Table("tab-screen", _msg("scr_table_title", top=TOP), cols, tuple(rows),
                 source=source_line(result))


def _components(result: pd.DataFrame) -> Table:
    from ...screen import components_table

    rows = []
    for _i, r in components_table(result).iterrows():
        status = (_fmt.number(r["weight"], 3) if r["scored"]
                  else Text("— ", "— ") + t(f"scr_why_{r['reason']}"))
        rows.append((_fmt.text_cell(t(str(r["label"]))), _fmt.text_cell(status),
                     _fmt.text_cell(t(str(r["measures"])))))
    cols = (t("scr_col_component"), t("scr_col_weight"), t("scr_col_measures"))
    return Table("tab-screen-components", t("scr_components_title"), cols, tuple(rows),
                 source=source_line(result))


def _sensitivity(sens: pd.DataFrame) -> Note:
    lines_zh: list[str] = []
    lines_en: list[str] = []
    from ...messages import render

    for _i, r in sens.iterrows():
        for lang, out in (("zh", lines_zh), ("en", lines_en)):
            none = render("scr_none", lang)
            out.append(render("scr_sens_row", lang, {
                "component": render(f"scr_comp_{r['component']}", lang),
                "change": f"{r['change_pct']:+.0f}", "kept": r["kept"], "n": r["top_n"],
                "entered": ", ".join(r["entered"]) or none,
                "left": ", ".join(r["left"]) or none, "shift": r["max_rank_shift"]}))
    head = _msg("scr_sens_title", top=TOP, pct=20)
    return Note(Text(head.zh + "\n" + "\n".join(lines_zh), head.en + "\n" + "\n".join(lines_en)))
