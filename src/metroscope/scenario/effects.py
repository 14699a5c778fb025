"""What a scenario changes, in the terms of a headline: who gains, how many people are within
60, 90 and 120 minutes of the core before and after, and who gains more than 15 minutes.

The times are door-to-door times *to the core* (``metroscope.network.commuting_circle``, the
fastest mode by default); populations are the census stats the circle uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._provenance import annotate
from ..network import commuting_circle, population_inside
from ..settings import Settings

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region


def scenario_effects(base: Region, other: Region, *, mode: NetworkMode = "fastest",
                     thresholds_min: Sequence[float] = (60, 90, 120), gain_min: float = 15.0,
                     top: int = 5, settings: Settings | None = None) -> pd.DataFrame:
    """Per-unit change of the time to the core, with the headline totals in the provenance.

    Returns
    -------
    pandas.DataFrame
        The ``top`` units whose time to the core changed most (largest absolute change first;
        none when nothing changed): ``name_zh``, ``name_en``, ``role``, ``before_min``,
        ``after_min``, ``change_min`` (after - before), ``population``.
        ``attrs['metroscope']['summary']``: ``population_within`` ({minutes: [before,
        after]}, persons), ``people_gaining`` (population of the units whose time falls by more
        than ``gain_min``), ``units_changed`` (any change over 0.05 min), ``crosses_threshold``
        (whether any population total changed), ``largest_change`` (the top unit, or None)
        and ``headway_sensitivity`` (None when every line of the scenario has a published
        frequency; else ``headway_min`` [best, worst]: the smallest and largest headway of the
        operating lines of the same mode with a published frequency, and ``people_gaining``
        at each, both networks routed with ``assumed_headway_min`` at that value).

    Raises
    ------
    ValueError, MissingDataError, UnknownRegionError, NetworkError
        As :func:`metroscope.scenario.comparison.compare` (routing both regions: an unknown
        mode, status or network year; no core, seats or mass; a network that cannot be routed).

    Examples
    --------
    >>> from metroscope.scenario import apply
    >>> other = apply("chang-si-liao-tong", region)
    >>> scenario_effects(region, other)[["name_en", "change_min"]].round(1)
                        name_en  change_min
    code
    220502   Dongchang District       -61.8
    220503  Erdaojiang District       -19.7
    220582           Ji'an City       -12.2
    """
    kw: dict[str, Any] = {"mode": mode, "settings": settings}
    b = commuting_circle(base, **kw)
    o = commuting_circle(other, **kw).reindex(b.index)
    before = b["travel_time_min"].astype(float)
    after = o["travel_time_min"].astype(float)
    pop = b["population"].astype(float)
    with np.errstate(invalid="ignore"):
        change = (after - before).where(np.isfinite(before) | np.isfinite(after))
    gains = (before - after).fillna(0.0)
    # persons inside as the circle counts them: the units, plus the census-2020 zones
    # without a code inside with all their prefecture's districts (population_inside)
    def inside_pop(t_min: pd.Series, limit: float) -> float:
        return population_inside(base, b, inside=(t_min <= limit).to_numpy())

    within = {float(t): [inside_pop(before, t), inside_pop(after, t)] for t in thresholds_min}
    changed = change[change.abs() > 0.05].dropna()
    order = changed.abs().sort_values(ascending=False, kind="stable").index[:top]
    out = pd.DataFrame({"name_zh": b.loc[order, "name_zh"], "name_en": b.loc[order, "name_en"],
                        "role": b.loc[order, "role"], "before_min": before[order],
                        "after_min": after[order], "change_min": change[order],
                        "population": pop[order]})
    largest = None if out.empty else {"code": str(out.index[0]), **{
        k: (v.item() if hasattr(v, "item") else v) for k, v in out.iloc[0].items()}}
    summary = {
        "mode": mode, "gain_min": gain_min, "population_within": within,
        "people_gaining": float(pop[gains > gain_min].sum()),
        "units_gaining": int((gains > gain_min).sum()), "units_changed": len(changed),
        "crosses_threshold": any(a != z for a, z in within.values()),
        "largest_change": largest,
    }
    summary["headway_sensitivity"] = _headway_sensitivity(base, other, mode, gain_min,
                                                          settings)
    scen = dict(other.meta.get("scenario") or {})
    return annotate(out, indicator="scenario_effects", mode=mode, scenario=scen.get("name"),
                    summary=summary, notes=(b.attrs.get("metroscope", {}).get("notes") or None))


def plausible_headways(base: Region, other: Region) -> tuple[float, float] | None:
    """(best, worst) plausible headway, minutes, for the lines of ``other`` that have no
    published frequency: the smallest and largest headway of ``base``'s operating lines of the
    same mode(s) whose every link has one; None when no line lacks one or none compares.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.scenario import apply
    >>> plausible_headways(region, apply("chang-si-liao-tong", region))
    (12.1, 25.3)
    """
    from .. import _schema as S

    def per_line(links: pd.DataFrame) -> pd.DataFrame:
        rail = links[links["mode"].isin(S.RAIL_MODES).to_numpy()]
        h = pd.to_numeric(rail["headway_min"], errors="coerce")
        return pd.DataFrame({"line": rail["line"].astype(str), "mode": rail["mode"],
                             "status": rail["status"], "h": h}).groupby("line").agg(
            mode=("mode", "first"), status=("status", "first"), h=("h", "min"),
            gaps=("h", lambda x: x.isna().any()))
    lacking = per_line(other.links)
    lacking = lacking[lacking["gaps"].astype(bool)]
    known = per_line(base.links)
    known = known[~known["gaps"].astype(bool) & (known["status"] == "operating")
                  & known["mode"].isin(set(lacking["mode"]))]
    if lacking.empty or known.empty:
        return None
    return float(known["h"].min()), float(known["h"].max())


def _headway_sensitivity(base: Region, other: Region, mode: NetworkMode, gain_min: float,
                         settings: Settings | None) -> dict[str, Any] | None:
    from ..settings import get_settings

    rng = plausible_headways(base, other)
    if rng is None:
        return None
    s0 = settings or get_settings()
    people = []
    for h in rng:
        s = s0.model_copy(update={"assumed_headway_min": h})
        b = commuting_circle(base, mode=mode, settings=s)
        o = commuting_circle(other, mode=mode, settings=s).reindex(b.index)
        gains = (b["travel_time_min"] - o["travel_time_min"]).fillna(0.0)
        people.append(float(b.loc[(gains > gain_min).to_numpy(), "population"].sum()))
    return {"headway_min": list(rng), "people_gaining": people}
