"""The entropy weight method (熵权法): min-max standardisation and entropy weights of the columns
of a table of observations (used by the integration index and the screening scores).

Reference: 郑陈柔雨, 马延吉 (2021) 中国科学院大学学报 38(3):323-332; METHODS.md §12. The names stay
importable from :mod:`metroscope.indicators.integration`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from ..messages import Message
from . import _base as B

__all__ = ["entropy_weights", "standardise"]


def standardise(frame: pd.DataFrame, negative: Sequence[str] = ()) -> pd.DataFrame:
    """Min-max standardisation: (x - min)/(max - min), or (max - x)/(max - min) for negative
    indicators; a constant column becomes 0.

    Raises
    ------
    Nothing; a constant column gives 0 and missing values stay missing.

    Examples
    --------
    >>> standardise(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [10.0, 20.0, 30.0]}), negative=["b"])
         a    b
    0  0.0  1.0
    1  0.5  0.5
    2  1.0  0.0
    """
    lo, hi = frame.min(), frame.max()
    rng = (hi - lo).where(hi > lo)
    z = (frame - lo) / rng
    neg = [c for c in frame.columns if c in set(negative)]
    z[neg] = (hi[neg] - frame[neg]) / rng[neg]
    return z.fillna(0.0).where(frame.notna())


def entropy_weights(frame: pd.DataFrame, *, negative: Sequence[str] = (),
                    shift: float = 0.0) -> pd.DataFrame:
    """Entropy weight method (熵权法) over the rows of ``frame`` (observations, e.g. unit-years
    pooled) and its columns (indicators).

    .. math::

        z_{ij} = \\frac{x_{ij} - \\min_j}{\\max_j - \\min_j}\\ (+\\,shift),\\quad
        p_{ij} = \\frac{z_{ij}}{\\sum_i z_{ij}},\\quad
        e_j = -\\frac{1}{\\ln n}\\sum_i p_{ij}\\ln p_{ij},\\quad
        w_j = \\frac{1 - e_j}{\\sum_k (1 - e_k)}

    (negative indicators use (max − x)/(max − min); 0 · ln 0 = 0.)

    Parameters
    ----------
    frame
        Rows = observations, columns = indicators; no missing values.
    negative
        Columns where less is better.
    shift
        Added to z before p (e.g. 1e-4 as in the literature); 0 by default. It changes the
        weights slightly and is recorded in the provenance.

    Returns
    -------
    pandas.DataFrame
        Index ``indicator``; columns ``direction``, ``min``, ``max``, ``entropy``,
        ``divergence`` (1 − e), ``weight``.

    Raises
    ------
    MissingDataError
        Fewer than 2 observations or missing values.

    References
    ----------
    METHODS.md §12.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 1.0, 4.0]})
    >>> entropy_weights(frame).round(3)
              direction  min  max  entropy  divergence  weight
    indicator
    a          positive  1.0  3.0    0.579       0.421   0.463
    b          positive  1.0  4.0    0.512       0.488   0.537
    """
    from ._verdict import require_n

    require_n("integration_weights", len(frame), Message("err_detail_entropy"))
    if frame.isna().any().any():
        bad = [str(c) for c in frame.columns[frame.isna().any()]]
        msg = Message("err_entropy_missing_values", got=repr(bad))
        raise MissingDataError(msg)
    z = standardise(frame, negative).to_numpy(dtype="float64") + shift
    n = z.shape[0]
    col = z.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(col > 0, z / col, 1.0 / n)
    e = -B.xlogy(p, p).sum(axis=0) / math.log(n)
    d = 1 - e
    w = d / d.sum() if d.sum() > 0 else np.full(len(d), 1 / len(d))
    out = pd.DataFrame({
        "direction": ["negative" if c in set(negative) else "positive" for c in frame.columns],
        "min": frame.min().to_numpy(), "max": frame.max().to_numpy(), "entropy": e,
        "divergence": d, "weight": w}, index=pd.Index([str(c) for c in frame.columns],
                                                      name="indicator"))
    return B.finish(out, indicator="entropy_weights", parameters={"shift": shift},
                    reference="METHODS.md §12")
