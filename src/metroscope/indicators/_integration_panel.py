"""The pooled unit-year table of integration indicators (:func:`integration_panel`).

Derived indicators (:data:`DERIVED`) come from the spillover table and the employment shares
against the core; other names are stats indicators. Importable from :mod:`.integration`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .._errors import MissingDataError, error_text
from ..messages import Message
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = ("entropy weights: 郑陈柔雨, 马延吉 2021, 中国科学院大学学报 38(3):323-332; "
             "coupling coordination: 王淑佳 et al. 2021, 自然资源学报 36(3):793-810; "
             "METHODS.md §11-§12")

#: Indicators derived from the Region for the default integration index, with their direction.
DERIVED: dict[str, str] = {
    "linkage_with_core": "positive",       # R_ic + R_ci (gravity linkage with the core)
    "membership_to_core_pct": "positive",  # share of the unit's linkage going to the core
    "distance_to_core_km": "negative",     # great-circle distance of the seats
    "krugman_with_core": "positive",       # industrial difference from the core (division)
}


# ---------------------------------------------------------------------------- panel
def _derived_year(region: Region, year: int, level: str, core: str | None,
                  names: list[str]) -> pd.DataFrame:
    from .industry import employment_matrix
    from .spillover import spillover_table

    out = pd.DataFrame()
    if any(n != "krugman_with_core" for n in names):
        sp = spillover_table(region, year=year, level=level, core=core, scope="all")
        out = sp[["linkage_with_core", "membership_to_core_pct", "distance_to_core_km"]].copy()
        core = sp.attrs["metroscope"]["parameters"]["core"]
    if "krugman_with_core" in names:
        core = core or region.core_code()
        emp = employment_matrix(region, year=year, level=level).matrix
        if core not in emp.index:
            msg = Message("err_no_core_employment", core=core, year=year)
            raise MissingDataError(msg)
        s = emp.div(emp.sum(axis=1), axis=0)
        k = (s - s.loc[core]).abs().sum(axis=1).rename("krugman_with_core")
        out = k.to_frame() if out.empty else out.join(k, how="outer")
    return out[names]


def _candidate_years(region: Region, plain: list[str], derived: list[str],
                     cs: list[str]) -> set[int]:
    """Years in which the plain stats exist for the units and the derived ones can be formed."""
    cand: set[int] = set()
    if plain:
        cand = set.intersection(*(set(B.years_with(region, n, cs)) for n in plain))
    if derived:
        dy = set().union(*(set(B.years_with(region, i)) for i in B.POPULATION_INDICATORS))
        if B.has_indicator(region, "gdp"):
            dy &= set(B.years_with(region, "gdp"))
        if "krugman_with_core" in derived:
            dy &= set(B.years_with(region, "employed_sample_manufacturing"))
        cand = cand & dy if plain else dy
    return cand


def integration_panel(
    region: Region,
    *,
    indicators: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    core: str | None = None,
) -> pd.DataFrame:
    """The pooled unit-year table of integration indicators (index ``(code, year)``).

    Names in :data:`DERIVED` are computed from the Region (spillover table and employment
    shares against the core); other names are stats indicators. Units default to the metro
    members (roles core/member/partial, the core left out when derived indicators are used);
    years default to every year in which all indicators can be formed (others are noted).

    Raises
    ------
    MissingDataError
        When no year has every indicator for all the units, a code is not a unit, no unit is at
        ``level``, or (derived indicators) the core has no employment by industry.
    UnknownIndicatorError
        When a plain name in ``indicators`` is not a stats indicator of the region.

    Examples
    --------
    >>> p = integration_panel(region)
    >>> p.loc[("220200", 2020)].round(2)
    linkage_with_core         183.42
    membership_to_core_pct     48.80
    distance_to_core_km        98.38
    krugman_with_core           0.19
    Name: (220200, 2020), dtype: float64
    """
    names = list(indicators) if indicators is not None else list(DERIVED)
    derived = [n for n in names if n in DERIVED]
    plain = [n for n in names if n not in DERIVED]
    for n in plain:
        B.require_indicator(region, n)
    if codes is None:
        cs = B.unit_codes(region, level=level, roles=B.METRO_ROLES)
        if derived:
            the_core = core or region.core_code()
            cs = [c for c in cs if c != the_core]
    else:
        cs = B.unit_codes(region, level=level, codes=codes)
    cand = _candidate_years(region, plain, derived, cs)
    notes: list[Message] = []
    if years is not None:
        asked = {int(y) for y in years}
        if asked - cand:  # a year the user named is never dropped in silence
            notes.append(Message("ind_years_unavailable", years=sorted(asked - cand)))
        cand &= asked
    frames = []
    for y in sorted(cand):
        try:
            part = pd.DataFrame(index=pd.Index(cs, name="code"))
            for n in plain:
                part[n] = B.values(region, n, y, cs)
            if derived:
                part = part.join(_derived_year(region, y, level, core, derived), how="left")
        except MissingDataError as exc:
            # the reason in each language (a catalogue error renders in Chinese too)
            notes.append(Message("ind_year_skipped", year=y,
                                 reason={lang: error_text(exc, lang) for lang in ("zh", "en")}))
            continue
        part = part[names]
        if part.isna().any().any():
            miss = [str(c) for c in part.index[part.isna().any(axis=1)]]
            notes.append(Message("ind_year_incomplete", year=y, codes=miss))
            continue
        frames.append(part.assign(year=y).set_index("year", append=True))
    if not frames:
        msg = Message("err_no_year_all_indicators", names=list(names), codes=str(cs),
                      notes={"zh": " ".join(n.get("zh") for n in notes),
                             "en": " ".join(notes)})
        raise MissingDataError(msg)
    panel = pd.concat(frames).astype("float64")
    return B.finish(panel, indicator="integration_panel", region=region,
                    year=sorted({int(y) for y in panel.index.get_level_values("year")}),
                    level=level, parameters={"indicators": names, "core": core},
                    sources=B.sources(region, [*plain, "gdp", *B.POPULATION_INDICATORS],
                                      None, cs), notes=notes, reference=REFERENCE)
