"""Industrial structure of units × census industries: location quotients, Krugman
specialisation, structure similarity, complementarity, revealed comparative advantage and the
division-of-labour table.

Census employment by industry (``employed_sample_<industry>``) is a long-form *sample* count:
every measure here uses shares only, so the sampling rate cancels. References: UNIDO (1979) for
the similarity coefficient; Krugman (1991) *Geography and Trade*; Balassa (1965) for RCA;
METHODS.md §5, §8.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._errors import MissingDataError, shorten
from ..measures import INDUSTRIES
from ..messages import Message
from . import _base as B
from ._employment import Employment, _finish, employment_matrix, lq_array
from .similarity import complementarity, duplication_table, similarity_matrix

if TYPE_CHECKING:
    from ..region import Region

__all__ = [
    "CLUSTER_NOTE",
    "TARGET_CLUSTERS",
    "Employment",
    "complementarity",
    "division_of_labour",
    "duplication_table",
    "employment_matrix",
    "krugman_specialisation",
    "location_quotients",
    "lq_array",
    "revealed_comparative_advantage",
    "similarity_matrix",
    "target_clusters",
]

INDUSTRY_ZH: dict[str, str] = {k: zh for k, zh, _ in INDUSTRIES}

#: The plan's target clusters and the census industry that contains them. The census reports
#: only the 20 sections of GB/T 4754-2017; all three clusters are divisions of manufacturing.
TARGET_CLUSTERS: tuple[tuple[str, str, str, str], ...] = (
    ("new_energy_vehicles", "新能源汽车", "C36 汽车制造业 (incl. 3612 新能源车整车制造)",
     "manufacturing"),
    ("optoelectronics", "光电信息", "C39 计算机、通信和其他电子设备制造业 (incl. 397 电子器件制造)",
     "manufacturing"),
    ("pharmaceuticals", "医药健康", "C27 医药制造业", "manufacturing"),
)
CLUSTER_NOTE = Message("ind_clusters_in_manufacturing")


def location_quotients(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    reference: Sequence[str] | None = None,
    base: str = "auto",
) -> pd.DataFrame:
    """Location quotients (区位熵) of every unit in every industry.

    .. math:: LQ_{ij} = \\frac{e_{ij}/e_i}{E_j/E}

    Parameters
    ----------
    year
        Census year; default the latest with employment by industry.
    level, codes
        The units (default every unit at ``level`` with complete data; with the province as
        base, the province's units).
    industries
        Stats indicator names (default the 20 census industries ``employed_sample_*``).
    reference
        Codes of the reference region whose totals give E_j/E (overrides ``base``).
    base
        The comparison base when ``reference`` is not given (see
        :func:`.lq_evidence.reference_for`): ``auto`` (default: the province of a provincial
        metropolitan area, else the nation), ``province``, ``nation`` or ``units`` (the units
        themselves). The base used is in the provenance parameter ``reference``.

    Returns
    -------
    pandas.DataFrame
        Index ``code``, one column per industry key (dimensionless; 1 = the reference share).
        Sample sizes, intervals and reliability flags of the same cells:
        :func:`.lq_evidence.lq_evidence`; the provenance notes count the unreliable cells.

    Raises
    ------
    MissingDataError
        When ``base`` is unknown or cannot be formed (see :func:`.lq_evidence.reference_for`),
        or propagated from :func:`~metroscope.indicators._employment.employment_matrix` for the
        units or the ``reference`` codes (unknown codes, no usable employment).
    UnknownIndicatorError
        When a name in ``industries`` is not a stats indicator of the region.

    References
    ----------
    METHODS.md §5, §8; Moineddin et al. 2003 for the intervals.

    Examples
    --------
    >>> location_quotients(region).loc[["220100", "220200"], ["manufacturing", "finance"]].round(3)
    industry  manufacturing  finance
    code
    220100            1.275    1.158
    220200            1.086    0.951
    """
    from .lq_evidence import MIN_SAMPLE_PERSONS, evidence_table, lq_inputs

    notes: list[str] = []
    absent: list[str] = []
    ref_totals: pd.Series | None
    if reference is not None:
        emp = employment_matrix(region, year=year, level=level, codes=codes,
                                industries=industries)
        x = emp.matrix
        ref_emp = employment_matrix(region, year=emp.year, level=None, codes=reference,
                                    industries=industries)
        r = ref_emp.matrix.reindex(columns=x.columns)
        absent = [str(c) for c in r.columns[r.isna().all()]]
        notes += [Message("lq_ref_note", note=n) for n in ref_emp.notes]
        ref_totals = r.fillna(0).sum(axis=0)  # cells a unit lacks are 0
        ref_label: str = Message("lq_ref_codes", n=len(r))
    else:
        emp, ref_totals, ref_label = lq_inputs(region, year=year, level=level, codes=codes,
                                               industries=industries, base=base)
        x = emp.matrix
        if ref_totals is not None:
            absent = [str(c) for c in x.columns if pd.isna(ref_totals.get(c))]
            ref_totals = ref_totals.reindex(x.columns).fillna(0)
    if absent:
        notes.append(Message("lq_ref_industries_missing", industries=absent))
    ref = x.to_numpy() if ref_totals is None else ref_totals.to_numpy(dtype="float64")[None, :]
    lq = pd.DataFrame(lq_array(x.to_numpy(), ref), index=x.index, columns=x.columns)
    if absent:
        lq[absent] = np.nan
    ev = evidence_table(emp, None if ref_totals is None else ref_totals)
    weak = ev[~ev["reliable"] & ev["lq"].notna()]
    notes.append(Message("ind_lqs_unreliable", n_weak=len(weak), n=len(ev),
                         min_n=MIN_SAMPLE_PERSONS))
    return _finish(lq, "location_quotients", region, emp, level, {"reference": ref_label},
                   notes=notes)


def krugman_specialisation(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Krugman specialisation index of each unit against the rest of the set.

    .. math:: K_i = \\sum_k |s_{ik} - s_{(-i)k}|,\\quad 0 \\le K_i \\le 2

    where s_(−i) are the industry shares of all the other units pooled.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``krugman_vs_rest`` and ``top_industry`` (largest LQ).

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    Krugman 1991, *Geography and Trade*; METHODS.md §8.

    Examples
    --------
    >>> krugman_specialisation(region).round(3).head(3)
            krugman_vs_rest   top_industry
    code
    210100            0.299  international
    210200            0.394  international
    220100            0.115       research
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    x = emp.matrix.to_numpy()
    s = x / x.sum(axis=1, keepdims=True)
    rest = x.sum(axis=0)[None, :] - x
    with np.errstate(divide="ignore", invalid="ignore"):
        sr = rest / rest.sum(axis=1, keepdims=True)
    k = np.abs(s - sr).sum(axis=1)
    lq = lq_array(x)
    out = pd.DataFrame({"krugman_vs_rest": k,
                        "top_industry": emp.matrix.columns.to_numpy()[np.nanargmax(lq, axis=1)]},
                       index=emp.matrix.index)
    return _finish(out, "krugman_specialisation", region, emp, level)


def revealed_comparative_advantage(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Balassa revealed comparative advantage of each unit in each industry and the binary
    presence matrix M used by economic complexity.

    .. math:: RCA_{cp} = \\frac{X_{cp}/\\sum_p X_{cp}}{\\sum_c X_{cp}/\\sum_{cp} X_{cp}},\\quad
              M_{cp} = [RCA_{cp} \\ge t]

    On employment this is the same number as the location quotient; the presence rule
    (RCA ≥ 1) is the one of Hidalgo & Hausmann and of the ``ecomplexity`` package.

    Returns
    -------
    pandas.DataFrame
        Index ``(code, industry)``; columns ``rca`` and ``mcp`` (0/1).

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    Balassa 1965, *The Manchester School* 33(2):99-123; Hidalgo & Hausmann 2009, PNAS.

    Examples
    --------
    >>> rca = revealed_comparative_advantage(region)
    >>> rca.loc["220100"].sort_values("rca", ascending=False).round(3).head(3)
                 rca  mcp
    industry
    research   1.211    1
    education  1.176    1
    culture    1.159    1
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    rca = pd.DataFrame(lq_array(emp.matrix.to_numpy()), index=emp.matrix.index,
                       columns=emp.matrix.columns)
    long = rca.stack().rename("rca").to_frame()
    long["mcp"] = (long["rca"] >= threshold).astype("int64")
    return _finish(long, "revealed_comparative_advantage", region, emp, level,
                   {"threshold": threshold})


def target_clusters(region: Region | None = None) -> pd.DataFrame:
    """The plan's target clusters mapped to the closest census industry, with the caveat.

    ``region`` is accepted (and ignored) so the function runs like every other indicator.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster``; columns ``name_zh``, ``gb_t_4754_division``, ``census_industry``,
        ``note``.

    Raises
    ------
    Nothing; the table is a constant of this module.

    Examples
    --------
    >>> target_clusters()[["census_industry"]]
                        census_industry
    cluster
    new_energy_vehicles   manufacturing
    optoelectronics       manufacturing
    pharmaceuticals       manufacturing
    """
    df = pd.DataFrame(TARGET_CLUSTERS, columns=["cluster", "name_zh", "gb_t_4754_division",
                                                "census_industry"]).set_index("cluster")
    df["note"] = CLUSTER_NOTE
    return B.finish(df, indicator="target_clusters", region=region, notes=[CLUSTER_NOTE],
                    reference="GB/T 4754-2017 国民经济行业分类")


def division_of_labour(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    members: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    lq_threshold: float = 1.0,
    density_quantile: float = 0.5,
    base: str = "auto",
    min_sample: int | None = None,
) -> pd.DataFrame:
    """Division-of-labour table: for each member unit, the industries where it looks
    specialised (LQ > t), ranked by the strength of the evidence, with their density.

    LQs are taken against the comparison ``base`` (default: the province of a provincial
    metropolitan area) with their 95 % interval and sample size
    (:mod:`.lq_evidence`); RCA, proximity and density over the compared units. "High density"
    means ω_cp at or above the unit's own ``density_quantile`` over industries (default its
    median). A row is ``recommended`` only when the evidence is sufficient (at least
    ``min_sample`` sampled persons and the interval's lower bound above t) and the density is
    high; otherwise ``evidence`` says "insufficient evidence" and why.

    .. math:: LQ_{cp} > t,\\qquad \\omega_{cp} = \\frac{\\sum_{p'} M_{cp'} \\varphi_{pp'}}
              {\\sum_{p'} \\varphi_{pp'}} \\ge Q_{q}(\\omega_{c\\cdot})

    Parameters
    ----------
    members
        Units to list; default the units with role core, member or partial.
    lq_threshold
        Specialisation threshold t (default 1).
    density_quantile
        Quantile of the unit's densities above which density counts as high (0-1).
    base, min_sample
        Comparison base and minimum sample (see :func:`.lq_evidence.lq_evidence`; default
        30 sampled persons).

    Returns
    -------
    pandas.DataFrame
        Index ``(code, industry)`` (only industries with LQ > t), rows of each unit ranked by
        evidence (sufficient first, then by the interval's lower bound); columns ``name_zh``,
        ``industry_zh``, ``lq``, ``ci_low``, ``ci_high``, ``sample_persons``, ``evidence``
        (``sufficient`` or ``insufficient evidence: <reason>``), ``density``,
        ``high_density``, ``recommended`` (sufficient evidence and high density: the
        industries to build the unit's role on), ``target_clusters`` (the plan's clusters
        the census industry contains, with the caveat that the census cannot separate them).

    Raises
    ------
    MissingDataError
        When an explicit member lacks complete employment data at level, there is no
        member unit, base is unknown or cannot be formed, or propagated from
        :func:`~metroscope.indicators._employment.employment_matrix` (no usable employment).
    UnknownIndicatorError
        When a name in ``industries`` is not a stats indicator of the region.

    References
    ----------
    Hidalgo et al. 2007, *Science* 317:482-487 (density); Moineddin et al. 2003 (LQ
    interval); METHODS.md §8.

    Examples
    --------
    >>> d = division_of_labour(region)
    >>> d.shape
    (24, 11)
    >>> d.loc["220100", ["lq", "evidence"]].round(2).head(3)
                   lq    evidence
    industry
    research     1.64  sufficient
    real_estate  1.40  sufficient
    information  1.40  sufficient
    """
    from .complexity import complexity_arrays
    from .lq_evidence import MIN_SAMPLE_PERSONS, evidence_table, lq_inputs

    min_n = MIN_SAMPLE_PERSONS if min_sample is None else int(min_sample)
    emp, ref, ref_label = lq_inputs(region, year=year, level=level, codes=None,
                                    industries=industries, base=base)
    cs = [str(c) for c in emp.matrix.index]
    if members is None:
        mem = [c for c in cs if region.units.at[c, "role"] in B.METRO_ROLES]
    else:
        mem = [str(c) for c in members]
        missing = [c for c in mem if c not in cs]
        if missing:
            msg = Message("err_members_incomplete", level=repr(level), codes=shorten(missing))
            raise MissingDataError(msg)
    if not mem:
        msg = Message("err_no_member_units")
        raise MissingDataError(msg)
    res = complexity_arrays(emp.matrix.to_numpy())
    inds = [str(c) for c in emp.matrix.columns]
    dens = pd.DataFrame(res.density, index=cs, columns=inds)
    ev = evidence_table(emp, ref, min_n)
    cut = dens.quantile(density_quantile, axis=1)
    clusters: dict[str, list[dict[str, str]]] = {}
    for key, zh, div, ind in TARGET_CLUSTERS:  # named in each language, not by their keys
        code = div.split()[0]
        clusters.setdefault(ind, []).append({"zh": f"{zh} {code}",
                                             "en": f"{key.replace('_', ' ')} {code}"})
    rows = []
    for c in mem:
        for p in inds:
            e = ev.loc[(c, p)]
            if not (e["lq"] > lq_threshold):
                continue
            high = bool(dens.at[c, p] >= cut[c])
            strong = bool(e["sample_persons"] >= min_n and e["ci_low"] > lq_threshold)
            # catalogue messages (each a str of its English text: "sufficient" compares)
            if strong:
                verdict = Message("ind_evidence_sufficient")
            elif e["sample_persons"] < min_n:
                verdict = Message("ind_evidence_few", n=int(e["sample_persons"]), min_n=min_n)
            else:
                verdict = Message("ind_evidence_interval", low=f"{e['ci_low']:.2f}",
                                  high=f"{e['ci_high']:.2f}", threshold=f"{lq_threshold:g}")
            cl = clusters.get(p)
            rows.append((c, p, region.units.at[c, "name_zh"], INDUSTRY_ZH.get(p, p),
                         float(e["lq"]), float(e["ci_low"]), float(e["ci_high"]),
                         float(e["sample_persons"]), verdict, float(dens.at[c, p]), high,
                         strong and high,
                         Message("ind_clusters_inseparable", clusters=list(cl)) if cl else ""))
    cols = ["code", "industry", "name_zh", "industry_zh", "lq", "ci_low", "ci_high",
            "sample_persons", "evidence", "density", "high_density", "recommended",
            "target_clusters"]
    out = pd.DataFrame(rows, columns=cols)
    # kept as objects: pandas would store plain str and lose the messages' Chinese text
    out["target_clusters"] = pd.Series([r[-1] for r in rows], index=out.index, dtype="object")
    out["evidence"] = pd.Series([r[8] for r in rows], index=out.index, dtype="object")
    if not out.empty:
        order = {c: i for i, c in enumerate(mem)}
        out = out.assign(_u=out["code"].map(order), _s=out["evidence"] != "sufficient")
        out = out.sort_values(["_u", "_s", "ci_low"], ascending=[True, True, False],
                              kind="mergesort").drop(columns=["_u", "_s"])
    out = out.set_index(["code", "industry"])
    n_weak = int((out["evidence"] != "sufficient").sum()) if len(out) else 0
    return _finish(out, "division_of_labour", region, emp, level,
                   {"lq_threshold": lq_threshold, "density_quantile": density_quantile,
                    "members": mem, "reference": ref_label, "min_sample_persons": min_n},
                   [CLUSTER_NOTE, Message("ind_rows_insufficient", n_weak=n_weak, n=len(out),
                                          min_n=min_n, threshold=f"{lq_threshold:g}")])
