"""Comparing two Regions (a base and a scenario) unit by unit.

The same analyses run on both; the result has, per unit, the base value, the scenario value and
the delta (scenario - base) of: door-to-door travel time to the core, membership of the
commuting circle, every accessibility measure, and the linkage intensity with the core
(``metroscope.indicators.spillover.linkage_intensity`` on the travel-time matrix, reused, not
re-implemented).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import ParameterError
from .._provenance import annotate
from ..messages import Message
from ..network import TravelOptions, accessibility, commuting_circle, unit_travel_times
from ..network.traveltime import routing_code
from ..settings import Settings

if TYPE_CHECKING:
    from .._options import NetworkMode
    from ..region import Region

logger = logging.getLogger(__name__)

ACCESS_MEASURES = ("weighted_time_min", "potential")


def _linkage_with_core(region: Region, minutes: pd.DataFrame, core: str,
                       friction_exponent: float,
                       stats_year: int | None) -> tuple[pd.Series | None, str | None]:
    try:
        from ..indicators.spillover import linkage_intensity
    except ImportError:  # the indicators package is optional in a minimal install
        return None, Message("scn_no_linkage")
    links = linkage_intensity(region, year=stats_year, level="county", mass="population",
                              friction_exponent=friction_exponent,
                              travel_time_min=minutes, directional=False)
    df = links.reset_index()
    to_core = df[df["destination"].astype(str) == core].set_index("origin")["linkage"]
    to_core.index = to_core.index.astype(str)
    return to_core, None


def _block(base: pd.DataFrame, other: pd.DataFrame, cols: Sequence[str],
           codes: pd.Index) -> pd.DataFrame:
    out = pd.DataFrame(index=codes)
    for c in cols:
        b = base[c].reindex(codes).astype(float)
        o = other[c].reindex(codes).astype(float)
        out[f"{c}_base"] = b.to_numpy()
        out[f"{c}_scenario"] = o.to_numpy()
        with np.errstate(invalid="ignore"):
            out[f"{c}_delta"] = (o - b).to_numpy()
    return out


def compare(
    base: Region,
    other: Region,
    *,
    mode: NetworkMode = "fastest",
    minutes: float | None = None,
    mass: str = "population",
    stats_year: int | None = None,
    thresholds_min: Sequence[float] = (60, 120, 180),
    friction_exponent: float | None = None,
    settings: Settings | None = None,
    options: TravelOptions | None = None,
) -> pd.DataFrame:
    """Per-unit effect of a scenario: ``other`` (scenario) against ``base``.

    Parameters
    ----------
    mode
        Travel-time mode of every measure (``rail``, ``road``, ``fastest``).
    minutes
        Circle threshold, minutes (default ``settings.circle_minutes``).
    mass
        Mass of the accessibility measures (``population`` persons or ``gdp`` 亿元).
    stats_year
        Year of the populations (and GDP) of every measure: the circle, the accessibility and
        the linkage with the core (default: the latest year with data).
    thresholds_min
        Daily-accessibility thresholds, minutes.
    friction_exponent
        Exponent b of the linkage intensity (time-distance gravity), dimensionless; default
        ``settings.friction_exponent`` (2).
    options
        Mode, network year, statuses and settings as one
        :class:`~metroscope.network.TravelOptions` (instead of ``mode`` and ``settings``; not
        both); its level must be ``county`` or unset. ``stats_year`` stays apart.

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (county-level units): ``name_zh``, ``name_en``, ``role``; for each of
        ``time_to_core_min``, ``weighted_time_min``, ``daily_<τ>``, ``potential`` and
        ``linkage_with_core``: ``<measure>_base``, ``<measure>_scenario``, ``<measure>_delta``
        (scenario - base; inf - inf gives NaN); ``inside_base``, ``inside_scenario`` and
        ``circle_change`` (``joins``, ``leaves`` or empty). ``attrs['metroscope']`` holds both
        circles' summaries, and the scenario's own notes (a ``year`` before links that
        operate today keeps them) under ``scenario_notes`` and first among ``notes``.

    Raises
    ------
    ParameterError
        For an unknown ``mode`` or ``status``, a network year outside the supported range,
        ``options`` beside ``mode`` or ``settings``, or ``options`` of another level than
        ``county``.
    MissingDataError
        When a region has no core unit, no units with a seat or access rows, or no value of the
        mass.
    UnknownRegionError
        When the core is not a unit of the region.
    NetworkError
        When a network cannot be routed (every problem listed).

    Examples
    --------
    >>> from metroscope.scenario import apply
    >>> other = apply("chang-si-liao-tong", region)
    >>> c = compare(region, other)
    >>> c.loc[["220402", "220502"], ["time_to_core_min_delta", "weighted_time_min_delta"]].round(1)
            time_to_core_min_delta  weighted_time_min_delta
    code
    220402                     0.0                     -4.3
    220502                   -61.8                    -44.9
    """
    opts = TravelOptions.of(options, mode=mode, settings=settings)
    if opts.level not in (None, "county"):
        raise ParameterError(Message("err_compare_level", level=repr(opts.level)))
    mode, settings = opts.mode, opts.routing_settings()
    if friction_exponent is None:
        friction_exponent = settings.friction_exponent
    circles = [commuting_circle(r, minutes=minutes, stats_year=stats_year, options=opts)
               for r in (base, other)]
    codes = circles[0].index
    out = circles[0][["name_zh", "name_en", "role"]].copy()
    ttc = [c.rename(columns={"travel_time_min": "time_to_core_min"}) for c in circles]
    out = out.join(_block(ttc[0], ttc[1], ["time_to_core_min"], codes))
    inside_b = circles[0]["inside"].reindex(codes).fillna(False).astype(bool)
    inside_o = circles[1]["inside"].reindex(codes).fillna(False).astype(bool)
    out["inside_base"] = inside_b.to_numpy()
    out["inside_scenario"] = inside_o.to_numpy()
    out["circle_change"] = np.where(inside_o & ~inside_b, "joins",
                                    np.where(inside_b & ~inside_o, "leaves", ""))
    acc = [accessibility(r, mass=mass, stats_year=stats_year, thresholds_min=thresholds_min,
                         options=opts) for r in (base, other)]
    daily = [c for c in acc[0].columns if c.startswith("daily_")]
    out = out.join(_block(acc[0], acc[1], ["weighted_time_min", *daily, "potential"], codes))
    scen = dict(other.meta.get("scenario") or {})
    scenario_notes = list(scen.get("notes") or [])  # e.g. the year's later links that stay
    notes: list[Any] = list(scenario_notes)
    linkage: list[pd.Series | None] = []
    for r in (base, other):
        m = unit_travel_times(r, options=opts)
        core = routing_code(r, r.core_code()) or r.core_code()
        s, note = _linkage_with_core(r, m, core, friction_exponent, stats_year)
        linkage.append(s)
        if note:
            notes.append(note)
    if linkage[0] is not None and linkage[1] is not None:
        frames = [pd.DataFrame({"linkage_with_core": s}) for s in linkage if s is not None]
        out = out.join(_block(frames[0], frames[1], ["linkage_with_core"], codes))
        notes.append(Message("scn_linkage_with_core", mode=Message(f"mode_{mode}"),
                             exponent=friction_exponent))
    summaries: dict[str, Any] = {
        "base": circles[0].attrs["metroscope"]["summary"],
        "scenario": circles[1].attrs["metroscope"]["summary"],
    }
    return annotate(out, indicator="scenario_comparison", mode=mode, mass=mass,
                    scenario=scen.get("name"), base=base.name, other=other.name,
                    summary=summaries, notes=notes or None,
                    scenario_notes=scenario_notes or None,
                    minutes=settings.circle_minutes if minutes is None else minutes)
