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
from ..network import commuting_circle
from ..settings import Settings

if TYPE_CHECKING:
    from ..region import Region


def scenario_effects(base: Region, other: Region, *, mode: str = "fastest",
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
        (whether any population total changed) and ``largest_change`` (the top unit, or None).
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
    within = {float(t): [float(pop[before <= t].sum()), float(pop[after <= t].sum())]
              for t in thresholds_min}
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
    scen = dict(other.meta.get("scenario") or {})
    return annotate(out, indicator="scenario_effects", mode=mode, scenario=scen.get("name"),
                    summary=summary, notes=(b.attrs.get("metroscope", {}).get("notes") or None))
