"""Urban flow intensity (城市流强度) from location quotients of outward-oriented sectors.

References: 朱英明, 于念文 (2002) 城市规划汇刊; 柯文前 et al. (2014) 地理科学 34(11):1305-1312;
陈昌浩, 吕萍 (2022) (Harbin-Changchun); METHODS.md §5. Re-exported by :mod:`.spillover`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, shorten
from ..messages import Message
from . import _base as B
from ._employment import _finish, employment_matrix, lq_array

if TYPE_CHECKING:
    from ..region import Region

#: The usual outward-oriented (export-base) service sectors of the literature, as census keys.
OUTWARD_SECTORS: tuple[str, ...] = (
    "transport", "information", "wholesale_retail", "hospitality", "finance", "real_estate",
    "business_services", "research",
)


def urban_flow_intensity(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    sectors: Sequence[str] = OUTWARD_SECTORS,
) -> pd.DataFrame:
    """Urban flow intensity F_i and tendency K_i of each unit.

    .. math::

        LQ_{ij} = \\frac{e_{ij}/e_i}{E_j/E},\\quad
        E_{ij} = \\begin{cases} e_{ij} - e_i E_j/E & LQ_{ij} > 1\\\\ 0 & \\text{else}\\end{cases},
        \\quad K_i = \\frac{\\sum_j E_{ij}}{e_i},\\quad F_i = N_i E_i = GDP_i\\,K_i

    with N_i = GDP_i/e_i. The census counts are a long-form sample, so e_ij and E_ij are
    sample counts; K_i is a ratio of sample counts (the sampling rate cancels) and
    F_i = GDP_i · K_i is in 亿元. N_i itself needs employment levels and is not reported.
    The reference totals E_j/E are those of the units analysed (all units at ``level``).

    Parameters
    ----------
    year
        Census year of the employment (default the latest); GDP is taken from the same year.
    level, codes
        The units; counties have no GDP, so there F_i is NaN (K_i is still given).
    sectors
        Census industry keys counted as outward-oriented (default :data:`OUTWARD_SECTORS`).

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``name_zh``, ``name_en``, ``role``, ``outward_sectors``
        (sectors with LQ > 1), ``outward_employment_share`` (K_i, = E_i/e_i),
        ``gdp`` (亿元, same year), ``flow_intensity`` (F_i, 亿元), ``tendency`` (K_i = F_i/GDP_i),
        and one ``lq_<sector>`` column per sector. Sorted by ``flow_intensity``.

    Raises
    ------
    MissingDataError
        When an explicit sector is unknown or empty, no outward sector has employment data,
        or propagated from :func:`employment_matrix` (no usable employment for the units).
    UnknownIndicatorError
        Propagated from :func:`employment_matrix`.

    References
    ----------
    朱英明, 于念文 2002; 柯文前 et al. 2014, 地理科学 34(11):1305-1312; METHODS.md §5.

    Examples
    --------
    >>> f = urban_flow_intensity(region)
    >>> f.loc[["220100", "220200"], ["flow_intensity", "tendency"]].round(3)
            flow_intensity  tendency
    code
    220100          24.608     0.004
    220200           0.000     0.000
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes)
    x = emp.matrix
    notes: list[str] = []
    unknown = [s for s in sectors if s not in x.columns]
    if unknown and tuple(sectors) == OUTWARD_SECTORS:
        notes.append(Message("ind_flow_default_sectors_absent", sectors=unknown))
        sectors = [s for s in sectors if s in x.columns]
    elif unknown:
        msg = Message("err_unknown_sectors", got=shorten(unknown),
                      allowed=[str(c) for c in x.columns])
        raise MissingDataError(msg)
    if not sectors:
        msg = Message("err_no_outward_sectors", allowed=repr(list(x.columns)))
        raise MissingDataError(msg)
    arr = x.to_numpy()
    lq = lq_array(arr)
    e_i = arr.sum(axis=1, keepdims=True)
    share = arr.sum(axis=0) / arr.sum()
    outward = np.where(lq > 1, arr - e_i * share[None, :], 0.0)
    sel = [list(x.columns).index(s) for s in sectors]
    k = outward[:, sel].sum(axis=1) / e_i[:, 0]
    cs = [str(c) for c in x.index]
    if B.has_indicator(region, "gdp"):
        gdp = B.values(region, "gdp", emp.year, cs)
    else:
        gdp = pd.Series(np.nan, index=pd.Index(cs, name="code"))
    if gdp.isna().any():
        notes.append(Message("ind_flow_no_gdp", year=emp.year, n=int(gdp.isna().sum())))
    out = B.names(region, cs)
    names_sel = np.array(sectors)
    out["outward_sectors"] = [", ".join(names_sel[lq[i, sel] > 1]) for i in range(len(cs))]
    out["outward_employment_share"] = k
    out["gdp"] = gdp.to_numpy()
    out["flow_intensity"] = out["gdp"] * k
    out["tendency"] = k
    for j, s in zip(sel, sectors, strict=True):
        out[f"lq_{s}"] = lq[:, j]
    out = out.sort_values("flow_intensity", ascending=False, kind="mergesort", na_position="last")
    res = _finish(out, "urban_flow_intensity", region, emp, level,
                  {"sectors": list(sectors), "reference": "the units analysed"}, notes)
    meta = res.attrs["metroscope"]
    meta["sources"] = sorted({*meta["sources"],
                              *B.sources(region, ["gdp"], [emp.year], cs)})
    return res
