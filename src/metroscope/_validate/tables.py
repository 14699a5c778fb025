"""All checks of each Region table (units, stats, nodes, links, access, projects), the
stats' signs and units, and the plausibility limits of the embedded data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .. import _schema as S
from .._errors import Problem
from ..messages import Message
from ._rows import emit
from .columns import (
    check_allowed,
    check_columns,
    check_finite,
    check_positive,
    check_references,
    check_required_values,
    check_unique,
    check_years,
)
from .geometry import check_coordinates, check_geometry


def _present_and_unique(table: str, df: pd.DataFrame) -> list[Problem]:
    """The checks every table starts with: required columns and values, unique keys."""
    return (check_columns(table, df) + check_required_values(table, df)
            + check_unique(table, df))


def check_units(units: pd.DataFrame, *, china: bool = True) -> list[Problem]:
    """All checks of the ``units`` table (index ``code`` or a ``code`` column)."""
    df = units.reset_index() if units.index.name == "code" else units
    problems = _present_and_unique("units", df)
    problems += check_allowed("units", df, "level", S.LEVELS)
    problems += check_allowed("units", df, "role", S.ROLES)
    problems += check_finite("units", df)
    problems += check_coordinates("units", df, "seat_lon", "seat_lat", china=china)
    problems += check_geometry(units, china=china)
    if "parent" in df.columns and "code" in df.columns:
        problems += check_references("units", df, "parent", df["code"].dropna(), "units.code")
    return problems


def check_code_letters(units: pd.DataFrame) -> list[Problem]:
    """Codes that look like a 6-digit Chinese administrative code with a letter in it
    (``22030X``): most likely a typo, though a user's own id may look so too; the caller
    shows them as notes (the import goes on)."""
    df = units.reset_index() if units.index.name == "code" else units
    if "code" not in df.columns:
        return []
    code = df["code"].astype("string")
    odd = (code.str.fullmatch(r"[0-9A-Za-z]{6}") & code.str.contains(r"[A-Za-z]")
           & code.str.count(r"[0-9]").ge(4)).fillna(False).astype(bool)
    problems: list[Problem] = []
    emit(problems, "units", df, odd, "code", Message("val_exp_six_digits"),
         Message("val_fix_code_letter"))
    return problems


def check_stats(stats: pd.DataFrame, codes: Iterable[Any] | None, *,
                years: bool = True, china: bool = True,
                whole_persons: bool = False) -> list[Problem]:
    """All checks of the ``stats`` table; ``codes`` are the known unit codes; ``years=False``
    for a cross-section whose rows carry a label instead of a year; ``china=False`` lifts the
    bound of a count of persons at China's population; ``whole_persons=True`` (the importer)
    refuses fractional persons (:func:`check_counts`)."""
    problems = _present_and_unique("stats", stats)
    problems += check_finite("stats", stats)
    if years:
        problems += check_years("stats", stats, "year")
    problems += check_allowed("stats", stats, "quality", S.QUALITIES)
    if codes is not None:
        problems += check_references("stats", stats, "code", codes, "units")
    if {"indicator", "value", "unit"} <= set(stats.columns) and not stats.empty:
        problems += check_signs(stats)
        problems += check_units_of(stats)
        problems += check_counts(stats, china=china, whole_persons=whole_persons)
    return problems


#: The largest count of persons plausible in a Chinese region: China's population at the
#: 2020 census (第七次全国人口普查, 31 provinces, 1,411,778,724 persons), raised to the highest
#: year-end figure the NBS has published (2021: 141,260 万人), so a national row passes.
CHINA_POPULATION_MAX: int = 1_412_600_000
CHINA_POPULATION_SOURCE: str = "NBS, year-end population 2021 (141,260 万人)"

#: Indicators that count every resident of a unit: zero is not a value a unit can have.
TOTAL_POPULATION: tuple[str, ...] = ("population", "population_yearend")


def implausible_persons(persons: pd.Series) -> pd.Series:
    """True where a count of persons (in persons) exceeds :data:`CHINA_POPULATION_MAX`."""
    v = pd.to_numeric(persons, errors="coerce").astype("float64")
    return v.notna() & (v > CHINA_POPULATION_MAX)


def check_counts(stats: pd.DataFrame, *, china: bool = True,
                 whole_persons: bool = False) -> list[Problem]:
    """Plausibility of counts of persons: with ``whole_persons`` (a file being imported: a
    census or yearbook count), a count in persons (not 万人) is a whole number (a region's
    tables may hold estimates, e.g. 2010 values moved onto 2020 boundaries, which are
    fractional) and a unit's total population (:data:`TOTAL_POPULATION`) is not zero (a
    region's tables may hold 0 for a unit before it existed, a "zero start"); no count exceeds
    China's population (:data:`CHINA_POPULATION_MAX`, unless ``china=False``)."""
    from .. import _units as U

    unit = stats["unit"].astype("string").str.strip().str.lower()
    factor = unit.map(lambda u: U.UNITS.get(str(u), ("", np.nan)) if u is not pd.NA
                      else ("", np.nan))
    persons = pd.Series([f[0] == "persons" for f in factor], index=stats.index)
    scale = pd.Series([f[1] for f in factor], index=stats.index, dtype="float64")
    value = pd.to_numeric(stats["value"], errors="coerce").astype("float64")
    known = persons & value.notna() & np.isfinite(value)
    problems: list[Problem] = []
    base = value * scale
    with np.errstate(invalid="ignore"):
        frac = (known & scale.eq(1.0) & whole_persons
                & ((value - np.round(value)).abs() > 1e-9))
    emit(problems, "stats", stats, frac, "value", Message("val_exp_whole_persons"),
         Message("val_fix_whole_persons"))
    if china:
        big = known & implausible_persons(base)
        emit(problems, "stats", stats, big, "value",
             Message("val_exp_below_china", bound=f"{CHINA_POPULATION_MAX:,}"),
             Message("val_fix_below_china"))
    total = stats["indicator"].astype("string").isin(TOTAL_POPULATION).fillna(False)
    zero = known & total & base.eq(0.0) & whole_persons
    emit(problems, "stats", stats, zero, "value", Message("val_exp_residents"),
         Message("val_fix_zero_population"))
    return problems


