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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import MissingDataError
from ..measures import INDUSTRIES, INDUSTRY_KEYS, industry_indicator
from . import _base as B

if TYPE_CHECKING:
    from ..region import Region

PREFIX = "employed_sample_"
REFERENCE = "UNIDO 1979 (similarity); Krugman 1991 (specialisation); Balassa 1965 (RCA); METHODS.md §8"

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
CLUSTER_NOTE = ("the target clusters (new-energy vehicles C36, optoelectronics C39, "
                "pharmaceuticals C27) are divisions of manufacturing; the census reports only "
                "the manufacturing section, so they cannot be told apart in these data")


@dataclass
class Employment:
    """A units × industries matrix of employment (sample counts) and what it came from."""

    matrix: pd.DataFrame
    year: int
    indicators: list[str]
    notes: list[str] = field(default_factory=list)


def _label(indicator: str) -> str:
    return indicator[len(PREFIX):] if indicator.startswith(PREFIX) else indicator


def _industry_indicators(region: Region, industries: Sequence[str] | None) -> list[str]:
    if industries is None:
        present = set(region.stats["indicator"].unique())
        inds = [industry_indicator(k) for k in INDUSTRY_KEYS if industry_indicator(k) in present]
        if not inds:
            msg = (f"Region '{region.name}' has no census employment by industry "
                   "(employed_sample_<industry>); pass industries=[...] naming your columns.")
            raise MissingDataError(msg)
        return inds
    inds = [str(i) for i in industries]
    for i in inds:
        B.require_indicator(region, i)
    return inds


def _complete(x: pd.DataFrame, year: int, strict: bool, default_industries: bool,
              notes: list[str]) -> pd.DataFrame:
    """Leave out units without data, industries missing for some units (default set only),
    units with gaps, and all-zero rows and columns; every step is noted."""
    none = [str(c) for c in x.index[x.isna().all(axis=1)]]
    if none and not strict:
        notes.append(f"no employment by industry in {year} for: {', '.join(none)}")
        x = x.drop(index=none)
    if default_industries:
        gaps = [str(c) for c in x.columns[x.isna().any(axis=0)]]
        if gaps:
            counts = {g: int(x[g].isna().sum()) for g in gaps}
            notes.append("industries missing for some units, left out (not read as 0): "
                         + ", ".join(f"{g} ({n} units)" for g, n in counts.items()))
            x = x.drop(columns=gaps)
    bad = [str(c) for c in x.index[x.isna().any(axis=1)]]
    if bad:
        if strict:
            msg = (f"Employment by industry in {year} is incomplete for {len(bad)} unit(s): "
                   f"{bad[:10]}. Choose another year or leave them out.")
            raise MissingDataError(msg)
        notes.append(f"left out for incomplete employment data in {year}: {', '.join(bad)}")
        x = x.drop(index=bad)
    if x.empty:
        msg = f"No unit has complete employment by industry in {year}."
        raise MissingDataError(msg)
    if (x.to_numpy() < 0).any():
        msg = "Employment counts must be >= 0."
        raise MissingDataError(msg)
    zero = [str(c) for c in x.columns[x.sum(axis=0) == 0]]
    if zero:
        notes.append(f"industries with no employment in these units (dropped): {', '.join(zero)}")
        x = x.drop(columns=zero)
    empty = [str(c) for c in x.index[x.sum(axis=1) == 0]]
    if empty:
        notes.append(f"units with no employment (dropped): {', '.join(empty)}")
        x = x.drop(index=empty)
    return x


def employment_matrix(
    region: Region,
    *,
    year: int | None = None,
    level: str | None = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
) -> Employment:
    """Units × industries employment table (index ``code``, columns industry keys).

    ``industries`` are stats indicator names (default the census ``employed_sample_<key>``
    present). Units with a missing cell are left out (noted) unless ``codes`` names them
    (then it raises); industries with no employment in the set are dropped (noted).
    """
    inds = _industry_indicators(region, industries)
    strict = codes is not None
    cs = B.unit_codes(region, level=level, codes=codes)
    notes: list[str] = []
    if year is None:
        s = region.stats
        sub = s[s["indicator"].isin(inds) & s["code"].isin(cs) & s["value"].notna()]
        if sub.empty:
            msg = f"No employment values for the {len(cs)} selected units."
            raise MissingDataError(msg)
        year = int(sub["year"].max())
    x = B.wide(region, inds, int(year), cs)
    x.columns = [_label(i) for i in inds]
    x = _complete(x, int(year), strict, industries is None, notes)
    x.index.name = "code"
    x.columns.name = "industry"
    return Employment(matrix=x.astype("float64"), year=int(year), indicators=inds, notes=notes)


