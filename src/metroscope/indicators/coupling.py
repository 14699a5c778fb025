"""Coupling-coordination degree (耦合协调度) of subsystem scores, and of two named sub-indices of
the integration index.

Reference: 王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021) 国内耦合协调度模型的误区及修正, 自然资源学报
36(3):793-810 (the traditional model; their modified C is not shipped until verified);
METHODS.md §11. Builds on :mod:`.integration` (index, panel and :func:`~.integration.sub_indices`),
which re-exports these names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError, ParameterError, shorten
from ..messages import Message
from . import _base as B
from .integration import _directions, integration_index, integration_panel, sub_indices

if TYPE_CHECKING:
    from ..region import Region

REFERENCE = "王淑佳 et al. 2021, 自然资源学报 36(3):793-810; METHODS.md §11"

COORDINATION_CLASSES: tuple[tuple[str, str], ...] = (
    ("极度失调", "extreme imbalance"), ("严重失调", "severe imbalance"),
    ("中度失调", "moderate imbalance"), ("轻度失调", "mild imbalance"),
    ("濒临失调", "on the verge of imbalance"), ("勉强协调", "barely coordinated"),
    ("初级协调", "primary coordination"), ("中级协调", "intermediate coordination"),
    ("良好协调", "good coordination"), ("优质协调", "high-quality coordination"))


def coordination_class(d: float) -> tuple[str, str]:
    """(Chinese, English) class of a coordination degree D: ten intervals of width 0.1.

    Raises
    ------
    Nothing; a non-finite ``d`` gives ``("", "")``.

    Examples
    --------
    >>> coordination_class(0.55)
    ('勉强协调', 'barely coordinated')
    """
    if not math.isfinite(d):
        return ("", "")
    return COORDINATION_CLASSES[min(int(d * 10), 9)]


def coupling_values(u: pd.DataFrame, alpha: Sequence[float] | None = None) -> pd.DataFrame:
    """Coupling C, development T and coordination D of n subsystem scores (columns, 0-1).

    .. math:: C = n\\left[\\frac{\\prod_i U_i}{(\\sum_i U_i)^n}\\right]^{1/n},\\quad
              T = \\sum_i \\alpha_i U_i,\\quad D = \\sqrt{C T}

    (n = 2: C = 2√(U₁U₂)/(U₁+U₂)); α equal by default. C is NaN when all U are 0.

    Raises
    ------
    ParameterError
        When ``alpha`` does not have one weight per column or its weights do not sum to 1.

    Examples
    --------
    >>> u = pd.DataFrame({"a": [0.5, 0.9], "b": [0.5, 0.1]})
    >>> coupling_values(u).round(4)
       coupling  development  coordination class_zh                   class_en
    0       1.0          0.5        0.7071     中级协调  intermediate coordination
    1       0.6          0.5        0.5477     勉强协调         barely coordinated
    """
    x = u.to_numpy(dtype="float64")
    n = x.shape[1]
    a = np.full(n, 1 / n) if alpha is None else np.asarray(alpha, dtype="float64")
    if len(a) != n or not math.isclose(a.sum(), 1.0):
        msg = Message("err_coupling_alpha", n=n, got=shorten(a.tolist()))
        raise ParameterError(msg)
    tot = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * np.power(np.prod(x, axis=1) / np.power(tot, n), 1 / n)
    c = np.where(tot > 0, c, np.nan)
    t = x @ a
    d = np.sqrt(c * t)
    out = pd.DataFrame({"coupling": c, "development": t, "coordination": d}, index=u.index)
    cls = [coordination_class(v) for v in d]
    out["class_zh"] = [k[0] for k in cls]
    out["class_en"] = [k[1] for k in cls]
    return out


#: Stated benchmarks of the derived integration indicators for ``normalise="benchmark"``:
#: (kind, value). ``max`` = z = x / value (the indicator's theoretical maximum), ``distance`` =
#: z = 1 − x / value, ``ratio_to_best`` = z = x / max over the units (no minimum is forced to 0).
BENCHMARKS: dict[str, tuple[str, float]] = {
    "krugman_with_core": ("max", 2.0),          # Krugman 1991: K ranges over [0, 2]
    "membership_to_core_pct": ("max", 100.0),   # a share in percent
    "distance_to_core_km": ("distance", 300.0),  # about 1 hour at a 300 km/h HSR design speed
    "linkage_with_core": ("ratio_to_best", math.nan),
}

NORMALISATIONS = ("benchmark", "minmax")

NORMALISATION_NOTE = Message("cc_note_benchmark")


def benchmark_scores(panel: pd.DataFrame, negative: Sequence[str] = ()) -> pd.DataFrame:
    """Scores 0-1 of a pooled indicator table against the benchmarks of :data:`BENCHMARKS`;
    indicators without one: ratio to the best unit-year (x / max, or min / x when negative).

    Raises
    ------
    Nothing of its own; a zero benchmark or maximum gives 0 or NaN scores, not an error.

    Examples
    --------
    >>> panel = pd.DataFrame({"krugman_with_core": [0.5, 1.0], "distance_to_core_km": [60.0, 150.0]})
    >>> benchmark_scores(panel, negative=["krugman_with_core"]).round(3)
       krugman_with_core  distance_to_core_km
    0               0.25                  0.8
    1               0.50                  0.5
    """
    out = pd.DataFrame(index=panel.index)
    for c in panel.columns:
        x = panel[c].astype("float64")
        kind, value = BENCHMARKS.get(str(c), ("ratio_to_best", math.nan))
        with np.errstate(divide="ignore", invalid="ignore"):
            if kind == "max":
                z = x / value
            elif kind == "distance":
                z = 1 - x / value
            elif c in set(negative):
                z = x.min() / x
            else:
                z = x / x.max() if x.max() > 0 else x * 0.0
        out[c] = z.clip(0.0, 1.0)
    return out


def coupling_coordination(
    region: Region,
    *,
    subsystems: Sequence[str] = ("linkage", "division"),
    alpha: Sequence[float] | None = None,
    normalise: str = "benchmark",
    **kwargs: Any,
) -> pd.DataFrame:
    """Coupling-coordination degree (耦合协调度) between named sub-indices of the integration
    index (traditional model; the modified C of 王淑佳 et al. is not shipped until verified).

    .. math:: C = 2\\frac{\\sqrt{U_1 U_2}}{U_1 + U_2},\\quad T = \\alpha_1 U_1 + \\alpha_2 U_2,
              \\quad D = \\sqrt{C T}

    Parameters
    ----------
    subsystems
        Names of the dimensions (``u_<name>`` columns of :func:`integration_index`).
    alpha
        Weights of T (default equal).
    normalise
        ``benchmark`` (default): each indicator scored against a stated benchmark
        (:data:`BENCHMARKS`), so no unit is 0 merely for being the lowest of a few;
        ``minmax``: the integration index's min-max scores (the lowest unit-year is 0, hence
        D = 0 — kept for comparison with the literature's traditional use).
    kwargs
        As :func:`integration_index`.

    Returns
    -------
    pandas.DataFrame
        Index ``(code, year)``; columns ``name_zh``, ``u_<subsystem>``…, ``coupling``,
        ``development``, ``coordination``, ``class_zh``, ``class_en`` (ten classes of width
        0.1 from 极度失调 to 优质协调).

    Raises
    ------
    MissingDataError
        When ``normalise`` is unknown, fewer than two of ``subsystems`` are sub-indices of the
        integration index, or propagated from :func:`integration_index` (no usable indicators).
    ParameterError
        From :func:`coupling_values` when ``alpha`` does not have one weight per subsystem
        summing to 1.

    References
    ----------
    王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 2021, 自然资源学报 36(3):793-810.

    Examples
    --------
    >>> cc = coupling_coordination(region)
    >>> cc[["coupling", "coordination", "class_en"]].round(3).head(3)
                 coupling  coordination                   class_en
    code   year
    220200 2010     0.532         0.446  on the verge of imbalance
    220300 2010     0.897         0.525         barely coordinated
    220400 2010     0.870         0.464  on the verge of imbalance
    """
    if normalise not in NORMALISATIONS:
        msg = Message("err_unknown_normalise", got=shorten(normalise),
                      allowed=list(NORMALISATIONS))
        raise MissingDataError(msg)
    idx = integration_index(region, **kwargs)
    notes = list(idx.attrs["metroscope"].get("notes") or [])
    if normalise == "benchmark":
        pkeys = ("indicators", "years", "level", "codes", "core")
        panel = integration_panel(region, **{k: v for k, v in kwargs.items() if k in pkeys})
        z = benchmark_scores(panel, _directions(list(panel.columns), kwargs.get("negative")))
        meta = idx.attrs["metroscope"]
        w = pd.Series(meta["parameters"]["weights"])
        for col, u in sub_indices(z, w, meta["parameters"]["dimensions"]).items():
            idx[col] = u
        notes.append(NORMALISATION_NOTE)
    cols = [f"u_{s}" for s in subsystems]
    missing = [c for c in cols if c not in idx.columns]
    if missing or len(cols) < 2:
        have = [c[2:] for c in idx.columns if c.startswith("u_")]
        msg = Message("err_coupling_subsystems", have=repr(have), got=shorten(list(subsystems)))
        raise MissingDataError(msg)
    out = idx[["name_zh", *cols]].join(coupling_values(idx[cols], alpha))
    meta = idx.attrs["metroscope"]
    return B.finish(out, indicator="coupling_coordination", region=region,
                    year=meta.get("year"), level=meta.get("level"),
                    parameters={**meta["parameters"], "subsystems": list(subsystems),
                                "alpha": list(alpha) if alpha is not None else "equal",
                                "normalise": normalise},
                    sources=meta.get("sources"), notes=notes,
                    reference=REFERENCE)
