"""The minimum number of observations of every indicator, and the verdict of a result.

Every result carries ``attrs['metroscope']['verdict']``: ``{"verdict": "ok" | "weak" |
"not_computed", "n": ..., "min_n": ..., "ok_n": ..., "reason": ...}``. Below ``min_n`` the
statistic cannot be formed (``not_computed``; the function raises or returns NaN with the
reason); from ``min_n`` to ``ok_n`` − 1 it is computed but ``weak`` (descriptive, not a finding:
the report puts it in a caveat box, never in a headline); from ``ok_n`` on it is ``ok`` unless
the indicator marks it weak for another stated reason (e.g. an insignificant β). The table is
reproduced in docs/indicators.md ("Minimum n and verdict").
"""

from __future__ import annotations

from typing import Any

from ..messages import Message

#: indicator -> (min_n, ok_n, what n counts and why the thresholds).
MIN_N: dict[str, tuple[int, int, str]] = {
    "primacy": (2, 2, "ranked units; the 4- and 11-city indices need 4 and 11 (NaN below)"),
    "primacy_trend": (2, 2, "ranked units per year"),
    "rank_size": (3, 10, "units in the fit; an OLS slope on fewer than 10 sizes is "
                         "descriptive (Gabaix & Ibragimov 2011 small-sample bias)"),
    "linkage_intensity": (2, 2, "units with a mass"),
    "membership_table": (2, 2, "units with a mass"),
    "spillover_table": (2, 2, "units with a mass (default scope: the area's members)"),
    "breaking_points": (2, 2, "pairs need two units"),
    "field_strength": (2, 2, "centres and locations"),
    "urban_flow_intensity": (2, 2, "units with employment"),
    "population_change": (1, 1, "units with both counts"),
    "ageing": (1, 1, "units with both shares"),
    "migration_shares": (1, 1, "units"),
    "urbanisation": (1, 1, "units"),
    "population_projection": (1, 1, "units"),
    "core_periphery": (1, 1, "groups"),
    "location_quotients": (1, 1, "units; each cell's own evidence is in lq_evidence (at least "
                                 "30 sampled persons, 95 % interval off 1)"),
    "lq_evidence": (1, 1, "cells; see the flag of each"),
    "krugman_specialisation": (2, 2, "units (against the rest)"),
    "similarity_matrix": (2, 2, "units"),
    "duplication_table": (2, 2, "units"),
    "complementarity": (2, 2, "units"),
    "revealed_comparative_advantage": (2, 2, "units"),
    "economic_complexity": (2, 20, "units; eigenvector rankings on fewer than 20 units are "
                                   "unstable (descriptive only)"),
    "product_complexity": (2, 20, "units (as ECI)"),
    "proximity": (2, 20, "units (co-occurrences)"),
    "density": (2, 20, "units (as proximity)"),
    "division_of_labour": (2, 2, "units; each row's own evidence is in its evidence column"),
    "target_clusters": (0, 0, "a fixed mapping"),
    "theil": (2, 2, "units"),
    "gini": (2, 2, "units"),
    "coefficient_of_variation": (2, 2, "units"),
    "sigma_convergence": (2, 5, "units per year; a dispersion of fewer than 5 units moves with "
                                "any one of them"),
    "beta_convergence": (3, 10, "units in the regression (n − 2 degrees of freedom); with "
                                "fewer than 10 the slope's error is too wide to date a "
                                "half-life; also weak when β is not significant at 5 %"),
    "integration_weights": (2, 2, "unit-years pooled"),
    "integration_index": (2, 2, "unit-years pooled"),
    "weight_sensitivity": (2, 2, "unit-years pooled"),
    "coupling_coordination": (2, 2, "unit-years; benchmark normalisation (no min-max zero)"),
}


def require_n(indicator: str, n: int, detail: str | Message = "") -> None:
    """Refuse a result of ``indicator`` formed from ``n`` < its ``min_n`` observations.

    Raises
    ------
    InsufficientDataError
        When ``n`` is below the indicator's ``min_n`` (:data:`MIN_N`); the error carries the
        ``not_computed`` verdict, and its message (a catalogue message) says the minimum,
        the n found and ``detail`` (a catalogue message, or English text left out of the
        Chinese message), and in English what n counts.

    Examples
    --------
    >>> from metroscope._errors import InsufficientDataError, error_text
    >>> try:
    ...     require_n("theil", 1)
    ... except InsufficientDataError as e:
    ...     print(error_text(e, "en")); print(error_text(e, "zh")); print(e.verdict["verdict"])
    theil needs at least 2 observations (units); found 1. Not computed.
    theil 至少需要 2 个观测值,实际为 1 个,未计算。
    not_computed
    """
    v = verdict(indicator, n)
    if v["verdict"] != "not_computed":
        return
    from .._errors import InsufficientDataError

    what = MIN_N.get(indicator, (1, 1, "observations"))[2]
    zh = detail.zh if isinstance(detail, Message) else ""
    msg = Message("err_insufficient_n", indicator=indicator, min_n=v["min_n"], n=n,
                  what={"zh": "", "en": f" ({what})"},
                  detail={"zh": zh, "en": (" " + detail) if detail else ""})
    raise InsufficientDataError(msg, indicator=indicator, verdict=v)


def verdict(indicator: str, n: int | None, weak_reason: str | None = None) -> dict[str, Any]:
    """The verdict of a result of ``indicator`` with ``n`` observations (see module doc).

    ``weak_reason`` marks an otherwise ``ok`` result weak for a stated reason. Indicators not
    in :data:`MIN_N` get ``ok`` with ``min_n`` = ``ok_n`` = 1.
    """
    min_n, ok_n, what = MIN_N.get(indicator, (1, 1, "observations"))
    if n is None:
        return {"verdict": "ok", "n": None, "min_n": min_n, "ok_n": ok_n, "reason": what}
    if n < min_n:
        return {"verdict": "not_computed", "n": n, "min_n": min_n, "ok_n": ok_n,
                "reason": f"n = {n} < {min_n} ({what})"}
    if n < ok_n:
        return {"verdict": "weak", "n": n, "min_n": min_n, "ok_n": ok_n,
                "reason": f"n = {n} < {ok_n} ({what})"}
    if weak_reason:
        return {"verdict": "weak", "n": n, "min_n": min_n, "ok_n": ok_n, "reason": weak_reason}
    return {"verdict": "ok", "n": n, "min_n": min_n, "ok_n": ok_n, "reason": what}
