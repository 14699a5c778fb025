"""Structure similarity (产业结构相似系数), the "avoid duplication" table and complementarity of
every pair of units, from census employment shares.

References: UNIDO (1979) for the similarity coefficient; Krugman (1991) *Geography and Trade*
for the bilateral index; METHODS.md §8.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._employment import _finish, _shares, employment_matrix, lq_array
from ._geometry import _pairs_index

if TYPE_CHECKING:
    from ..region import Region


def similarity_array(s: np.ndarray) -> np.ndarray:
    """UNIDO structure similarity S_AB = Σ x_A x_B / sqrt(Σ x_A² Σ x_B²) for all row pairs.

    ``s`` is units x industries (shares or counts); the result is units x units. The
    similarity of a row that is all zero (no employment) with any row is undefined: its row
    and column are NaN, and no NumPy warning is emitted.

    Raises
    ------
    Nothing of its own.

    Examples
    --------
    >>> similarity_array(np.array([[1.0, 0.0], [1.0, 1.0], [2.0, 0.0]])).round(3)
    array([[1.   , 0.707, 1.   ],
           [0.707, 1.   , 0.707],
           [1.   , 0.707, 1.   ]])
    """
    norm = np.sqrt((s**2).sum(axis=1))
    denom = np.outer(norm, norm)
    out = np.full(denom.shape, np.nan)
    np.divide(s @ s.T, denom, out=out, where=denom > 0)
    return np.asarray(out, dtype="float64")


def similarity_matrix(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Industrial structure similarity coefficient (产业结构相似系数) of every pair of units.

    .. math:: S_{AB} = \\frac{\\sum_k x_{Ak} x_{Bk}}{\\sqrt{\\sum_k x_{Ak}^2 \\sum_k x_{Bk}^2}}

    with x the industry shares; 0 ≤ S ≤ 1, 1 = identical structures.

    Returns
    -------
    pandas.DataFrame
        Square, index and columns ``code`` (diagonal 1). :func:`duplication_table` lists the
        pairs with Krugman's bilateral index.

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    UNIDO 1979; METHODS.md §8.

    Examples
    --------
    >>> similarity_matrix(region).loc[["220100", "220200"], ["220100", "220200"]].round(3)
    code_b  220100  220200
    code
    220100   1.000   0.988
    220200   0.988   1.000
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    s = _shares(emp.matrix).to_numpy()
    sim = pd.DataFrame(similarity_array(s), index=emp.matrix.index,
                       columns=pd.Index(emp.matrix.index, name="code_b"))
    return _finish(sim, "similarity_matrix", region, emp, level)


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, k=1)


def _triu_l1(s: np.ndarray) -> np.ndarray:
    """Σ_k |s_ak − s_bk| for every pair a < b, in the order of ``np.triu_indices(n, 1)``
    (row slices: contiguous memory, no pair-index gathers)."""
    n = len(s)
    out = np.empty(n * (n - 1) // 2)
    pos = 0
    for i in range(n - 1):
        m = n - 1 - i
        out[pos:pos + m] = np.abs(s[i + 1:] - s[i]).sum(axis=1)
        pos += m
    return out


def _mask_labels(masks: np.ndarray, names: list[str]) -> tuple[pd.Categorical, np.ndarray]:
    """Comma-joined names (a categorical, each distinct set labelled once) and sizes of the bits
    set in each uint64 mask (bit k = names[k])."""
    codes, uniq = pd.factorize(masks, sort=False)
    bits = (np.asarray(uniq, dtype=np.uint64)[:, None]
            >> np.arange(len(names), dtype=np.uint64)[None, :]) & np.uint64(1)
    bits = bits.astype(bool)
    arr = np.array(names, dtype=object)
    labels = [", ".join(arr[row]) for row in bits]
    sizes = bits.sum(axis=1).astype("int64")
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object),
                                     validate=False), sizes.take(codes)


def _set_labels(sets: np.ndarray, names: list[str]) -> tuple[pd.Categorical, np.ndarray]:
    """As :func:`_mask_labels` for a boolean rows × names array (any number of names): rows are
    packed to bytes and each distinct row is labelled once."""
    packed = np.ascontiguousarray(np.packbits(sets, axis=1))
    keys = packed.view(f"V{packed.shape[1]}").ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    uniq = sets[first]
    arr = np.array(names, dtype=object)
    labels = [", ".join(arr[row]) for row in uniq]
    inverse = inverse.ravel()
    return (pd.Categorical.from_codes(inverse, categories=pd.Index(labels, dtype=object),
                                      validate=False),
            uniq.sum(axis=1).astype("int64").take(inverse))


def duplication_table(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    threshold: float = 0.9,
) -> pd.DataFrame:
    """The "avoid duplication" table: similarity and bilateral Krugman index of every pair.

    .. math:: S_{AB}\\ \\text{as in similarity\\_matrix},\\qquad
              K_{AB} = \\sum_k |s_{Ak} - s_{Bk}| \\in [0, 2]

    Parameters
    ----------
    threshold
        Similarity above which a pair is flagged ``high_similarity`` (default 0.9, the level
        Chinese studies treat as high duplication).

    Returns
    -------
    pandas.DataFrame
        Index ``(unit_a, unit_b)`` (each unordered pair once); columns ``name_a``, ``name_b``,
        ``similarity``, ``krugman``, ``high_similarity``; sorted by similarity, descending.

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    UNIDO 1979; Krugman 1991; METHODS.md §8.

    Examples
    --------
    >>> d = duplication_table(region)
    >>> d[["similarity", "high_similarity"]].round(3).head(3)
                   similarity  high_similarity
    unit_a unit_b
    220300 220800       0.998             True
    220200 220500       0.997             True
    220300 220700       0.997             True
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    s = _shares(emp.matrix).to_numpy()
    a, b = _pairs(len(s))
    sim = similarity_array(s)[a, b]
    kr = _triu_l1(s)
    cs = [str(c) for c in emp.matrix.index]
    name_codes, name_uniq = pd.factorize(region.units.loc[cs, "name_zh"].astype(str).to_numpy())
    order = np.argsort(-sim, kind="stable")
    a, b, sim, kr = a[order], b[order], sim[order], kr[order]
    cats = pd.Index(name_uniq, dtype=object)

    def names(ix: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(name_codes.take(ix), categories=cats, validate=False)

    out = pd.DataFrame({"name_a": names(a), "name_b": names(b), "similarity": sim,
                        "krugman": kr, "high_similarity": sim > threshold},
                       index=_pairs_index(cs, a, b, ("unit_a", "unit_b")))
    return _finish(out, "duplication_table", region, emp, level, {"threshold": threshold})


def complementarity(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    lq_threshold: float = 1.0,
) -> pd.DataFrame:
    """Complementarity of every pair: industries where one unit is specialised (LQ > t) and the
    other is not (LQ < t), beside the strengths they share (both LQ > t, duplication).

    .. math:: C_{A\\to B} = \\{k : LQ_{Ak} > t \\ge LQ_{Bk}\\}

    Returns
    -------
    pandas.DataFrame
        Index ``(unit_a, unit_b)``; columns ``a_strong_b_weak`` and ``b_strong_a_weak``
        (industry keys, comma-separated), ``n_complementary`` (size of both sets),
        ``shared_strengths``, ``n_shared`` and ``krugman`` (K_AB); sorted by
        ``n_complementary``, descending.

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    METHODS.md §8 (LQ; Krugman 1991).

    Examples
    --------
    >>> c = complementarity(region)
    >>> c.loc[("220100", "220200"), ["n_complementary", "n_shared"]]
    n_complementary    7
    n_shared           3
    Name: (220100, 220200), dtype: int64
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    x = emp.matrix.to_numpy()
    lq = lq_array(x) > lq_threshold
    s = x / x.sum(axis=1, keepdims=True)
    inds = [str(c) for c in emp.matrix.columns]
    cs = [str(c) for c in emp.matrix.index]
    a, b = _pairs(len(cs))
    if len(inds) <= 64:  # one bit per industry: set operations on integers
        mask = (lq.astype(np.uint64) << np.arange(len(inds), dtype=np.uint64)).sum(
            axis=1, dtype=np.uint64)
        ma, mb = mask.take(a), mask.take(b)
        ab, n_ab = _mask_labels(ma & ~mb, inds)
        ba, n_ba = _mask_labels(mb & ~ma, inds)
        sh, n_sh = _mask_labels(ma & mb, inds)
    else:
        ab, n_ab = _set_labels(lq[a] & ~lq[b], inds)
        ba, n_ba = _set_labels(lq[b] & ~lq[a], inds)
        sh, n_sh = _set_labels(lq[a] & lq[b], inds)
    n_c = n_ab + n_ba
    kr = _triu_l1(s)
    order = np.argsort((-n_c).astype(np.int16), kind="stable")  # radix sort: small ints
    a, b = a[order], b[order]
    out = pd.DataFrame({"a_strong_b_weak": ab.take(order), "b_strong_a_weak": ba.take(order),
                        "n_complementary": n_c[order], "shared_strengths": sh.take(order),
                        "n_shared": n_sh[order], "krugman": kr[order]},
                       index=_pairs_index(cs, a, b, ("unit_a", "unit_b")))
    return _finish(out, "complementarity", region, emp, level, {"lq_threshold": lq_threshold})