def lq_array(x: np.ndarray, ref: np.ndarray | None = None) -> np.ndarray:
    """Location quotients (e_ij/e_i)/(E_j/E) of a units × industries array; ``ref`` is the
    reference units' array (default ``x``)."""
    ref = x if ref is None else ref
    col = ref.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (x / x.sum(axis=1, keepdims=True)) / (col / col.sum())[None, :]


def _shares(x: pd.DataFrame) -> pd.DataFrame:
    return x.div(x.sum(axis=1), axis=0)


def _finish(df: pd.DataFrame, name: str, region: Region, emp: Employment, level: str | None,
            params: dict[str, Any] | None = None, notes: list[str] | None = None) -> pd.DataFrame:
    return B.finish(df, indicator=name, region=region, year=emp.year, level=level,
                    measure="employment by industry (census long-form sample; shares only)",
                    parameters={"industries": list(emp.matrix.columns), **(params or {})},
                    sources=B.sources(region, emp.indicators, [emp.year],
                                      list(emp.matrix.index)),
                    notes=[*emp.notes, *(notes or [])], reference=REFERENCE)


def location_quotients(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    reference: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Location quotients (区位熵) of every unit in every industry.

    .. math:: LQ_{ij} = \\frac{e_{ij}/e_i}{E_j/E}

    Parameters
    ----------
    year
        Census year; default the latest with employment by industry.
    level, codes
        The units (default every unit at ``level`` with complete data).
    industries
        Stats indicator names (default the 20 census industries ``employed_sample_*``).
    reference
        Codes of the reference region whose totals give E_j/E; default the units themselves.

    Returns
    -------
    pandas.DataFrame
        Index ``code``, one column per industry key (dimensionless; 1 = the reference share).

    References
    ----------
    METHODS.md §5, §8.
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    x = emp.matrix
    ref_label = "the units themselves"
    ref = x.to_numpy()
    if reference is not None:
        r = employment_matrix(region, year=emp.year, level=None, codes=reference,
                              industries=industries).matrix.reindex(columns=x.columns)
        ref = r.fillna(0).to_numpy()
        ref_label = f"{len(r)} reference units"
    lq = pd.DataFrame(lq_array(x.to_numpy(), ref), index=x.index, columns=x.columns)
    return _finish(lq, "location_quotients", region, emp, level, {"reference": ref_label})


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

    References
    ----------
    Krugman 1991, *Geography and Trade*; METHODS.md §8.
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


def similarity_array(s: np.ndarray) -> np.ndarray:
    """UNIDO structure similarity S_AB = Σ x_A x_B / sqrt(Σ x_A² Σ x_B²) for all row pairs."""
    norm = np.sqrt((s**2).sum(axis=1))
    return (s @ s.T) / np.outer(norm, norm)


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

    References
    ----------
    UNIDO 1979; METHODS.md §8.
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    s = _shares(emp.matrix).to_numpy()
    sim = pd.DataFrame(similarity_array(s), index=emp.matrix.index,
                       columns=pd.Index(emp.matrix.index, name="code_b"))
    return _finish(sim, "similarity_matrix", region, emp, level)


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, k=1)


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

    References
    ----------
    UNIDO 1979; Krugman 1991; METHODS.md §8.
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    s = _shares(emp.matrix).to_numpy()
    a, b = _pairs(len(s))
    sim = similarity_array(s)[a, b]
    kr = np.abs(s[a] - s[b]).sum(axis=1)
    cs = [str(c) for c in emp.matrix.index]
    nm = region.units.loc[cs, "name_zh"].astype(str).to_numpy()
    idx = pd.MultiIndex.from_arrays([np.array(cs)[a], np.array(cs)[b]], names=["unit_a", "unit_b"])
    out = pd.DataFrame({"name_a": nm[a], "name_b": nm[b], "similarity": sim, "krugman": kr,
                        "high_similarity": sim > threshold}, index=idx)
    out = out.sort_values("similarity", ascending=False, kind="mergesort")
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

    References
    ----------
    METHODS.md §8 (LQ; Krugman 1991).
    """
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    x = emp.matrix.to_numpy()
    lq = lq_array(x) > lq_threshold
    s = x / x.sum(axis=1, keepdims=True)
    inds = np.array([str(c) for c in emp.matrix.columns])
    cs = [str(c) for c in emp.matrix.index]
    a, b = _pairs(len(cs))
    rows = []
    for i, j in zip(a, b, strict=True):
        ab, ba, sh = lq[i] & ~lq[j], lq[j] & ~lq[i], lq[i] & lq[j]
        rows.append((cs[i], cs[j], ", ".join(inds[ab]), ", ".join(inds[ba]),
                     int(ab.sum() + ba.sum()), ", ".join(inds[sh]), int(sh.sum()),
                     float(np.abs(s[i] - s[j]).sum())))
    out = pd.DataFrame(rows, columns=["unit_a", "unit_b", "a_strong_b_weak", "b_strong_a_weak",
                                      "n_complementary", "shared_strengths", "n_shared",
                                      "krugman"]).set_index(["unit_a", "unit_b"])
    out = out.sort_values("n_complementary", ascending=False, kind="mergesort")
    return _finish(out, "complementarity", region, emp, level, {"lq_threshold": lq_threshold})


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

    References
    ----------
    Balassa 1965, *The Manchester School* 33(2):99-123; Hidalgo & Hausmann 2009, PNAS.
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
) -> pd.DataFrame:
    """Division-of-labour table: for each member unit, the industries where it is specialised
    (LQ > t), with their density and whether the density is high.

    LQ, RCA, proximity and density are computed over every unit at ``level`` (the reference);
    "high density" means ω_cp at or above the unit's own ``density_quantile`` over industries
    (default its median).

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

    Returns
    -------
    pandas.DataFrame
        Index ``(code, industry)`` (only industries with LQ > t); columns ``name_zh``,
        ``industry_zh``, ``lq``, ``density``, ``high_density`` (with LQ > t: the industries
        to build the unit's role on), ``target_clusters`` (the plan's clusters the census industry contains,
        with the caveat that the census cannot separate them).

    References
    ----------
    Hidalgo et al. 2007, *Science* 317:482-487 (density); METHODS.md §8.
    """
    from .complexity import complexity_arrays

    emp = employment_matrix(region, year=year, level=level, industries=industries)
    cs = [str(c) for c in emp.matrix.index]
    if members is None:
        mem = [c for c in cs if region.units.at[c, "role"] in B.METRO_ROLES]
    else:
        mem = [str(c) for c in members]
        missing = [c for c in mem if c not in cs]
        if missing:
            msg = f"Members without complete employment data at level {level!r}: {missing}."
            raise MissingDataError(msg)
    if not mem:
        msg = "No member units (roles core/member/partial) at this level; pass members=[...]."
        raise MissingDataError(msg)
    res = complexity_arrays(emp.matrix.to_numpy())
    inds = [str(c) for c in emp.matrix.columns]
    dens = pd.DataFrame(res.density, index=cs, columns=inds)
    lq = pd.DataFrame(res.rca, index=cs, columns=inds)
    cut = dens.quantile(density_quantile, axis=1)
    clusters = {}
    for key, zh, div, ind in TARGET_CLUSTERS:
        clusters.setdefault(ind, []).append(f"{key} ({zh}, {div.split()[0]})")
    rows = []
    for c in mem:
        for p in inds:
            if lq.at[c, p] > lq_threshold:
                high = bool(dens.at[c, p] >= cut[c])
                cl = clusters.get(p)
                rows.append((c, p, region.units.at[c, "name_zh"], INDUSTRY_ZH.get(p, p),
                             float(lq.at[c, p]), float(dens.at[c, p]), high,
                             ("; ".join(cl) + " — census cannot separate them") if cl else ""))
    out = pd.DataFrame(rows, columns=["code", "industry", "name_zh", "industry_zh", "lq",
                                      "density", "high_density", "target_clusters"]).set_index(["code", "industry"])
    return _finish(out, "division_of_labour", region, emp, level,
                   {"lq_threshold": lq_threshold, "density_quantile": density_quantile,
                    "members": mem}, [CLUSTER_NOTE])
