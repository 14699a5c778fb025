"""The flow models' numeric parameters: one rule, used by every caller (the model functions,
the streamed datasets, the Dask engine's callers, the command line and the web API).

* ``alpha`` of the extended radiation model (Yang, Herrera, Eagle, González 2014, *Sci. Rep.*
  4:5662): the model is defined for ``α > 0`` (at ``α = 0`` every term
  ``(m_i+m_j+s_ij)^α − (m_i+s_ij)^α`` is 0, below 0 the probabilities are negative). Its terms
  are powers of populations, so on given populations two more bounds follow from float64:
  the products of two such powers, up to ``M^(2α)``, must be finite
  (``2α·ln M ≤ ln(1.8e308) = 709.78``, ``M`` the total population, the largest base), else
  the terms are ``inf − inf`` or ``inf/inf`` and the flows vanish or become NaN; and the smallest step
  ``(1 + m_min/M)^α`` must differ from 1 by more than ``10⁴`` units of float64's precision
  (``2.2e-16``), else the differences cancel and the flows lose their digits (or all become 0).
* ``beta`` of the gravity model's deterrence ``c^-β`` (power) or ``e^-βc`` (exp): finite and
  above 0 (distance decay; ``β ≤ 0`` makes deterrence grow with cost or vanish). On given
  costs, under a constraint (which divides by each origin's or destination's sum of weights;
  unconstrained flows that underflow are just tiny), each origin's nearest destination must keep a deterrence of at least float64's
  smallest normal number (``2.2e-308``; below it the digits run out until every weight of that
  origin underflows to 0 and its flows are 0) and below its largest (else NaN flows).
"""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np
import numpy.typing as npt

from .._errors import ParameterError, shorten
from ..messages import Message
from ._table import FlowModelError

#: ``ln`` of float64's largest number (``1.8e308``).
LOG_MAX = math.log(sys.float_info.max)
#: ``α·ln(1 + m_min/M)`` below this loses more than 12 of float64's ~16 digits.
ALPHA_STEP_MIN = 1e4 * sys.float_info.epsilon


class FlowParameterError(FlowModelError, ParameterError):
    """A model parameter outside its range (a usage error: exit 2 on the command line); still
    a :class:`FlowModelError`."""


def _number(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def check_alpha(alpha: Any, populations: npt.ArrayLike | None = None) -> float:
    """``alpha`` of the extended radiation model as a float, or a :class:`FlowParameterError`.

    Finite and above 0 always; with ``populations`` (persons) also within the range float64
    can compute on them (see the module docstring).

    >>> check_alpha(1.0)
    1.0
    >>> check_alpha(0)
    Traceback (most recent call last):
    ...
    metroscope.flows._params.FlowParameterError: alpha = 0 is outside (0, inf): ...
    """
    x = _number(alpha)
    if x is None or x <= 0:
        msg = Message("err_flow_alpha_range", got=shorten(alpha), low=0, high="inf")
        raise FlowParameterError(msg)
    if populations is None:
        return x
    m = np.asarray(populations, dtype="float64")
    pos = m[m > 0]
    if pos.size < 2:
        return x
    total = float(pos.sum())
    high = LOG_MAX / (2.0 * math.log(total)) if total > 1 else math.inf
    step = math.log1p(float(pos.min()) / total)
    low = ALPHA_STEP_MIN / step
    if x > high:
        msg = Message("err_flow_alpha_overflow", got=shorten(alpha), total=total,
                      high=f"{high:.4g}")
        raise FlowParameterError(msg)
    if x < low:
        msg = Message("err_flow_alpha_cancel", got=shorten(alpha), total=total,
                      small=float(pos.min()), low=f"{low:.3g}")
        raise FlowParameterError(msg)
    return x


def check_beta(beta: Any) -> float:
    """``beta`` of the gravity deterrence as a float: finite and above 0, else a
    :class:`FlowParameterError`.

    >>> check_beta(2)
    2.0
    >>> check_beta(-2)
    Traceback (most recent call last):
    ...
    metroscope.flows._params.FlowParameterError: beta = -2 is outside (0, inf): ...
    """
    x = _number(beta)
    if x is None or x <= 0:
        msg = Message("err_flow_beta_range", got=shorten(beta))
        raise FlowParameterError(msg)
    return x


def check_beta_costs(beta: float, deterrence: str, nearest: npt.ArrayLike,
                     codes: Any, unit: str) -> None:
    """Refuse ``beta`` when the deterrence of an origin's nearest destination (its smallest
    finite cost, ``nearest``; inf for an origin without one) is below float64's smallest
    normal number or infinite: the origin's weights would lose their digits or vanish (flows
    0) or be infinite (flows NaN)."""
    c = np.asarray(nearest, dtype="float64")
    ok = np.isfinite(c)
    if not ok.any():
        return
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        f = c ** (-beta) if deterrence == "power" else np.exp(-beta * c)
    bad = ok & ~((f >= sys.float_info.min) & np.isfinite(f))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        key = "err_flow_beta_overflow" if f[i] > 1 else "err_flow_beta_underflow"
        msg = Message(key, got=shorten(beta), deterrence=deterrence, code=str(codes[i]),
                      cost=f"{c[i]:.4g}{unit}", n=int(bad.sum()))
        raise FlowParameterError(msg)
