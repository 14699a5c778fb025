"""Goodness of fit of flow models: CPC, SRMSE, R², pseudo-R², AIC.

* Common part of commuters, ``CPC = 2 Σ min(T, T̂) / (Σ T + Σ T̂)`` (the Sørensen index;
  Gargiulo et al. 2012, *JASSS* 15(2):6; Lenormand et al. 2012, *PLoS ONE* 7:e45985).
* Standardised root mean square error, ``SRMSE = sqrt(Σ (T - T̂)² / n) / (Σ T / n)``
  (Knudsen & Fotheringham 1986; spint's ``SRMSE``).
* ``R² = 1 - Σ (T - T̂)² / Σ (T - T̄)²``.
* McFadden's pseudo-R² ``1 - ℓ / ℓ₀`` and its adjusted form ``1 - (ℓ - k) / ℓ₀``, with ℓ the
  Poisson log-likelihood (``Σ T log T̂ - T̂ - log T!``) and ℓ₀ that of the constant model
  ``T̂ = T̄`` (as spglm).
* ``AIC = -2 ℓ + 2 k`` with k the number of fitted parameters.
* ``SSI``: spint's pair-averaged Sørensen index ``(1/n) Σ 2 min(T, T̂) / (T + T̂)``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._errors import ParameterError
from ..messages import Message

__all__ = ["cpc", "goodness_of_fit", "poisson_loglik", "srmse"]


def _arrays(observed: npt.ArrayLike, predicted: npt.ArrayLike,
            ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    if isinstance(observed, pd.Series) and isinstance(predicted, pd.Series):
        predicted = predicted.reindex(observed.index).fillna(0.0)
    y = np.asarray(observed, dtype=np.float64)
    yhat = np.asarray(predicted, dtype=np.float64)
    if y.shape != yhat.shape:
        msg = Message("err_flow_gof_lengths", a=repr(y.shape), b=repr(yhat.shape))
        raise ParameterError(msg)
    return y, yhat


def cpc(observed: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Common part of commuters (0 = nothing in common, 1 = identical).

    Series are aligned on the observed index (missing predictions count as 0).

    >>> round(cpc([10, 0, 5], [5, 5, 5]), 6)
    0.666667

    Raises
    ------
    ParameterError
        When ``observed`` and ``predicted`` differ in length.

    Examples
    --------
    >>> round(cpc([10.0, 0.0, 5.0], [8.0, 2.0, 5.0]), 4)  # 1 - |diff| / total = 1 - 4 / 30
    0.8667
    """
    y, yhat = _arrays(observed, predicted)
    den = y.sum() + yhat.sum()
    return float(2.0 * np.minimum(y, yhat).sum() / den) if den > 0 else float("nan")


def srmse(observed: npt.ArrayLike, predicted: npt.ArrayLike) -> float:
    """Standardised root mean square error (0 = perfect); NaN when the observed total is not
    positive (nothing to standardise by).

    Raises
    ------
    ParameterError
        When ``observed`` and ``predicted`` differ in length.

    Examples
    --------
    >>> round(srmse([10.0, 0.0, 5.0], [8.0, 2.0, 5.0]), 4)
    0.3266
    """
    y, yhat = _arrays(observed, predicted)
    n = y.shape[0]
    total = float(y.sum())
    if total <= 0:  # also the empty case
        return float("nan")
    return float(np.sqrt(((y - yhat) ** 2).sum() / n) / (total / n))


def _log_factorials(y: npt.NDArray[np.float64]) -> float:
    from scipy.special import gammaln  # here, not at import: the CLI starts faster

    top = float(y.max(initial=0.0))
    if top < 1e6 and np.array_equal(y, np.floor(y)):  # integer counts: a lookup table
        table = gammaln(np.arange(int(top) + 1, dtype=np.float64) + 1.0)
        return float(table[y.astype(np.int64)].sum())
    return float(gammaln(y + 1).sum())


def poisson_loglik(observed: npt.ArrayLike, predicted: npt.ArrayLike,
                   log_factorials: float | None = None) -> float:
    """Poisson log-likelihood ``Σ T log T̂ - T̂ - log Γ(T + 1)``.

    Raises
    ------
    ParameterError
        When ``observed`` and ``predicted`` differ in length.

    Examples
    --------
    >>> round(poisson_loglik([1.0, 2.0], [1.0, 2.0]), 4)
    -2.3069
    """
    y, yhat = _arrays(observed, predicted)
    pos = y > 0
    term = float(y[pos] @ np.log(yhat[pos]))
    lf = _log_factorials(y) if log_factorials is None else log_factorials
    return term - float(yhat.sum()) - lf


def goodness_of_fit(observed: npt.ArrayLike, predicted: npt.ArrayLike, *,
                    n_params: int | None = None) -> pd.Series:
    """All measures at once: ``cpc``, ``ssi``, ``srmse``, ``r2``, ``loglik``, ``loglik_null``,
    ``pseudo_r2``, ``adj_pseudo_r2``, ``aic`` (the last two need ``n_params``), ``n_pairs``.

    Raises
    ------
    ParameterError
        When ``observed`` and ``predicted`` differ in length.

    Examples
    --------
    >>> goodness_of_fit([10.0, 0.0, 5.0], [8.0, 2.0, 5.0])[["cpc", "srmse", "r2"]].round(4)
    cpc      0.8667
    srmse    0.3266
    r2       0.8400
    Name: goodness_of_fit, dtype: float64
    """
    from scipy.special import gammaln

    from ._kernels import fit_sums

    y, yhat = _arrays(observed, predicted)
    y = np.ascontiguousarray(y)
    yhat = np.ascontiguousarray(yhat)
    n = y.shape[0]
    top = float(y.max(initial=0.0))
    table = gammaln(np.arange(int(min(top, 1e6)) + 1, dtype=np.float64) + 1.0)
    s_min, s_y, s_h, ss_res, s_ylog, s_ssi, log_fact, s_y2 = fit_sums(y, yhat, table)
    ll = s_ylog - s_h - log_fact
    ybar = s_y / n if n else float("nan")
    ll0 = s_y * np.log(ybar) - ybar * n - log_fact if ybar > 0 else 0.0
    ss_tot = s_y2 - n * ybar * ybar
    k = n_params
    out = {
        "cpc": 2.0 * s_min / (s_y + s_h) if s_y + s_h > 0 else float("nan"),
        "ssi": float(s_ssi / n) if n else float("nan"),
        "srmse": float(np.sqrt(ss_res / n) / ybar) if ybar > 0 else float("nan"),
        "r2": 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan"),
        "loglik": float(ll),
        "loglik_null": float(ll0),
        "pseudo_r2": float(1.0 - ll / ll0) if ll0 != 0 else float("nan"),
        "adj_pseudo_r2": float(1.0 - (ll - k) / ll0) if k is not None and ll0 != 0
        else float("nan"),
        "aic": float(-2.0 * ll + 2.0 * k) if k is not None else float("nan"),
        "n_pairs": float(n),
    }
    # from arrays: a dict's keys and values cost 8x more to convert (0.3 ms a fit)
    return pd.Series(np.array(list(out.values()), dtype=np.float64),
                     index=pd.Index(np.array(list(out), dtype=object), dtype="str"),
                     name="goodness_of_fit")
