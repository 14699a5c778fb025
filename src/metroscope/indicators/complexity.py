"""Economic complexity of units × industries: ECI, PCI, proximity and density.

The method of reflections in its eigenvector form (Hidalgo & Hausmann 2009, PNAS
106(26):10570-10575; Hausmann, Hidalgo et al. 2014, *The Atlas of Economic Complexity*), with the
conventions of the ``ecomplexity`` package (Growth Lab, 0.5.3) so the two agree on the same
input: M_cp = 1 when RCA ≥ 1; ECI is the eigenvector of the second-largest eigenvalue, signed to
correlate positively with diversity and z-scored with ddof = 0; PCI is z-scored with ECI's mean
and standard deviation; proximity φ = min of the two conditional probabilities; density as in
Hidalgo et al. 2007, *Science* 317:482-487.

Difference from ``ecomplexity``: units with zero diversity (industries with zero ubiquity) get
NaN and are left out of the z-scores instead of turning every value to NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..messages import Message
from ._employment import Employment, _finish, employment_matrix, lq_array

if TYPE_CHECKING:
    from ..region import Region

_TOL = 1e-9  # relative tolerance for a tied eigenvalue or a zero correlation

REFERENCE = ("Hidalgo & Hausmann 2009, PNAS 106(26):10570-10575; Hidalgo et al. 2007, "
             "Science 317:482-487; ecomplexity 0.5.3 conventions")


@dataclass
class ComplexityArrays:
    """Results of :func:`complexity_arrays` (units × industries arrays)."""

    rca: np.ndarray
    mcp: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    eci: np.ndarray
    pci: np.ndarray
    proximity: np.ndarray
    density: np.ndarray
    notes: list[str]


def complexity_arrays(x: np.ndarray, *, threshold: float = 1.0) -> ComplexityArrays:
    """ECI, PCI, proximity and density of a units × industries array of non-negative values.

    .. math::

        M_{cp} = [RCA_{cp} \\ge t],\\quad k_{c,0} = \\sum_p M_{cp},\\quad
        k_{p,0} = \\sum_c M_{cp},\\quad
        \\tilde M_{pp'} = \\sum_c \\frac{M_{cp} M_{cp'}}{k_{c,0} k_{p,0}}

        PCI \\propto Q_2(\\tilde M),\\ ECI \\propto M D_c^{-1} Q_2,\\quad
        \\varphi_{pp'} = \\frac{\\sum_c M_{cp} M_{cp'}}{\\max(k_{p,0}, k_{p',0})},\\quad
        \\omega_{cp} = \\frac{\\sum_{p'} M_{cp'} \\varphi_{pp'}}{\\sum_{p'} \\varphi_{pp'}}

    The eigenvector is found from the symmetric matrix D_p^{-1/2} M^T D_c^{-1} M D_p^{-1/2}
    (same spectrum as M̃), so no C × C matrix is formed.

    Raises
    ------
    Nothing of its own; units or industries with no presence get NaN ECI/PCI and a
    repeated or undecidable eigenvector gives NaN with a note (see :func:`complexity_from_mcp`).

    Examples
    --------
    >>> x = np.array([[10.0, 0.0, 5.0], [4.0, 4.0, 0.0], [2.0, 1.0, 1.0]])
    >>> a = complexity_arrays(x)
    >>> a.mcp
    array([[1., 0., 1.],
           [0., 1., 0.],
           [0., 1., 1.]])
    >>> a.diversity, a.ubiquity
    (array([2., 1., 2.]), array([1., 2., 2.]))
    """
    x = np.asarray(x, dtype="float64")
    rca = lq_array(x)
    mcp = np.where(np.nan_to_num(rca) >= threshold, 1.0, 0.0)
    return complexity_from_mcp(mcp, rca=rca)


def complexity_from_mcp(mcp: np.ndarray, *, rca: np.ndarray | None = None) -> ComplexityArrays:
    """ECI, PCI, proximity and density of a given binary presence matrix M (units ×
    industries); see :func:`complexity_arrays` for the formulas.

    Raises
    ------
    Nothing of its own: an undecidable ECI is NaN with a note, never an error.
    ``numpy.linalg.LinAlgError`` only if the eigen-solver does not converge.

    Examples
    --------
    >>> mcp = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    >>> a = complexity_from_mcp(mcp)
    >>> a.eci.round(3), a.pci.round(3)
    (array([ 1.225,  0.   , -1.225]), array([-1.225,  1.225,  3.674]))
    """
    mcp = np.asarray(mcp, dtype="float64")
    rca = mcp if rca is None else rca
    div = mcp.sum(axis=1)
    ubi = mcp.sum(axis=0)
    vc, vp = div > 0, ubi > 0
    m = mcp[vc][:, vp]
    eci = np.full(len(div), math.nan)
    pci = np.full(len(ubi), math.nan)
    notes: list[str] = []
    if m.shape[1] >= 2 and m.shape[0] >= 2:
        dc, dp = div[vc], ubi[vp]
        a = (m / dc[:, None]).T @ m                      # M^T D_c^-1 M  (P x P)
        s = a / np.sqrt(np.outer(dp, dp))
        w, v = np.linalg.eigh((s + s.T) / 2)
        order = np.argsort(w)
        kp = v[:, order[-2]] / np.sqrt(dp)
        kc = (m / dc[:, None]) @ kp
        mu, sd = kc.mean(), kc.std()
        corr = (float(np.corrcoef(dc, kc)[0, 1]) if np.std(kc) > 0 and np.std(dc) > 0
                else 0.0)
        tied = len(w) >= 3 and abs(w[order[-2]] - w[order[-3]]) <= _TOL * max(abs(w[order[-1]]),
                                                                               1.0)
        if tied:
            notes.append(Message("ind_eci_tied"))
        elif sd > 0 and abs(corr) <= _TOL:
            notes.append(Message("ind_eci_unoriented"))
        elif sd > 0:
            sign = 1.0 if corr > 0 else -1.0
            eci[vc] = sign * (kc - mu) / sd
            pci[vp] = sign * (kp - mu) / sd
    co = mcp.T @ mcp
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = co / np.maximum(ubi[:, None], ubi[None, :])
    dens = density_array(mcp, phi)
    return ComplexityArrays(rca=rca, mcp=mcp, diversity=div, ubiquity=ubi, eci=eci, pci=pci,
                            proximity=phi, density=dens, notes=notes)


def density_array(mcp: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Density ω_cp = Σ_p' M_cp' φ_pp' / Σ_p' φ_pp' of units (rows of ``mcp``, units ×
    industries, 0/1) around each industry, for a proximity matrix ``phi`` (industries ×
    industries, symmetric) that may come from other units (e.g. the whole country); NaN
    where an industry has no proximity at all (Hidalgo et al. 2007).

    Raises
    ------
    Nothing of its own; ``ValueError`` from NumPy when ``phi`` is not 2-D or the shapes do
    not match (``phi`` must be industries × industries, the columns of ``mcp``).

    Examples
    --------
    >>> mcp = np.array([[1.0, 0.0], [1.0, 1.0]])
    >>> phi = np.array([[1.0, 0.5], [0.5, 1.0]])
    >>> density_array(mcp, phi).round(3)
    array([[0.667, 0.333],
           [1.   , 1.   ]])
    """
    phi = np.asarray(phi, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.asarray(mcp, dtype="float64") @ (phi / phi.sum(axis=1)[None, :]),
                          dtype="float64")


def opportunity_gain_array(mcp: np.ndarray, phi: np.ndarray, pci: np.ndarray) -> np.ndarray:
    """Complexity outlook gain COG_cp of moving unit c into industry p (Hausmann, Hidalgo et
    al. 2014, *The Atlas of Economic Complexity*, MIT Press, section "Complexity outlook"):

    .. math::

        COG_{cp} = \\sum_{p'} \\frac{\\varphi_{pp'}}{\\sum_{p''} \\varphi_{p''p'}}
                   (1 - M_{cp'})\\, PCI_{p'} \\; - \\; (1 - \\omega_{cp})\\, PCI_p

    the new complexity the move brings within reach (industries p' near p that c lacks,
    weighted by their complexity) less what c gives up by not moving into p; ω is the density
    (:func:`density_array`). ``mcp`` is units × industries (0/1), ``phi`` industries ×
    industries (symmetric, may come from other units, e.g. the whole country), ``pci`` one
    value per industry (NaN counts as 0: an industry present nowhere adds no complexity).
    Result: units × industries, in PCI units (z-scores); NaN where an industry has no
    proximity.

    Raises
    ------
    Nothing of its own; ``ValueError`` from NumPy when the shapes do not match.

    Examples
    --------
    >>> mcp = np.array([[1, 0, 0], [1, 1, 0]])  # 2 units x 3 industries
    >>> phi = np.array([[1.0, 0.5, 0.2], [0.5, 1.0, 0.4], [0.2, 0.4, 1.0]])
    >>> opportunity_gain_array(mcp, phi, np.array([-1.0, 0.5, 1.0])).round(3)
    array([[ 0.668,  0.145, -0.145],
           [ 0.243,  0.145,  0.   ]])
    >>> round(1.0 / 1.9 * 0.5 + 0.4 / 1.6 * 1.0 - (1 - 0.5 / 1.9) * 0.5, 3)  # unit 0, industry 1 by hand
    0.145
    """
    m = np.asarray(mcp, dtype="float64")
    phi = np.asarray(phi, dtype="float64")
    q = np.nan_to_num(np.asarray(pci, dtype="float64"))
    with np.errstate(divide="ignore", invalid="ignore"):
        w = phi / phi.sum(axis=0)[None, :]             # φ_pp' / Σ_p'' φ_p''p'
        # an industry p' without proximity (present nowhere: φ_p'p' = 0 / 0) is out of reach
        # and adds nothing; left as NaN it turned every cell of every unit to NaN
        w = np.where(np.isfinite(w), w, 0.0)
        reach = ((1.0 - m) * q[None, :]) @ w.T          # Σ_p' w_pp' (1 - M_cp') PCI_p'
        dens = density_array(m, phi)
        return np.asarray(reach - (1.0 - dens) * q[None, :], dtype="float64")


def _run(region: Region, year: int | None, level: str, codes: Sequence[str] | None,
         industries: Sequence[str] | None,
         threshold: float) -> tuple[Employment, ComplexityArrays]:
    emp = employment_matrix(region, year=year, level=level, codes=codes, industries=industries)
    return emp, complexity_arrays(emp.matrix.to_numpy(), threshold=threshold)


def economic_complexity(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Economic complexity index (ECI) of each unit from its census employment structure.

    .. math:: ECI_c = \\frac{K_c - \\langle K \\rangle}{\\operatorname{sd}(K)},\\quad
              K_c = \\frac{1}{k_{c,0}} \\sum_p M_{cp} Q_p

    with Q the eigenvector of the second-largest eigenvalue of M̃ (see
    :func:`complexity_arrays`). With few units (Jilin's 9 prefectures) ECI is descriptive only.

    Parameters
    ----------
    threshold
        RCA presence threshold (default 1).
    year, level, codes, industries
        As in :func:`~metroscope.indicators.industry.location_quotients`.

    Returns
    -------
    pandas.DataFrame
        Index ``code``; columns ``diversity`` (k_c,0) and ``eci`` (z-score, ddof = 0).

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    Hidalgo & Hausmann 2009, PNAS 106(26):10570-10575.

    Examples
    --------
    >>> economic_complexity(region).round(3).head(3)
            diversity    eci
    code
    210100       17.0  1.154
    210200       12.0  1.602
    220100        8.0  0.607
    """
    emp, res = _run(region, year, level, codes, industries, threshold)
    out = pd.DataFrame({"diversity": res.diversity, "eci": res.eci}, index=emp.matrix.index)
    return _finish(out, "economic_complexity", region, emp, level, {"threshold": threshold},
                   res.notes, reference=REFERENCE)


def product_complexity(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Product (industry) complexity index (PCI), z-scored with ECI's mean and sd.

    .. math:: PCI_p = \\frac{Q_p - \\langle K \\rangle}{\\operatorname{sd}(K)}

    Returns
    -------
    pandas.DataFrame
        Index ``industry``; columns ``ubiquity`` (k_p,0) and ``pci``.

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    Hidalgo & Hausmann 2009; Hausmann et al. 2014, *The Atlas of Economic Complexity*.

    Examples
    --------
    >>> product_complexity(region).round(3).head(3)
                   ubiquity    pci
    industry
    agriculture         7.0 -1.471
    mining              5.0 -1.352
    manufacturing       2.0  2.043
    """
    emp, res = _run(region, year, level, codes, industries, threshold)
    out = pd.DataFrame({"ubiquity": res.ubiquity, "pci": res.pci},
                       index=pd.Index(emp.matrix.columns, name="industry"))
    return _finish(out, "product_complexity", region, emp, level, {"threshold": threshold},
                   res.notes, reference=REFERENCE)


def proximity(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Proximity between industries: the minimum of the two conditional probabilities of
    co-specialisation.

    .. math:: \\varphi_{pp'} = \\frac{\\sum_c M_{cp} M_{cp'}}{\\max(k_{p,0}, k_{p',0})}

    Returns
    -------
    pandas.DataFrame
        Square, index ``industry`` and columns ``industry_b`` (diagonal 1; NaN for an industry
        present nowhere).

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    Hidalgo et al. 2007, *Science* 317:482-487.

    Examples
    --------
    >>> p = proximity(region)
    >>> p.shape
    (20, 20)
    >>> p.loc[["manufacturing", "finance"], ["manufacturing", "finance"]].round(3)
    industry_b     manufacturing  finance
    industry
    manufacturing            1.0      0.4
    finance                  0.4      1.0
    """
    emp, res = _run(region, year, level, codes, industries, threshold)
    cols = emp.matrix.columns
    out = pd.DataFrame(res.proximity, index=pd.Index(cols, name="industry"),
                       columns=pd.Index(cols, name="industry_b"))
    return _finish(out, "proximity", region, emp, level, {"threshold": threshold},
                   reference=REFERENCE)


def density(
    region: Region,
    *,
    year: int | None = None,
    level: str = "prefecture",
    codes: Sequence[str] | None = None,
    industries: Sequence[str] | None = None,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """Density of each unit around each industry: how much of the industry's related
    capabilities the unit already has.

    .. math:: \\omega_{cp} = \\frac{\\sum_{p'} M_{cp'} \\varphi_{pp'}}{\\sum_{p'} \\varphi_{pp'}}

    Returns
    -------
    pandas.DataFrame
        Index ``code``, one column per industry (0-1).

    Raises
    ------
    MissingDataError, UnknownIndicatorError
        As :func:`~metroscope.indicators._employment.employment_matrix`: no usable census
        employment by industry for the units; a name in ``industries`` that is not a statistic.

    References
    ----------
    Hidalgo et al. 2007, *Science* 317:482-487.

    Examples
    --------
    >>> density(region).loc[["220100", "220200"], ["manufacturing", "finance"]].round(3)
    industry  manufacturing  finance
    code
    220100            0.319    0.478
    220200            0.065    0.215
    """
    emp, res = _run(region, year, level, codes, industries, threshold)
    out = pd.DataFrame(res.density, index=emp.matrix.index, columns=emp.matrix.columns)
    return _finish(out, "density", region, emp, level, {"threshold": threshold},
                   reference=REFERENCE)