def _pairs(stats: pd.DataFrame) -> pd.DataFrame:
    """The distinct (indicator, unit) pairs with their first row and count."""
    df = pd.DataFrame({"indicator": stats["indicator"].astype("string"),
                       "unit": stats["unit"].astype("string").str.strip(),
                       "row": np.arange(1, len(stats) + 1)})
    return (df.dropna().groupby(["indicator", "unit"], sort=False)["row"]
            .agg(["first", "size"]).reset_index())


def check_signs(stats: pd.DataFrame) -> list[Problem]:
    """Negative values where neither the unit (a count, area, length, ...) nor the meaning
    of a registered measure (GDP, revenue, a share) allows them; never by name prefix."""
    from .._units import nonnegative

    neg = stats["value"].notna() & (stats["value"] < 0)
    if not neg.any():
        return []
    pairs = _pairs(stats[neg.to_numpy()])
    refused = {(r.indicator, r.unit) for r in pairs.itertuples() if nonnegative(r.indicator,
                                                                                 r.unit)}
    if not refused:
        return []
    key = pd.Series(list(zip(stats["indicator"].astype("string"),
                             stats["unit"].astype("string").str.strip(), strict=True)),
                    index=stats.index)
    bad = neg & key.isin(refused)
    problems: list[Problem] = []
    emit(problems, "stats", stats, bad, "value", Message("val_exp_nonnegative_value"),
         Message("val_fix_negative_value"))
    return problems


def check_units_of(stats: pd.DataFrame) -> list[Problem]:
    """One unit per indicator, and the registered unit (or a convertible one) for a
    registered measure: mixed units would be summed and labelled wrongly."""
    from .. import _units as U
    from ..measures import MEASURES

    problems: list[Problem] = []
    pairs = _pairs(stats)
    for name, grp in pairs.groupby("indicator", sort=False):
        units = grp["unit"].tolist()
        if len(units) > 1:
            listing = [Message("val_unit_rows", unit=str(u), n=int(n), first=int(f))
                       for u, n, f in zip(grp["unit"], grp["size"], grp["first"], strict=True)]
            convertible = all(U.factor(u, units[0]) is not None for u in units)
            fix = (Message("val_fix_convert_units", units=[str(u) for u in units])
                   if convertible else Message("val_fix_split_units"))
            problems.append(Problem("stats", int(grp["first"].iloc[1]), "unit", str(name),
                                    Message("val_exp_one_unit", listing=listing), fix))
            continue
        m = MEASURES.get(str(name))
        unit = units[0]
        if m is None or unit == m.unit or U.dimension(unit) is None:
            continue
        f = U.factor(unit, m.unit)
        fix = (Message("val_fix_convert_to", unit=m.unit, factor=f"{f:g}")
               if f is not None else Message("val_fix_give_in", name=str(name), unit=m.unit))
        problems.append(Problem("stats", int(grp["first"].iloc[0]), "unit", unit,
                                Message("val_exp_registered_unit", unit=m.unit,
                                        name=str(name)), fix))
    return problems


