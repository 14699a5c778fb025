"""Co-located locations: units at one point taken as one place by the radiation model.

In the radiation model (Simini et al. 2012) every resident of a place draws the benefit of a
job at home as the best of ``m_i`` draws and takes the nearest job that beats it; the
probability of being absorbed beyond a circle holding ``s`` opportunities is
``m_i / (m_i + s)``. Nothing in that derivation depends on how the opportunities at one point
are shared out among administrative units, so units at one point (a city's development zones
placed at the seat of the district they are anchored to) are one place:

* as an origin, its residents have ``m_I = Σ_a m_a`` opportunities at home, and each of them
  has the same destination probabilities ``p_Ij``;
* as a destination, it offers ``n_J = Σ_b n_b`` opportunities, and since every opportunity is
  an independent draw, the one that absorbs a trip lies in unit ``b`` with probability
  ``n_b / n_J``.

Hence the member flows ``T_ab = T_a p_IJ n_b / n_J`` for ``a ∈ I``, ``b ∈ J``, ``I ≠ J``:
mass-proportional on the destination side, outflow-proportional on the origin side, with each
origin's total ``Σ_b T_ab = T_a Σ_J p_IJ`` and each place's totals those of the merged model.
The model gives no flow between the units of one place (distance 0, a trip within the place),
so those pairs are not in the table. Without merging, the ``inclusive`` tie rule counts the
other units at the point as intervening opportunities of each other, and the units at a point
send one another a large share of their trips (raw ``p_ab = m_b / (m_a + m_b)`` for two
of them).

Only rows whose unit vectors are exactly equal are merged (the ranking key between them is 0,
on every path); finding them is one lexicographic sort of the N x 3 unit vectors, so inputs
without co-located points cost nothing more than that sort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._table import FloatArray

IntArray = npt.NDArray[np.int64]

#: Groups spelled out in the note on merged places (the others are counted).
NOTE_GROUPS = 20


@dataclass(frozen=True)
class Groups:
    """Places made of several rows: ``label`` (the place of each row, 0..G-1 in order of
    first appearance), ``first`` (the first row of each place), ``size`` (rows per place)."""

    label: IntArray
    first: IntArray
    size: IntArray

    @property
    def n_places(self) -> int:
        return int(self.first.shape[0])


def colocated_groups(xyz: FloatArray) -> Groups | None:
    """The places of rows with equal unit vectors (``xyz``, N x 3), or ``None`` when all the
    points differ (the common case: one stable sort and one comparison)."""
    n = xyz.shape[0]
    order = np.lexsort((xyz[:, 2], xyz[:, 1], xyz[:, 0]))  # stable: rows ascend within ties
    s = xyz[order]
    same = np.all(s[1:] == s[:-1], axis=1)
    if not same.any():
        return None
    new = np.concatenate(([True], ~same))
    sorted_label = np.cumsum(new) - 1
    first_unsorted = order[new]  # the lowest row of each run
    perm = np.argsort(first_unsorted, kind="stable")  # places in order of first appearance
    relabel = np.empty(perm.shape[0], dtype=np.int64)
    relabel[perm] = np.arange(perm.shape[0])
    label = np.empty(n, dtype=np.int64)
    label[order] = relabel[sorted_label]
    first = first_unsorted[perm].astype(np.int64)
    size = np.bincount(label, minlength=first.shape[0]).astype(np.int64)
    return Groups(label, first, size)


def merged_locations(df: pd.DataFrame, t_out: FloatArray, groups: Groups) -> pd.DataFrame:
    """One row per place (indexed by its first row's code): its point, the summed
    ``population`` and the summed trips leaving it as ``outflow`` (sums in row order)."""
    g = groups.n_places
    m = df["population"].to_numpy(dtype="float64")
    lon = df["lon"].to_numpy(dtype="float64")[groups.first]
    lat = df["lat"].to_numpy(dtype="float64")[groups.first]
    return pd.DataFrame({"lon": lon, "lat": lat,
                         "population": np.bincount(groups.label, weights=m, minlength=g),
                         "outflow": np.bincount(groups.label, weights=t_out, minlength=g)},
                        index=pd.Index(df.index[groups.first], name="code"))


def _ranges(starts: npt.NDArray[np.integer[Any]], lengths: IntArray) -> IntArray:
    """``concatenate([arange(s, s + k) for s, k in zip(starts, lengths)])`` without a loop."""
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    return (np.arange(total, dtype=np.int64) - np.repeat(offsets, lengths)
            + np.repeat(starts.astype(np.int64), lengths))


def split_back(groups: Groups, oi_m: npt.NDArray[np.integer[Any]],
               dj_m: npt.NDArray[np.integer[Any]], p_m: FloatArray, m: FloatArray
               ) -> tuple[IntArray, IntArray, FloatArray]:
    """Member pairs and probabilities from the places' pairs (``oi_m``, ``dj_m``: place
    positions, rows grouped by origin place; ``p_m``: their probabilities).

    Each row ``a`` gets its place's pairs in their order, each destination place spelled out
    as its rows in row order, with ``p_ab = p_IJ n_b / n_J`` (0 where ``n_J = 0``, as the
    model gives such a place no trips). Rows come in row order of ``a``."""
    n = groups.label.shape[0]
    g = groups.n_places
    mass = np.bincount(groups.label, weights=m, minlength=g)
    mass_b = mass[groups.label]
    share = np.divide(m, mass_b, out=np.zeros(n), where=mass_b > 0)
    members = np.argsort(groups.label, kind="stable")  # rows of each place, in row order
    gptr = np.concatenate(([0], np.cumsum(groups.size)))
    pairs_per_place = np.bincount(oi_m, minlength=g).astype(np.int64)
    rptr = np.concatenate(([0], np.cumsum(pairs_per_place)))
    # every row a: the pairs of its place
    own = groups.label
    ks = _ranges(rptr[own], pairs_per_place[own])
    origin = np.repeat(np.arange(n, dtype=np.int64), pairs_per_place[own])
    # every (a, pair): the rows of the destination place
    dest_place = np.asarray(dj_m, dtype=np.int64)[ks]
    width = groups.size[dest_place]
    b = members[_ranges(gptr[dest_place], width)]
    a = np.repeat(origin, width)
    p = np.repeat(np.asarray(p_m, dtype=np.float64)[ks], width) * share[b]
    return a, b, p


def split_back_dense(groups: Groups, p_m: FloatArray, m: FloatArray
                     ) -> tuple[IntArray, IntArray, FloatArray]:
    """:func:`split_back` for all pairs (``p_m``: the places' ``G x (G - 1)`` off-diagonal
    probabilities, row-major), in whole-array passes over the ``N x N`` member pairs: row
    ``a``'s destinations ``b`` of other places in row order."""
    n = groups.label.shape[0]
    g = groups.n_places
    full = np.zeros((g, g))
    full[~np.eye(g, dtype=bool)] = np.asarray(p_m, dtype=np.float64).ravel()
    mass = np.bincount(groups.label, weights=m, minlength=g)
    mass_b = mass[groups.label]
    share = np.divide(m, mass_b, out=np.zeros(n), where=mass_b > 0)
    lab = groups.label
    other = lab[:, None] != lab[None, :]
    a, b = np.nonzero(other)
    p = full[lab][:, lab]
    p *= share[None, :]
    return a.astype(np.int64), b.astype(np.int64), p[other]


def note_groups(codes: pd.Index, groups: Groups) -> tuple[list[str], int]:
    """The places of several rows as ``"code + code + ..."`` (the first ``NOTE_GROUPS``), and
    how many there are."""
    multi = np.flatnonzero(groups.size > 1)
    members = np.argsort(groups.label, kind="stable")
    gptr = np.concatenate(([0], np.cumsum(groups.size)))
    shown = [" + ".join(str(codes[r]) for r in members[gptr[k]:gptr[k + 1]])
             for k in multi[:NOTE_GROUPS]]
    return shown, int(multi.shape[0])
