"""City primacy (首位度) and the rank-size (Zipf) rule.

References: Jefferson (1939) "The law of the primate city", *Geographical Review* 29(2):226-232;
许学强, 周一星, 宁越敏《城市地理学》; Zipf (1949); Gabaix & Ibragimov (2011) "Rank - 1/2",
*J. Business & Economic Statistics* 29(1):24-39. Conventions: METHODS.md §2-§3.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from ..messages import CATALOGUE, Message
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = ("Jefferson 1939, Geographical Review 29(2):226-232; 许学强, 周一星, 宁越敏《城市地理学》; "
             "Zipf 1949; Gabaix & Ibragimov 2011, JBES 29(1):24-39")

#: Values of the indices under an exact rank-size rule P_r = P_1 / r (q = 1).
ZIPF_TWO_CITY = 2.0
ZIPF_FOUR_CITY = 1.0 / (1 / 2 + 1 / 3 + 1 / 4)
ZIPF_ELEVEN_CITY = 2.0 / sum(1 / r for r in range(2, 12))


def _default_scope(region: Region, parent: str | None) -> tuple[str | None, str | None]:
    """(parent used, core code or None): default parent = the core's province."""
    try:
        core: str | None = region.core_code()
    except MissingDataError:
        core = None
    if parent is None and core is not None and core in region.units.index:
        parent = B.province_of(region, core)
    return parent, core


def rank_indices(v: pd.Series) -> dict[str, Any]:
    """Two-, four-, eleven-city indices and the rank-size fit of a complete Series of values.

    Returns a dict with the leader code, the indices (NaN with a reason when the number of units
    is too small) and the rank-size results of :func:`fit_rank_size`.

    Raises
    ------
    Nothing; too few values give NaN indices with the reason in ``reasons``.

    Examples
    --------
    >>> ix = rank_indices(pd.Series([100.0, 50.0, 25.0, 20.0]))
    >>> float(ix["two_city_index"]), round(float(ix["four_city_index"]), 4)
    (2.0, 1.0526)
    >>> ix["reasons"]["eleven_city_index"]
    'refused: needs at least 11 units, the set has 4 (switch to --level county)'
    """
    s = v.sort_values(ascending=False, kind="mergesort")
    x = s.to_numpy(dtype="float64")
    n = len(x)
    out: dict[str, Any] = {"rank1": str(s.index[0]) if n else None, "n": n, "reasons": {}}
    out["two_city_index"] = x[0] / x[1] if n >= 2 else math.nan
    out["four_city_index"] = x[0] / x[1:4].sum() if n >= 4 else math.nan
    out["eleven_city_index"] = 2 * x[0] / x[1:11].sum() if n >= 11 else math.nan
    for key, need in (("two_city_index", 2), ("four_city_index", 4), ("eleven_city_index", 11)):
        if n < need:
            out["reasons"][key] = (f"refused: needs at least {need} units, the set has {n}"
                                   + (" (switch to --level county)" if need == 11 else ""))
    out.update(fit_rank_size(x))
    return out


def fit_rank_size(x: np.ndarray) -> dict[str, float]:
    """OLS of ln P_r = a - q ln r over the values sorted in descending order, and the
    Gabaix-Ibragimov regression ln(r - 1/2) = A - zeta ln P.

    Returns ``q``, ``q_se``, ``intercept`` (a), ``r2``, ``fitted_first`` (e^a), ``zeta_gi``
    and ``zeta_gi_se`` (= zeta * sqrt(2/n)); NaN when fewer than 3 positive values.

    Raises
    ------
    Nothing; fewer than 3 positive finite values give NaN estimates.

    Examples
    --------
    >>> fit = fit_rank_size(np.array([100.0, 50.0, 100.0 / 3, 25.0]))  # exact Zipf: P_r = 100 / r
    >>> round(fit["q"], 4), round(fit["r2"], 4)
    (1.0, 1.0)
    """
    x = np.sort(np.asarray(x, dtype="float64"))[::-1]
    x = x[np.isfinite(x) & (x > 0)]
    n = len(x)
    nan = math.nan
    if n < 3:
        return {"q": nan, "q_se": nan, "intercept": nan, "r2": nan, "fitted_first": nan,
                "zeta_gi": nan, "zeta_gi_se": nan}
    r = np.arange(1, n + 1, dtype="float64")
    lx, lr = np.log(x), np.log(r)
    slope, intercept, r2, se = _ols(lr, lx)
    zeta, _, _, _ = _ols(lx, np.log(r - 0.5))
    return {"q": -slope, "q_se": se, "intercept": intercept, "r2": r2,
            "fitted_first": math.exp(intercept), "zeta_gi": -zeta,
            "zeta_gi_se": abs(zeta) * math.sqrt(2.0 / n)}


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float]:
    """Slope, intercept, R² and the slope's standard error of y = a + b x."""
    xm, ym = x.mean(), y.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0:
        return math.nan, math.nan, math.nan, math.nan
    b = float(((x - xm) * (y - ym)).sum()) / sxx
    a = float(ym - b * xm)
    resid = y - a - b * x
    sst = float(((y - ym) ** 2).sum())
    r2 = 1 - float((resid**2).sum()) / sst if sst > 0 else math.nan
    n = len(x)
    se = math.sqrt(float((resid**2).sum()) / (n - 2) / sxx) if n > 2 else math.nan
    return b, a, r2, se


