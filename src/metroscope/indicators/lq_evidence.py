"""The comparison base of location quotients and the evidence behind each one: sample size,
confidence interval and a reliability flag.

Census employment by industry is a long-form *sample* (about 10 % of the employed), so a
location quotient of 2.3 on two sampled persons is noise, not a specialisation. Every LQ here
carries the sample count of its cell and an approximate 95 % confidence interval:

.. math:: \\operatorname{Var}(\\ln LQ_{ij}) \\approx \\frac{1}{e_{ij}} - \\frac{1}{e_i}
          + \\frac{1}{E_j} - \\frac{1}{E},\\qquad
          LQ_{ij}\\,\\exp(\\pm z_{0.975}\\sqrt{\\operatorname{Var}})

(delta method on counts treated as Poisson/multinomial; Moineddin, Beyene & Boyle 2003, "On
the location quotient confidence interval", *Geographical Analysis* 35(3):249-256). When the
unit is part of its reference region the two shares are positively correlated and the
interval is conservative (too wide), which errs on the side of "insufficient evidence".

A cell is ``reliable`` when it has at least :data:`MIN_SAMPLE_PERSONS` sampled persons and
its interval lies entirely on one side of 1; otherwise it is left out of recommendations
(division of labour) and greyed in the report's charts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, shorten
from ..messages import Message
from . import _base as B
from ._employment import Employment, _finish, employment_matrix
from ._unit_codes import area_provinces

if TYPE_CHECKING:
    from ..region import Region

#: Fewest sampled persons in a cell for its LQ to count as evidence. With 30 persons the
#: sampling error alone gives sd(ln LQ) ≈ 1/√30 ≈ 0.18, i.e. a 95 % interval of about
#: ×/÷ 1.43 around the estimate (the usual n ≥ 30 rule of thumb for a normal approximation).
#: The one threshold of every LQ flag: ``lq_evidence``, ``location_quotients`` (its note),
#: ``division_of_labour``, the opportunity screen and the web page ``/industry``.
MIN_SAMPLE_PERSONS = 30

#: Two-sided confidence level of the LQ interval, and its normal quantile.
CI_LEVEL = 0.95
Z_975 = 1.959963984540054

CI_REFERENCE = ("Moineddin, Beyene & Boyle 2003, 'On the location quotient confidence "
                "interval', Geographical Analysis 35(3):249-256 (delta method)")

#: Comparison bases of :func:`reference_for` (``auto`` picks one).
BASES = ("auto", "province", "nation", "units")

#: Reliability flags, most to least reliable.
FLAGS = ("ok", "ci_straddles_1", "small_sample", "zero", "no_reference")


@lru_cache(maxsize=4)
def _nation_totals(year: int) -> pd.Series:
    """Employment by industry of the whole country (sum of every prefecture-level unit of the
    embedded ``china`` dataset, census city file) in ``year``."""
    from ..datasets import list_datasets, load

    if "china" not in list_datasets():
        msg = Message("err_nation_base_no_china")
        raise MissingDataError(msg)
    emp = employment_matrix(load("china"), year=year, level="prefecture")
    return emp.matrix.sum(axis=0)


def reference_for(region: Region, *, base: str = "auto", year: int,
                  level: str | None = "prefecture",
                  industries: Sequence[str] | None = None) -> tuple[pd.Series | None, str, str]:
    """The reference totals E_j of a location quotient, the base used and its description.

    ``base``: ``province`` = the province of the metropolitan area (its own census row when
    present, else the sum of its units at ``level``); ``nation`` = every prefecture-level unit
    of the country (the embedded ``china`` dataset); ``units`` = the units compared
    themselves (returns ``None``); ``auto`` = ``province`` when the core and every member lie
    in one province, ``nation`` when they span several (and the ``china`` dataset is built),
    else ``units`` (e.g. a user's table without provinces).

    Raises
    ------
    MissingDataError
        For an unknown base, or a base that cannot be formed (no province, no data).
    UnknownIndicatorError
        When a name in ``industries`` is not a stats indicator of the region.

    Examples
    --------
    >>> ref, base, why = reference_for(region, year=2020)
    >>> base, ref is not None and len(ref)
    ('province', 20)
    """
    if base not in BASES:
        msg = Message("err_unknown_base", got=shorten(base), allowed=list(BASES))
        raise MissingDataError(msg)
    if base == "units":
        return None, "units", Message("lq_ref_units")
    provs = area_provinces(region)
    province = next(iter(provs)) if len(provs) == 1 else None
    if base == "auto":
        if province is not None:
            base = "province"
        elif len(provs) > 1 and None not in provs:
            try:
                _nation_totals(int(year))
                base = "nation"
            except MissingDataError:
                return None, "units", Message("lq_ref_units_no_nation")
        else:
            return None, "units", Message("lq_ref_units_no_province")
    if base == "nation":
        tot = _nation_totals(int(year))
        return tot, "nation", Message("lq_ref_nation")
    if province is None:
        msg = Message("err_no_single_province")
        raise MissingDataError(msg)
    name = str(region.units.at[province, "name_zh"])
    try:
        own = employment_matrix(region, year=year, level=None, codes=[province],
                                industries=industries)
        return own.matrix.iloc[0], "province", Message("lq_ref_province_own", name=name,
                                                       code=str(province))
    except MissingDataError:
        pass
    units = B.unit_codes(region, level=level, parent=province)
    emp = employment_matrix(region, year=year, level=level, codes=None, industries=industries)
    inside = [c for c in emp.matrix.index if c in set(units)]
    if not inside:
        msg = Message("err_province_no_employment", province=province, year=year)
        raise MissingDataError(msg)
    return (emp.matrix.loc[inside].sum(axis=0), "province",
            Message("lq_ref_province_sum", name=name, code=str(province), n=len(inside),
                    level=Message(f"level_{level}") if level in ("county", "prefecture",
                                                                 "province") else str(level)))


def lq_confidence(e_ij: np.ndarray, e_i: np.ndarray, big_e_j: np.ndarray, big_e: float,
                  z: float = Z_975) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """LQ, lower and upper bounds of its interval (see the module docstring), elementwise.

    Cells with e_ij = 0 get LQ 0 and NaN bounds; cells whose reference share is 0 get NaN.

    Raises
    ------
    Nothing of its own; zero cells or totals give NaN (no warning). ``ValueError`` from NumPy
    if the arrays do not broadcast together.

    Examples
    --------
    >>> lq, lo, hi = lq_confidence(np.array([30.0]), np.array([100.0]), np.array([2000.0]), 10000.0)
    >>> lq, lo.round(3), hi.round(3)
    (array([1.5]), array([1.109]), array([2.029]))
    """
    e_ij, e_i, big_e_j = (np.asarray(a, dtype="float64") for a in (e_ij, e_i, big_e_j))
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (e_ij / e_i) / (big_e_j / big_e)
        var = 1 / e_ij - 1 / e_i + 1 / big_e_j - 1 / big_e
        half = z * np.sqrt(np.clip(var, 0.0, None))
        lo = np.where(e_ij > 0, lq * np.exp(-half), np.nan)
        hi = np.where(e_ij > 0, lq * np.exp(half), np.nan)
    lq = np.where(big_e_j > 0, lq, np.nan)
    return lq, np.where(big_e_j > 0, lo, np.nan), np.where(big_e_j > 0, hi, np.nan)


def flag(e_ij: float, lq: float, lo: float, hi: float, min_sample: int) -> str:
    """Reliability flag of one cell (one of :data:`FLAGS`).

    Raises
    ------
    Nothing; every input gives one of :data:`FLAGS`.

    Examples
    --------
    >>> flag(30.0, 1.5, 1.1, 2.0, 30)
    'ok'
    >>> flag(30.0, 1.2, 0.9, 1.6, 30)
    'ci_straddles_1'
    >>> flag(10.0, 1.5, 1.1, 2.0, 30)
    'small_sample'
    """
    if not math.isfinite(lq):
        return "no_reference"
    if e_ij <= 0:
        return "zero"
    if e_ij < min_sample:
        return "small_sample"
    if lo <= 1.0 <= hi:
        return "ci_straddles_1"
    return "ok"


def evidence_table(emp: Employment, ref: pd.Series | None,
                   min_sample: int = MIN_SAMPLE_PERSONS) -> pd.DataFrame:
    """Long table of every (unit, industry) cell of ``emp`` against the reference totals
    ``ref`` (None = the units themselves): see :func:`lq_evidence` for the columns.

    Raises
    ------
    Nothing of its own; cells without a reference total get NaN and the flag
    ``no_reference``.

    Examples
    --------
    >>> emp, ref, why = lq_inputs(region, year=None, level="prefecture", codes=None, industries=None,
    ...                           base="auto")
    >>> t = evidence_table(emp, ref)
    >>> t.shape
    (180, 7)
    >>> t["flag"].value_counts().sort_index()
    flag
    ci_straddles_1     19
    ok                152
    small_sample        3
    zero                6
    Name: count, dtype: int64
    """
    x = emp.matrix
    totals = x.sum(axis=0) if ref is None else ref.reindex(x.columns)
    big_e = float(totals.sum(skipna=True))
    e_i = x.sum(axis=1).to_numpy()[:, None]
    e_ij = x.to_numpy()
    big_e_j = np.broadcast_to(totals.to_numpy(dtype="float64")[None, :], e_ij.shape)
    lq, lo, hi = lq_confidence(e_ij, np.broadcast_to(e_i, e_ij.shape), big_e_j, big_e)
    rows = []
    for a, code in enumerate(x.index):
        for b, ind in enumerate(x.columns):
            f = flag(float(e_ij[a, b]), float(lq[a, b]), float(lo[a, b]), float(hi[a, b]),
                     min_sample)
            rows.append((str(code), str(ind), float(lq[a, b]), float(e_ij[a, b]),
                         float(e_i[a, 0]), float(lo[a, b]), float(hi[a, b]), f, f == "ok"))
    out = pd.DataFrame(rows, columns=["code", "industry", "lq", "sample_persons",
                                      "unit_sample_persons", "ci_low", "ci_high", "flag",
                                      "reliable"])
    return out.set_index(["code", "industry"])


def lq_evidence(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    base: str = "auto",
    min_sample: int = MIN_SAMPLE_PERSONS,
) -> pd.DataFrame:
    """Location quotients with their evidence: sample size, 95 % interval, reliability.

    .. math:: LQ_{ij} = \\frac{e_{ij}/e_i}{E_j/E},\\qquad
              LQ_{ij}\\,\\exp\\Big(\\pm 1.96\\sqrt{\\tfrac{1}{e_{ij}} - \\tfrac{1}{e_i}
              + \\tfrac{1}{E_j} - \\tfrac{1}{E}}\\Big)

    Parameters
    ----------
    year, level, codes, industries
        As :func:`~metroscope.indicators.industry.location_quotients` (default units: those
        of the province when the base is the province).
    base
        Comparison base (see :func:`reference_for`): ``auto`` (default: the province of a
        provincial metropolitan area), ``province``, ``nation`` or ``units``.
    min_sample
        Fewest sampled persons in a cell for its LQ to count (default 30).

    Returns
    -------
    pandas.DataFrame
        Index ``(code, industry)``; columns ``lq`` (dimensionless), ``sample_persons``
        (e_ij, sampled persons in the cell), ``unit_sample_persons`` (e_i), ``ci_low``,
        ``ci_high`` (95 %), ``flag`` (``ok``, ``ci_straddles_1``, ``small_sample``, ``zero``,
        ``no_reference``) and ``reliable`` (flag == ``ok``).

    Raises
    ------
    MissingDataError
        When ``base`` is unknown or cannot be formed (:func:`reference_for`), or propagated
        from :func:`~metroscope.indicators._employment.employment_matrix` (unknown codes, no
        usable employment).
    UnknownIndicatorError
        When a name in ``industries`` is not a stats indicator of the region.

    References
    ----------
    Moineddin, Beyene & Boyle 2003, *Geographical Analysis* 35(3):249-256.

    Examples
    --------
    >>> ev = lq_evidence(region)
    >>> ev.loc[("220100", "manufacturing"), ["lq", "ci_low", "ci_high"]].round(3)
    lq         1.275
    ci_low     1.261
    ci_high    1.290
    Name: (220100, manufacturing), dtype: float64
    """
    emp, ref, label = lq_inputs(region, year=year, level=level, codes=codes,
                                industries=industries, base=base)
    out = evidence_table(emp, ref, min_sample)
    n_bad = int((~out["reliable"]).sum())
    return _finish(out, "lq_evidence", region, emp, level,
                   {"reference": label, "min_sample_persons": min_sample,
                    "ci": f"{CI_LEVEL:.0%}, {CI_REFERENCE}"},
                   notes=[f"{n_bad} of {len(out)} cells are not reliable (fewer than "
                          f"{min_sample} sampled persons, or a 95 % interval containing 1): "
                          "they are not evidence of specialisation"])


def lq_inputs(region: Region, *, year: int | None, level: str | None,
              codes: Sequence[str] | None, industries: Sequence[str] | None,
              base: str) -> tuple[Employment, pd.Series | None, str]:
    """The employment matrix of the units, the reference totals and the reference label
    (a :class:`~metroscope.messages.Message` whose English text is ``"kind: description"``).

    Raises
    ------
    MissingDataError
        When ``base`` is unknown or cannot be formed (:func:`reference_for`), or propagated
        from :func:`~metroscope.indicators._employment.employment_matrix`.
    UnknownIndicatorError
        When a name in ``industries`` is not a stats indicator of the region.

    Examples
    --------
    >>> emp, ref, why = lq_inputs(region, year=None, level="prefecture", codes=None, industries=None,
    ...                           base="auto")
    >>> emp.matrix.shape, len(ref)
    ((9, 20), 20)
    """
    emp0 = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    ref, used, label = reference_for(region, base=base, year=emp0.year, level=level,
                                     industries=industries)
    if used == "province" and codes is None:
        prov = next(iter(area_provinces(region)))
        inside = set(B.unit_codes(region, level=level, parent=prov))
        keep = [c for c in emp0.matrix.index if c in inside]
        if keep and len(keep) < len(emp0.matrix):
            out = [c for c in emp0.matrix.index if c not in inside]
            emp0 = Employment(emp0.matrix.loc[keep], emp0.year, emp0.indicators,
                              [*emp0.notes, Message("ind_outside_province_left_out",
                                                    province=prov, codes=[str(c) for c in out])])
    return emp0, ref, Message("lq_ref_with_kind", kind=Message(f"lq_kind_{used}"), desc=label)
