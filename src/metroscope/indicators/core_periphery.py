"""Core versus periphery (虹吸, the siphon effect): population of the core's consolidated units
against the rest of its prefecture, and GDP of the core prefecture against the other members.

Every core district of a city whose development zones were carved out between the censuses has a
boundary break, so district-by-district change is refused; the union of the units whose
boundaries moved among themselves (:mod:`.consolidation`) is comparable. References: the 2010 and
2020 population censuses; METHODS.md §14.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._errors import MissingDataError
from ..messages import Message
from . import _base as B
from .consolidation import consolidations, union_change

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = "Population censuses 2010 and 2020; official statistics (GDP); METHODS.md §14"


def _names(region: Region, codes: list[str]) -> str:
    return "、".join(str(region.units.at[c, "name_zh"]) for c in codes)


def _under(region: Region, core: str) -> list[str]:
    """Codes of the units under ``core`` (any level; none for a prefecture-only region)."""
    try:
        return B.unit_codes(region, level=None, parent=core)
    except MissingDataError:
        return []


def _row(key: str, measure: str, group: str, codes: list[str], region: Region,
         years: tuple[int, int], values: tuple[float, float], unit: str, comparable: str,
         note: Message) -> dict[str, Any]:
    a, b = values
    ok = math.isfinite(a) and math.isfinite(b) and a > 0
    return {"key": key, "measure": measure, "group": group, "units": _names(region, codes),
            "n_units": len(codes), "year_start": years[0], "year_end": years[1],
            "value_start": a, "value_end": b, "unit": unit,
            "change_pct": 100 * (b - a) / a if ok else math.nan,
            "comparable": comparable if ok else "no", "note": note}


def _population_rows(region: Region, core: str, start: int, end: int,
                     assumption: dict[str, list[str]]) -> list[dict[str, Any]]:
    try:
        county = B.unit_codes(region, level="county", parent=core)
    except MissingDataError:  # no county under the core: the GDP rows alone
        return []
    core_units = [c for c in county if region.units.at[c, "role"] == "core"]
    if not core_units:
        return []
    cons = [c for c in consolidations(region, start=start, end=end, level="county",
                                      indicators=B.POPULATION_INDICATORS)
            if set(c.members) & set(core_units) and c.complete]
    a, _ = B.population(region, start, county)
    b, _ = B.population(region, end, county)
    total_a, _ = B.population(region, start, [core])
    total_b, _ = B.population(region, end, [core])
    tot = (float(total_a.iloc[0]), float(total_b.iloc[0]))
    rows = []
    group = sorted({m for c in cons for m in c.members}, key=county.index)
    extra = [c for c in group if c not in core_units]
    core_ab = union_change(a, b, core_units)
    if extra:
        comparable = "assumed"
        created = [c for c in group if pd.isna(a.get(c))]
        assumption.update(created_units=created, also_changed=extra)
        note = Message("cp_note_assumed", created=_names(region, created),
                       extra=_names(region, extra))
    else:
        comparable, note = "yes", Message("cp_note_union")
    rows.append(_row("population:core", "population", "core", core_units, region, (start, end),
                     core_ab[:2], "persons", comparable, note))
    rest = (tot[0] - core_ab[0], tot[1] - core_ab[1])
    rest_units = [c for c in county if c not in core_units and pd.notna(b.get(c))]
    rows.append(_row("population:rest_of_prefecture", "population",
                     "rest of the core prefecture", rest_units, region, (start, end), rest, "persons", comparable,
                     Message("cp_note_rest_of_core", note=note)))
    if extra:
        g_ab = union_change(a, b, group)
        label = next({"zh": c.label(region, "zh"), "en": c.label(region, "en")} for c in cons)
        rows.append(_row("population:consolidated", "population", "consolidated units", group,
                         region, (start, end), g_ab[:2], "persons", "yes",
                         Message("cp_note_consolidated", label=label)))
        out_units = [c for c in rest_units if c not in group]
        rows.append(_row("population:rest_outside_consolidated", "population",
                         "rest outside the consolidated units", out_units, region, (start, end),
                         (tot[0] - g_ab[0], tot[1] - g_ab[1]), "persons", "yes",
                         Message("cp_note_rest_outside")))
    return rows


def _gdp_span(region: Region, codes: list[str]) -> tuple[int, int] | None:
    years = [y for y in B.years_with(region, "gdp", codes)
             if B.values(region, "gdp", y, codes).notna().all()]
    brk = B.break_years(region, ["gdp"])
    best = None
    for a in years:
        for b in years:
            better = best is None or (b, b - a) > (best[1], best[1] - best[0])
            if b > a and better and not any(B.broken(brk, c, a, b) for c in codes):
                best = (a, b)
    return best


def _gdp_rows(region: Region, core: str, start: int | None, end: int | None
              ) -> list[dict[str, Any]]:
    if not B.has_indicator(region, "gdp"):
        return []
    prefs = [c for c in region.codes(level="prefecture")
             if region.units.at[c, "role"] in B.METRO_ROLES]
    others = [c for c in prefs if c != core]
    if core not in prefs or not others:
        return []
    span = (start, end) if start is not None and end is not None else _gdp_span(region, prefs)
    if span is None:
        return []
    brk = B.break_years(region, ["gdp"])
    broken = [c for c in prefs if B.broken(brk, c, *span)]
    g0 = B.values(region, "gdp", span[0], prefs)
    g1 = B.values(region, "gdp", span[1], prefs)
    why = (Message("cp_note_gdp_break", start=span[0], end=span[1],
                   units=_names(region, broken)) if broken else None)
    nan2 = (math.nan, math.nan)
    note = Message("cp_note_gdp")
    return [
        _row("gdp:core_prefecture", "gdp", "core prefecture", [core], region, span,
             nan2 if why else (float(g0[core]), float(g1[core])), "cny_100m",
             "yes", why or note),
        _row("gdp:other_members", "gdp", "other member prefectures", others, region, span,
             nan2 if why else (float(g0[others].sum()), float(g1[others].sum())), "cny_100m",
             "yes", why or note),
    ]


def core_periphery(
    region: Region,
    *,
    start: int = 2010,
    end: int = 2020,
    gdp_start: int | None = None,
    gdp_end: int | None = None,
) -> pd.DataFrame:
    """Population and GDP of the core against its periphery.

    Population (census, persons) inside the core prefecture: the core units (role ``core``),
    the rest of the prefecture, and — when the boundary change also touched non-core units —
    the consolidated units (every unit of the change) and the rest outside them. GDP (亿元,
    current prices) of the core prefecture against the other member prefectures over the
    latest span without a series break (or ``gdp_start``/``gdp_end``).

    .. math:: \\%\\Delta = 100\\,(X_{end} - X_{start}) / X_{start}

    Returns
    -------
    pandas.DataFrame
        Index ``key`` (``population:core``, ``population:rest_of_prefecture``,
        ``population:consolidated``, ``population:rest_outside_consolidated``,
        ``gdp:core_prefecture``, ``gdp:other_members``); columns ``measure``, ``group``,
        ``units`` (names), ``n_units``, ``year_start``, ``year_end``, ``value_start``,
        ``value_end``, ``unit``, ``change_pct``, ``comparable`` (``yes``, ``assumed`` — the
        note says what is assumed — or ``no``), ``note``. The provenance parameter
        ``assumption`` lists the codes of the units the change created (``created_units``) and
        of the non-core units the break records name for the same change (``also_changed``).

    Raises
    ------
    MissingDataError
        When the region has no core, or neither county-level core units under it with their
        census population nor GDP for the core and another member prefecture (a region
        without counties under the core gets the GDP rows alone).

    References
    ----------
    Population censuses 2010 and 2020 (第六次、第七次全国人口普查); METHODS.md §14.

    Examples
    --------
    >>> cp = core_periphery(region)
    >>> cp.loc[["population:core", "population:rest_of_prefecture"], ["value_start", "value_end", "change_pct"]].round(2)
                                   value_start  value_end  change_pct
    key
    population:core                  3815270.0  5019477.0       31.56
    population:rest_of_prefecture    4952105.0  4047429.0      -18.27
    """
    core = region.core_code()
    assumption: dict[str, list[str]] = {}
    rows = (_population_rows(region, core, start, end, assumption)
            + _gdp_rows(region, core, gdp_start, gdp_end))
    if not rows:
        msg = Message("err_no_core_periphery", region=region.name)
        raise MissingDataError(msg)
    out = pd.DataFrame(rows).set_index("key")
    # kept as objects: pandas would store plain str and lose the messages' Chinese text
    out["note"] = pd.Series([r["note"] for r in rows], index=out.index, dtype="object")
    return B.finish(out, indicator="core_periphery", region=region, year=[start, end],
                    level="county", measure="population; gdp",
                    parameters={"core": core, "stats_indicators": ["population", "gdp"],
                                "assumption": assumption or None},
                    sources=B.sources(region, [*B.POPULATION_INDICATORS, "gdp"], None,
                                      _under(region, core) + [core]),
                    notes=list(dict.fromkeys(n for n in out["note"] if n)), reference=REFERENCE)