#: Denominator bases of the share (``parent_basis`` / ``denominator`` columns).
BASIS_OFFICIAL = "official_total"
BASIS_USER = "user_total"
BASIS_UNITS_SUM = "units_sum"

#: The marker a user-supplied stats row carries in its note (see :func:`with_parent_total`).
USER_TOTAL_NOTE = "user-supplied total"


def _official_total(region: Region, measure: str, year: int, parent: str | None,
                    user_total: float | None) -> tuple[float, str, str]:
    """(value, basis, label) of the parent's own total in ``year``: a value passed by the
    caller, else the parent's stats row (a user-supplied row says so); NaN when none."""
    if user_total is not None and math.isfinite(float(user_total)):
        return float(user_total), BASIS_USER, f"user-supplied total of {parent or 'the set'}"
    if parent is None:
        return math.nan, BASIS_OFFICIAL, "no parent unit"
    own, _ = B.measure_values(region, measure, year, [parent])
    if not own.notna().all():
        return math.nan, BASIS_OFFICIAL, f"no reported {measure} of {parent} in {year}"
    st = region.stats
    row = st[(st["code"] == parent) & (st["year"] == year)
             & st["indicator"].isin(B.measure_indicators(measure))]
    notes = " ".join(str(n) for n in row.get("note", pd.Series(dtype=str)).fillna(""))
    if USER_TOTAL_NOTE in notes:
        return float(own.iloc[0]), BASIS_USER, f"user-supplied figure of {parent} (stats row)"
    return float(own.iloc[0]), BASIS_OFFICIAL, f"reported figure of {parent}"


def _units_sum(parent: str | None, v: pd.Series) -> tuple[float, str]:
    label = "sum of the units" if parent is None else f"sum of the units of {parent}"
    if v.notna().all():
        return float(v.sum()), label
    return math.nan, f"{label}: incomplete, so no share"


def _parent_value(region: Region, measure: str, year: int, parent: str | None,
                  v: pd.Series, user_total: float | None = None) -> tuple[float, str]:
    """The denominator of the share: the parent's own (or a user-supplied) figure, else the
    sum of its units."""
    total, _, label = _official_total(region, measure, year, parent, user_total)
    if math.isfinite(total):
        return total, label
    return _units_sum(parent, v)


def _pct(x: float, total: float) -> float:
    return 100 * x / total if math.isfinite(total) and total else math.nan


