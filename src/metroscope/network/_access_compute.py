"""The arithmetic of Hansen potentials and the 2SFCA under :mod:`.accessibility`'s measures.

:mod:`.accessibility` states the measures and their conventions (which pairs count, the
defaults and why) and shapes pandas tables; this module checks the numeric arguments of the
potential and computes both measures on plain arrays: with NumPy expressions below
:data:`._access_fast.KERNEL_MIN_PAIRS` pairs, with the one-pass Numba kernels of
:mod:`._access_fast` from there on (the two paths agree to the last few units in the last
place; tests compare both with a plain loop).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._errors import ParameterError, shorten
from .._options import Decay
from ..messages import Message
from . import _access_fast as _fast
from ._access_fast import FloatArray

__all__ = ["FloatArray", "decay_weights", "potential", "two_step"]


def decay_weights(t: FloatArray, decay: Decay, param: float) -> FloatArray:
    """f(t) elementwise: t^-param (0 at t <= 0) for ``power``, exp(-param t) for any other
    ``decay`` (:func:`potential` has refused all but ``exponential``); 0 where t is not finite
    (unreachable)."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        if decay == "power":
            f = np.where(t > 0, np.where(t > 0, t, 1.0) ** -param, 0.0)
        else:
            f = np.exp(-param * t)
    return np.where(np.isfinite(t), f, 0.0)


def potential(t: FloatArray, m: FloatArray, *, decay: Decay, decay_param: float,
              include_self: bool, min_cost: float, labels: Sequence[Any]
              ) -> tuple[FloatArray, int]:
    """Potential per row of the cost matrix ``t`` with mass ``m`` per column (NaN-free), and
    the number of off-diagonal zero-cost pairs (power decay); ``labels`` name the rows in
    errors. Checks the arguments as :func:`.accessibility.potential_accessibility` documents."""
    if not np.isfinite(min_cost) or min_cost < 0:
        msg = Message("err_access_min_cost", got=shorten(min_cost))
        raise ParameterError(msg)
    if not np.isfinite(decay_param) or decay_param < 0:
        # NaN made every potential NaN; a negative a or β made far places weigh more than near
        # ones (f grows with the cost): no distance-decay function
        msg = Message("err_access_decay_param", got=shorten(decay_param))
        raise ParameterError(msg)
    if decay not in ("power", "exponential"):
        msg = Message("err_unknown_decay", got=shorten(decay))
        raise ParameterError(msg)
    neg = np.argwhere(t < 0)  # -inf too; NaN compares False (it is no cost: see callers)
    if neg.size:
        pairs = [f"{labels[i]} -> {labels[j]}" for i, j in neg[:5]] + (
            ["..."] if len(neg) > 5 else [])
        raise ParameterError(Message("err_access_negative_cost", n=len(neg),
                                     pairs=", ".join(pairs)))
    if include_self and decay == "power":
        diag = np.diagonal(t)
        diag = np.maximum(diag, min_cost) if min_cost > 0 else diag
        bad = np.flatnonzero((diag <= 0) & (m > 0))
        if bad.size:
            names = [str(labels[i]) for i in bad[:10]] + (["..."] if bad.size > 10 else [])
            msg = Message("err_access_zero_own_cost", n=int(bad.size), units=names)
            raise ParameterError(msg)
    if _fast.use_kernels(t.shape):
        return _fast.potential(t, m, power=decay == "power", a=decay_param,
                               min_cost=min_cost, include_self=include_self)
    c = np.maximum(t, min_cost) if min_cost > 0 else t
    n = c.shape[0]
    f = decay_weights(c, decay, decay_param)
    if not include_self:
        f[np.diag_indices(n)] = 0.0
    zero = 0
    if decay == "power":
        off = c == 0
        off[np.diag_indices(n)] = False
        zero = int(off.sum())
    return np.asarray(f @ m), zero


def two_step(c: FloatArray, p: FloatArray, s: FloatArray, *, max_cost: float,
             weight: Callable[[FloatArray], FloatArray] | None) -> FloatArray:
    """2SFCA score per row of the cost matrix ``c`` (demand rows x supply columns), with
    demand ``p`` per row and supply ``s`` per column (NaN-free; see
    :func:`.accessibility.two_step_fca`)."""
    if _fast.use_kernels(c.shape):
        return _fast.two_step(c, p, s, max_cost, weight)
    inside = np.isfinite(c) & (c <= max_cost)
    w = np.where(inside, 1.0 if weight is None else weight(np.where(inside, c, 0.0)), 0.0)
    denom = (p[:, None] * w).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(denom > 0, s / denom, 0.0)
    return np.asarray((w * r[None, :]).sum(axis=1))