def check_plausibility(region_tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Plausibility limits for the embedded (curated) data only: years
    ``YEAR_MIN``-``YEAR_MAX``. A user's data may hold any year (PySAL's Mexico 1940-2000)."""
    limits = (S.YEAR_MIN, S.YEAR_MAX)
    out: list[Problem] = []
    for table, column in (("stats", "year"), ("links", "open_year"),
                          ("projects", "target_year")):
        if table in region_tables:
            out += check_years(table, region_tables[table], column, limits=limits)
    return out


def check_nodes(nodes: pd.DataFrame, codes: Iterable[Any] | None, *,
                china: bool = True) -> list[Problem]:
    """All checks of the ``nodes`` table."""
    problems = _present_and_unique("nodes", nodes)
    problems += check_allowed("nodes", nodes, "kind", S.NODE_KINDS)
    problems += check_finite("nodes", nodes)
    problems += check_coordinates("nodes", nodes, "lon", "lat", china=china)
    if codes is not None:
        problems += check_references("nodes", nodes, "code", codes, "units")
    return problems


def check_links(links: pd.DataFrame, node_ids: Iterable[Any] | None) -> list[Problem]:
    """All checks of the ``links`` table; ``node_ids`` are the known nodes."""
    problems = _present_and_unique("links", links)
    problems += check_allowed("links", links, "mode", S.MODES)
    problems += check_allowed("links", links, "status", S.STATUSES)
    problems += check_finite("links", links)
    for col in ("length_km", "speed_kph", "minutes", "headway_min"):
        problems += check_positive("links", links, col)
    problems += check_years("links", links, "open_year")
    problems += check_link_speeds(links)
    if node_ids is not None:
        ids = list(node_ids)
        problems += check_references("links", links, "from_node", ids, "nodes.node_id")
        problems += check_references("links", links, "to_node", ids, "nodes.node_id")
    if {"from_node", "to_node"} <= set(links.columns):
        loop = links["from_node"].notna() & (links["from_node"] == links["to_node"])
        emit(problems, "links", links, loop, "to_node", Message("val_exp_other_node"),
             Message("val_fix_self_loop"))
    if {"speed_kph", "minutes"} <= set(links.columns):
        # road and urban links may leave both empty: the router uses the settings' speeds
        settled = links["mode"].isin(S.SETTINGS_SPEED_MODES) if "mode" in links.columns else False
        neither = links["speed_kph"].isna() & links["minutes"].isna() & ~settled
        emit(problems, "links", links, neither, "speed_kph",
             Message("val_exp_speed_or_minutes"), Message("val_fix_speed_or_minutes"))
    elif ("speed_kph" not in links.columns and "minutes" not in links.columns
          and not links.get("mode", pd.Series(dtype=str)).isin(S.SETTINGS_SPEED_MODES).all()):
        problems.append(Problem("links", None, "speed_kph", None,
                                Message("val_exp_speed_column"),
                                Message("val_fix_speed_column")))
    return problems


def check_link_speeds(links: pd.DataFrame) -> list[Problem]:
    """Speeds above :data:`metroscope._schema.MAX_SPEED_KPH` (``speed_kph``, and the extra
    columns ``design_speed_kph`` and ``operating_speed_kph`` when present), and minutes too
    few for the link's length at that speed: a typo, not a train."""
    problems: list[Problem] = []
    limit = f"{S.MAX_SPEED_KPH:,.0f}"
    for col in ("speed_kph", "design_speed_kph", "operating_speed_kph"):
        if col in links.columns:
            speed = pd.to_numeric(links[col], errors="coerce")
            emit(problems, "links", links, speed.notna() & (speed > S.MAX_SPEED_KPH), col,
                 Message("val_exp_speed_at_most", limit=limit),
                 Message("val_fix_speed_typo", column=col))
    if {"length_km", "minutes"} <= set(links.columns):
        length = pd.to_numeric(links["length_km"], errors="coerce")
        minutes = pd.to_numeric(links["minutes"], errors="coerce")
        # length / (minutes / 60) > limit, written without a division by zero or an overflow
        fast = (length.notna() & minutes.notna() & (minutes > 0) & (length > 0)
                & (length * 60.0 > minutes * S.MAX_SPEED_KPH))
        emit(problems, "links", links, fast, "minutes",
             Message("val_exp_minutes_for_length", limit=limit),
             Message("val_fix_minutes_typo"))
    return problems


def check_access(access: pd.DataFrame, codes: Iterable[Any] | None,
                 node_ids: Iterable[Any] | None) -> list[Problem]:
    """All checks of the ``access`` table."""
    problems = _present_and_unique("access", access)
    problems += check_finite("access", access)
    problems += check_positive("access", access, "minutes", allow_zero=True)
    if codes is not None:
        problems += check_references("access", access, "code", codes, "units")
    if node_ids is not None:
        problems += check_references("access", access, "node_id", node_ids, "nodes.node_id")
    return problems


def check_projects(projects: pd.DataFrame) -> list[Problem]:
    """All checks of the ``projects`` table."""
    problems = _present_and_unique("projects", projects)
    problems += check_finite("projects", projects)
    problems += check_years("projects", projects, "target_year")
    problems += check_positive("projects", projects, "budget_cny_100m")
    return problems