def _one_year(region: Region, measure: str, year: int, codes: list[str],
              parent: str | None, core: str | None,
              user_total: float | None = None) -> dict[str, Any]:
    v, used = B.measure_values(region, measure, year, codes)
    missing = [c for c, x in v.items() if pd.isna(x)]
    res: dict[str, Any] = {"year": year, "used": used, "missing": missing}
    leader = core if core in v.index else (str(v.idxmax()) if v.notna().any() else None)
    res["leader"] = leader
    res["leader_is_core"] = leader is not None and leader == core
    lv = float(v[leader]) if leader is not None else math.nan
    official, obasis, olabel = _official_total(region, measure, year, parent, user_total)
    units_total, ulabel = _units_sum(parent, v)
    res["official_total"], res["official_basis"], res["official_label"] = (
        official, obasis, olabel)
    res["units_sum"], res["units_sum_label"] = units_total, ulabel
    res["share_official_pct"] = _pct(lv, official)
    res["share_units_sum_pct"] = _pct(lv, units_total)
    if math.isfinite(official):
        res["share_of_parent_pct"], res["parent_basis"] = res["share_official_pct"], olabel
        res["denominator"] = obasis
    else:
        res["share_of_parent_pct"], res["parent_basis"] = res["share_units_sum_pct"], ulabel
        res["denominator"] = BASIS_UNITS_SUM
    if missing:
        reason = f"incomplete: no {measure} in {year} for {', '.join(missing)}"
        res.update({k: math.nan for k in ("two_city_index", "four_city_index",
                                          "eleven_city_index", "q", "q_se", "r2",
                                          "intercept", "fitted_first", "zeta_gi", "zeta_gi_se")})
        res["n"] = int(v.notna().sum())
        res["rank1"] = None
        res["reasons"] = dict.fromkeys(("two_city_index", "four_city_index",
                                        "eleven_city_index", "rank_size"), reason)
    else:
        res.update(rank_indices(v))
    return res


def with_parent_total(region: Region, year: int, value: float, *, measure: str = "gdp",
                      parent: str | None = None, source: str = "user-supplied",
                      quality: str = "C") -> Region:
    """A copy of ``region`` with the parent's total for ``year`` set to ``value`` (a stats
    row; nothing on disk changes). The row's note marks it as user-supplied and every share
    computed on it says so.

    ``measure`` is a stats indicator (``gdp``, 亿元; ``population`` = census count, persons);
    ``parent`` defaults to the core's province; ``quality`` is the A-D tag the user vouches
    for (default C, a secondary source).

    Raises
    ------
    MissingDataError
        When there is no parent unit or ``value`` is not a positive number.

    Examples
    --------
    >>> r2 = with_parent_total(region, 2020, 12311.3, parent="220000")
    >>> float(r2.table("gdp", 2020).loc["220000", "gdp"])
    12311.3
    """
    parent, _ = _default_scope(region, parent)
    if parent is None:
        msg = "No parent unit: pass parent='CODE' (the unit whose total this is)."
        raise MissingDataError(msg)
    if not (math.isfinite(float(value)) and float(value) > 0):
        msg = f"The parent total must be a positive number; got {value!r}."
        raise MissingDataError(msg)
    indicator = measure if measure != "population" else B.POPULATION_INDICATORS[0]
    st = region.stats
    keep = ~((st["code"] == parent) & (st["year"] == int(year))
             & (st["indicator"] == indicator))
    unit = st.loc[st["indicator"] == indicator, "unit"]
    row = {"code": parent, "year": int(year), "indicator": indicator, "value": float(value),
           "unit": str(unit.iloc[0]) if len(unit) else "", "source": source,
           "quality": quality, "break": False,
           "note": f"{USER_TOTAL_NOTE} ({source}); not part of the embedded data"}
    stats = pd.concat([st[keep], pd.DataFrame([row])], ignore_index=True)
    return region.with_tables(stats=stats)


def _parse_totals(parent_total: float | Mapping[int, float] | None,
                  year: int | None) -> dict[int, float]:
    if parent_total is None:
        return {}
    if isinstance(parent_total, Mapping):
        return {int(k): float(v) for k, v in parent_total.items()}
    if year is None:
        msg = "A single parent_total needs a year (or pass {year: total})."
        raise MissingDataError(msg)
    return {int(year): float(parent_total)}


def primacy_table(
    region: Region,
    *,
    measure: str = "gdp",
    year: int | None = None,
    level: str = "prefecture",
    parent: str | None = None,
    parent_total: float | Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """Primacy of the core (首位度): share of the parent, two-, four- and eleven-city indices and
    the rank-size exponent, for one measure and year.

    .. math::

        \\text{share} = 100\\,M_c / M_{parent},\\quad S_2 = M_1/M_2,\\quad
        S_4 = M_1/(M_2+M_3+M_4),\\quad S_{11} = 2M_1/(M_2+\\dots+M_{11})

    and the rank-size OLS :math:`\\ln M_r = a - q \\ln r` (y = log size, x = log rank; the
    reverse, Pareto, regression is reported separately as Gabaix-Ibragimov's ζ, ≈ 1/q).

    Parameters
    ----------
    region
        The Region.
    measure
        ``gdp`` (亿元), ``population`` (persons: census count, else year-end) or any stats
        indicator.
    year
        Calendar year; default the latest year in which every unit has the measure.
    level
        Level of the ranked units (``prefecture`` or ``county``).
    parent
        Code of the unit whose children are ranked and whose figure is the share's
        denominator; default the core's province (all units at ``level`` if none).
    parent_total
        The parent's total for ``year`` (same unit as the measure) when the data lack it or
        you trust another figure; a ``{year: total}`` mapping also works. Labelled
        "user-supplied" wherever it is used (see also :func:`with_parent_total`).

    Returns
    -------
    pandas.DataFrame
        Index ``metric`` (share_of_parent_pct, share_of_official_total_pct,
        share_of_units_sum_pct, two_city_index, four_city_index,
        eleven_city_index, rank_size_q, rank_size_r2, gabaix_ibragimov_zeta); columns
        ``value``, ``zipf_value`` (the value under an exact rank-size rule, q = 1),
        ``n_units``, ``leader`` (code of the unit in first place, or the core for the share),
        ``note`` (the denominator used, or why a value is NaN). The share uses the parent's
        own reported figure when present, else the sum of its units, and says which; the two
        rows after it give the share on each denominator separately (NaN with the reason
        when that denominator is missing). The
        eleven-city index is refused (NaN) with fewer than 11 units. When a unit lacks the
        measure the rank-based values are NaN with the reason.

    Raises
    ------
    MissingDataError
        When no unit has the measure.

    References
    ----------
    Jefferson 1939; 许学强 et al.《城市地理学》; Zipf 1949; Gabaix & Ibragimov 2011.

    Examples
    --------
    >>> p = primacy_table(region)
    >>> p.loc[["share_of_units_sum_pct", "two_city_index"], ["value", "n_units"]].round(3)
                             value  n_units
    metric
    share_of_units_sum_pct  53.927        9
    two_city_index           4.673        9
    """
    parent, core = _default_scope(region, parent)
    codes = B.unit_codes(region, level=level, parent=parent)
    notes: list[str] = []
    y = B.pick_year(region, measure, codes, year, notes)
    totals = _parse_totals(parent_total, y)
    r = _one_year(region, measure, y, codes, parent, core, totals.get(y))
    reasons: dict[str, str] = r["reasons"]
    leader_note = ("" if r["leader_is_core"] else
                   "the core is not among these units: the largest unit stands in; ")
    rows = [
        ("share_of_parent_pct", r["share_of_parent_pct"], math.nan, len(codes), r["leader"],
         leader_note + "denominator: " + r["parent_basis"]),
        ("share_of_official_total_pct", r["share_official_pct"], math.nan, len(codes),
         r["leader"], "denominator: " + r["official_label"]),
        ("share_of_units_sum_pct", r["share_units_sum_pct"], math.nan, len(codes),
         r["leader"], "denominator: " + r["units_sum_label"]),
        ("two_city_index", r["two_city_index"], ZIPF_TWO_CITY, r["n"], r["rank1"],
         reasons.get("two_city_index", "M1/M2")),
        ("four_city_index", r["four_city_index"], ZIPF_FOUR_CITY, r["n"], r["rank1"],
         reasons.get("four_city_index", "M1/(M2+M3+M4)")),
        ("eleven_city_index", r["eleven_city_index"], ZIPF_ELEVEN_CITY, r["n"], r["rank1"],
         reasons.get("eleven_city_index", "2*M1/(M2+...+M11)")),
        ("rank_size_q", r["q"], 1.0, r["n"], r["rank1"],
         reasons.get("rank_size", f"OLS ln M_r = a - q ln r; se {r['q_se']:.3g}")),
        ("rank_size_r2", r["r2"], math.nan, r["n"], r["rank1"],
         reasons.get("rank_size", "R² of the rank-size OLS")),
        ("gabaix_ibragimov_zeta", r["zeta_gi"], 1.0, r["n"], r["rank1"],
         reasons.get("rank_size", f"OLS ln(r-1/2) = A - zeta ln M; se {r['zeta_gi_se']:.3g}")),
    ]
    df = pd.DataFrame(rows, columns=["metric", "value", "zipf_value", "n_units", "leader", "note"])
    df = df.set_index("metric")
    if r["missing"]:
        notes.append(f"no {measure} in {y} for: {', '.join(r['missing'])}")
    return B.finish(
        df, indicator="primacy", region=region, year=y, level=level, measure=measure,
        parameters={"parent": parent, "core": core, "parent_basis": r["parent_basis"],
                    "denominator": r["denominator"],
                    "parent_total": totals.get(y), "units_sum": r["units_sum"],
                    "official_total": r["official_total"],
                    "stats_indicators": r["used"]},
        sources=B.sources(region, B.measure_indicators(measure), [y],
                          [*codes, *([parent] if parent else [])]),
        notes=notes, reference=REFERENCE)


def primacy_trend(
    region: Region,
    *,
    measure: str = "gdp",
    level: str = "prefecture",
    parent: str | None = None,
    parent_total: Mapping[int, float] | None = None,
) -> pd.DataFrame:
    """Primacy over every year in which the measure is present (see :func:`primacy_table`).

    A share series never mixes denominators: ``share_official_pct`` divides by the parent's
    own total (reported, or user-supplied through ``parent_total`` = ``{year: total}`` or
    :func:`with_parent_total`) and is NaN, flagged ``official_total_missing``, where that
    total is missing; ``share_units_sum_pct`` divides by the sum of the ranked units in every
    complete year. ``share_of_parent_pct`` is one of the two for *all* years (the official
    series when the parent has a total in any year, else the units' sum), named in
    ``parent_basis`` and the provenance parameter ``denominator``.

    .. math:: \\text{share}_t = 100\\,M_{c,t}/M_{parent,t},\\quad S_{2,t} = M_{1,t}/M_{2,t},
              \\ \\dots

    Returns
    -------
    pandas.DataFrame
        Index ``year``; columns ``leader``, ``share_of_parent_pct``, ``parent_basis``,
        ``share_official_pct``, ``share_units_sum_pct``, ``official_total_missing``,
        ``two_city_index``, ``four_city_index``, ``eleven_city_index``, ``rank_size_q``,
        ``rank_size_r2``, ``n_units``, ``complete`` (every unit has the measure),
        ``series_break`` (a unit's series is flagged as not comparable with earlier years),
        ``note``. Indices are NaN in incomplete years.

    Raises
    ------
    MissingDataError
        When the measure has no value for the units, ``parent`` is not a unit, or no unit is
        at ``level`` under it.
    UnknownIndicatorError
        When ``measure`` is not a stats indicator of the region.

    References
    ----------
    Jefferson 1939; 许学强 et al.《城市地理学》.

    Examples
    --------
    >>> t = primacy_trend(region)
    >>> t.loc[[2010, 2020], ["share_units_sum_pct", "two_city_index"]].round(3)
          share_units_sum_pct  two_city_index
    year
    2010                  NaN             NaN
    2020               53.849           4.543
    """
    parent, core = _default_scope(region, parent)
    codes = B.unit_codes(region, level=level, parent=parent)
    years = B.measure_years(region, measure, codes)
    if not years:
        msg = f"No values of {measure!r} for the units of region '{region.name}'."
        raise MissingDataError(msg)
    inds = B.measure_indicators(measure)
    brk = B.break_years(region, inds)
    break_years = {y for c in [*codes, parent] if c for y in brk.get(c, [])}
    totals = _parse_totals(parent_total, None)
    res = {y: _one_year(region, measure, y, codes, parent, core, totals.get(y)) for y in years}
    official = any(math.isfinite(r["official_total"]) for r in res.values())
    basis = (next(r["official_basis"] for r in res.values() if math.isfinite(r["official_total"]))
             if official else BASIS_UNITS_SUM)
    main_col = "share_official_pct" if official else "share_units_sum_pct"
    rows = []
    for y, r in res.items():
        rows.append({
            "year": y, "leader": r["leader"], "share_of_parent_pct": r[main_col],
            "parent_basis": r["official_label"] if official else r["units_sum_label"],
            "share_official_pct": r["share_official_pct"],
            "share_units_sum_pct": r["share_units_sum_pct"],
            "official_total_missing": not math.isfinite(r["official_total"]),
            "two_city_index": r["two_city_index"],
            "four_city_index": r["four_city_index"],
            "eleven_city_index": r["eleven_city_index"], "rank_size_q": r["q"],
            "rank_size_r2": r["r2"], "n_units": r["n"], "complete": not r["missing"],
            "series_break": y in break_years,
            "note": "; ".join(dict.fromkeys(r["reasons"].values())),
        })
    df = pd.DataFrame(rows).set_index("year")
    notes: list[str] = [Message("ind_trend_breaks")]
    gaps = [int(y) for y in df.index[df["official_total_missing"]]]
    if official and gaps:
        notes.append(Message("ind_share_total_gaps", basis=Message(f"ind_basis_{basis}")
                             if f"ind_basis_{basis}" in CATALOGUE else basis.replace("_", " "),
                             parent=parent, years=gaps))
    return B.finish(
        df, indicator="primacy_trend", region=region, year=years, level=level, measure=measure,
        parameters={"parent": parent, "core": core, "denominator": basis,
                    "parent_total": totals or None},
        sources=B.sources(region, inds, years, [*codes, *([parent] if parent else [])]),
        notes=notes,
        reference=REFERENCE)


def rank_size(
    region: Region,
    *,
    measure: str = "population",
    year: int | None = None,
    level: str = "prefecture",
    parent: str | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Rank-size (Zipf) exponent of the units' sizes.

    .. math:: \\ln M_r = a - q \\ln r \\quad(\\text{OLS, y = log size, x = log rank})

    q = 1 is Zipf's law; q > 1 concentrated (primate); q < 1 dispersed. Also the
    Gabaix-Ibragimov rank-1/2 regression :math:`\\ln(r - 1/2) = A - \\zeta \\ln M` with
    standard error :math:`\\zeta\\sqrt{2/n}` (ζ estimates 1/q; it is a different direction).

    Parameters
    ----------
    measure, year, level, parent
        As in :func:`primacy_table` (default measure ``population``, persons).
    top
        Use only the ``top`` largest units (the cut-off); default all.

    Returns
    -------
    pandas.DataFrame
        One row (index ``measure``): ``q``, ``q_se``, ``intercept`` (a), ``fitted_first``
        (e^a), ``observed_first``, ``r2``, ``n``, ``zeta_gi``, ``zeta_gi_se``.

    Raises
    ------
    MissingDataError
        When the measure has no value for the units, ``parent`` is not a unit, or no unit is
        at ``level`` under it.
    UnknownIndicatorError
        When ``measure`` is not a stats indicator of the region.

    References
    ----------
    Zipf 1949; Gabaix & Ibragimov 2011, JBES 29(1):24-39; METHODS.md §3.

    Examples
    --------
    >>> rank_size(region)[["q", "r2", "n"]].round(3)
                    q     r2  n
    measure
    population  1.003  0.975  9
    """
    parent, _ = _default_scope(region, parent)
    codes = B.unit_codes(region, level=level, parent=parent)
    notes: list[str] = []
    y = B.pick_year(region, measure, codes, year, notes)
    v, _ = B.measure_values(region, measure, y, codes)
    missing = [c for c, x in v.items() if pd.isna(x)]
    if missing:
        notes.append(Message("ind_left_out_measure", measure=measure, year=y,
                             codes=[str(c) for c in missing]))
    x = np.sort(v.dropna().to_numpy(dtype="float64"))[::-1]
    if top is not None:
        x = x[: int(top)]
    fit = fit_rank_size(x)
    row = {"q": fit["q"], "q_se": fit["q_se"], "intercept": fit["intercept"],
           "fitted_first": fit["fitted_first"],
           "observed_first": float(x[0]) if len(x) else math.nan, "r2": fit["r2"],
           "n": len(x), "zeta_gi": fit["zeta_gi"], "zeta_gi_se": fit["zeta_gi_se"]}
    df = pd.DataFrame([row], index=pd.Index([measure], name="measure"))
    if len(x) < 3:
        notes.append("fewer than 3 units: no fit")
    return B.finish(df, indicator="rank_size", region=region, year=y, level=level,
                    measure=measure, parameters={"parent": parent, "top": top},
                    sources=B.sources(region, B.measure_indicators(measure), [y], codes),
                    notes=notes, reference=REFERENCE)
