"""Economic complexity solved on paper: a 3 × 3 case whose second eigenvalue and eigenvector
are found in closed form, the RCA table and thresholds, units and industries with no presence,
the two undecidable cases, density and the complexity outlook gain written as plain loops, and
the Region wrappers' labels and provenance."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from _indicator_fixtures import employment_region
from metroscope.indicators.complexity import (
    REFERENCE,
    complexity_arrays,
    complexity_from_mcp,
    density,
    density_array,
    economic_complexity,
    opportunity_gain_array,
    product_complexity,
    proximity,
)

# units a, b, c × industries agriculture, manufacturing, finance
X = [[10.0, 0.0, 5.0], [4.0, 4.0, 0.0], [2.0, 1.0, 1.0]]
KEYS = ("agriculture", "manufacturing", "finance")  # the census order of the columns
# RCA = (x_cp / x_c.) / (x_.p / x..) with row sums 15, 8, 4, column sums 16, 5, 6, total 27
RCA = [[(10 / 15) / (16 / 27), 0.0, (5 / 15) / (6 / 27)],
       [(4 / 8) / (16 / 27), (4 / 8) / (5 / 27), 0.0],
       [(2 / 4) / (16 / 27), (1 / 4) / (5 / 27), (1 / 4) / (6 / 27)]]
M = [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 1.0, 1.0]]  # RCA >= 1 (1.125 counts)

# M~ = [[1/2, 0, 1/2], [0, 3/4, 1/4], [1/4, 1/4, 1/2]]: trace 7/4, determinant 1/16, so the
# eigenvalues are 1 and (3 ± √5)/8. For λ2 = (3 + √5)/8, (M~ - λ2 I) Q = 0 gives
# Q = (1, -(√5 + 1)/4, (√5 - 1)/4); K_c = mean of Q over c's industries. K correlates
# positively with diversity (2, 1, 2), so no sign flip.
R5 = math.sqrt(5)
Q = [1.0, -(R5 + 1) / 4, (R5 - 1) / 4]
K = [(Q[0] + Q[2]) / 2, Q[1], (Q[1] + Q[2]) / 2]
K_MEAN = sum(K) / 3
K_SD = math.sqrt(sum((k - K_MEAN) ** 2 for k in K) / 3)
ECI = [(k - K_MEAN) / K_SD for k in K]
PCI = [(q - K_MEAN) / K_SD for q in Q]
# φ = co-occurrence / max ubiquity: ubiquity (1, 2, 2); pairs (0,2) and (1,2) share one unit
PHI = [[1.0, 0.0, 0.5], [0.0, 1.0, 0.5], [0.5, 0.5, 1.0]]


def density_by_hand(m: list[list[float]], phi: list[list[float]]) -> list[list[float]]:
    n_p = len(phi)
    return [[sum(row[q] * phi[p][q] for q in range(n_p)) / sum(phi[p][q] for q in range(n_p))
             for p in range(n_p)] for row in m]


def cog_by_hand(m: list[list[float]], phi: list[list[float]],
                pci: list[float]) -> list[list[float]]:
    """COG_cp; an industry j without any proximity (column sum 0) is out of reach (no term),
    and the cells of such an industry p are NaN (no density)."""
    n_p = len(phi)
    q = [0.0 if math.isnan(v) else v for v in pci]
    col = [sum(phi[k][j] for k in range(n_p)) for j in range(n_p)]
    out = []
    for row in m:
        cells = []
        for p in range(n_p):
            if sum(phi[p]) == 0:
                cells.append(math.nan)
                continue
            dens = sum(row[j] * phi[p][j] for j in range(n_p)) / sum(phi[p])
            reach = sum(phi[p][j] / col[j] * (1 - row[j]) * q[j] for j in range(n_p)
                        if col[j] > 0)
            cells.append(reach - (1 - dens) * q[p])
        out.append(cells)
    return out


def test_three_by_three_solved_in_closed_form() -> None:
    r = complexity_arrays(np.array(X))
    np.testing.assert_allclose(r.rca, RCA, rtol=1e-14)
    np.testing.assert_array_equal(r.mcp, M)
    np.testing.assert_array_equal(r.diversity, [2, 1, 2])
    np.testing.assert_array_equal(r.ubiquity, [1, 2, 2])
    np.testing.assert_allclose(r.eci, ECI, rtol=1e-12)
    np.testing.assert_allclose(r.pci, PCI, rtol=1e-12)
    np.testing.assert_allclose(r.proximity, PHI, rtol=1e-15)
    np.testing.assert_allclose(r.density, [[1, 1 / 3, 0.75], [0, 2 / 3, 0.25],
                                           [1 / 3, 1, 0.75]], rtol=1e-14)
    np.testing.assert_allclose(r.density, density_by_hand(M, PHI), rtol=1e-14)
    assert r.notes == []


def test_rca_exactly_at_the_threshold_counts() -> None:
    np.testing.assert_array_equal(complexity_arrays(np.array(X), threshold=1.125).mcp, M)
    high = complexity_arrays(np.array(X), threshold=1.2)
    np.testing.assert_array_equal(high.mcp, [[0, 0, 1], [0, 1, 0], [0, 1, 0]])
    np.testing.assert_allclose(high.rca, RCA, rtol=1e-14)  # the threshold changes M only
    even = complexity_arrays(np.ones((2, 2)))  # every RCA is exactly 1
    np.testing.assert_array_equal(even.mcp, np.ones((2, 2)))
    # both units alike: K is constant (sd 0), so ECI is NaN, and there is nothing to orient
    assert np.isnan(even.eci).all() and even.notes == []


def test_given_mcp_is_its_own_rca_and_accepts_integers() -> None:
    r = complexity_from_mcp(np.array(M, dtype=int))
    np.testing.assert_array_equal(r.rca, M)
    for arr in (r.mcp, r.rca, r.diversity, r.ubiquity, r.proximity, r.density):
        assert arr.dtype == np.float64
    np.testing.assert_allclose(r.eci, ECI, rtol=1e-12)
    rca = np.array(RCA)
    assert complexity_from_mcp(np.array(M), rca=rca).rca is rca


def test_units_and_industries_with_no_presence_are_nan_and_left_out() -> None:
    # an empty unit (zero employment: RCA 0/0) and an industry nobody has
    x = np.zeros((4, 4))
    x[:3, :3] = X
    r = complexity_arrays(x)
    assert np.isnan(r.rca[3]).all() and np.isnan(r.rca[:, 3]).all()
    np.testing.assert_array_equal(r.mcp[:3, :3], M)
    assert r.mcp[3].sum() == 0 and r.mcp[:, 3].sum() == 0
    np.testing.assert_allclose(r.eci[:3], ECI, rtol=1e-12)
    np.testing.assert_allclose(r.pci[:3], PCI, rtol=1e-12)
    assert math.isnan(r.eci[3]) and math.isnan(r.pci[3])
    np.testing.assert_allclose(r.proximity[:3, :3], PHI, rtol=1e-15)
    np.testing.assert_array_equal(r.proximity[3, :3], 0.0)
    assert math.isnan(r.proximity[3, 3])  # 0 / 0: present nowhere
    np.testing.assert_allclose(r.density[:3, :3], density_by_hand(M, PHI), rtol=1e-14)
    np.testing.assert_array_equal(r.density[3, :3], 0.0)
    assert np.isnan(r.density[:, 3]).all()


def test_too_few_units_or_industries_give_nan_without_a_note() -> None:
    one_unit = complexity_from_mcp(np.array([[1.0, 1.0, 1.0]]))
    assert math.isnan(one_unit.eci[0]) and np.isnan(one_unit.pci).all()
    assert one_unit.notes == []
    one_industry = complexity_from_mcp(np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]]))
    assert np.isnan(one_industry.eci).all() and np.isnan(one_industry.pci).all()
    assert one_industry.notes == []
    np.testing.assert_array_equal(one_industry.diversity, [1, 1, 1])
    # two units, two industries: computed (the smallest case)
    two = complexity_from_mcp(np.array([[1.0, 1.0], [1.0, 0.0]]))
    np.testing.assert_allclose(two.eci, [1.0, -1.0], rtol=1e-12)


TIED = ("ECI undefined: the second-largest eigenvalue is repeated, so the eigenvector (and every "
        "unit's ECI) depends on the order of the rows and columns; NaN is returned (as "
        "ecomplexity does)")
UNORIENTED = ("ECI sign undetermined: the eigenvector is uncorrelated with diversity (e.g. blocks "
              "of units with mirrored specialisations), so the convention cannot orient it; NaN "
              "is returned (as ecomplexity does)")


def test_repeated_second_eigenvalue_is_nan_with_its_note() -> None:
    # three units, each alone in one industry: M~ = I, eigenvalue 1 three times
    r = complexity_from_mcp(np.eye(3))
    assert np.isnan(r.eci).all() and np.isnan(r.pci).all()
    assert r.notes == [TIED]
    assert r.notes[0].zh.startswith("经济复杂度指数无定义:第二大特征值重复")
    np.testing.assert_array_equal(r.proximity, np.eye(3))
    # a 4-cycle (each unit has two neighbouring industries): eigenvalues 1, 1/2, 1/2, 0
    cycle = complexity_from_mcp(np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1],
                                          [1, 0, 0, 1]], dtype=float))
    assert cycle.notes == [TIED] and np.isnan(cycle.eci).all()
    # a triangle (each unit has two of three industries): M~ = [[1/2, 1/4, 1/4], ...] has
    # eigenvalues 1, 1/4, 1/4: the second and third are equal, the first is not
    tri = complexity_from_mcp(np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=float))
    assert tri.notes == [TIED] and np.isnan(tri.eci).all()


def test_eigenvector_uncorrelated_with_diversity_is_nan_with_its_note() -> None:
    # mirrored: swapping industries 0 <-> 2 and units (0, 1), (2, 3) maps M onto itself, and
    # the second eigenvector changes sign under it: K is odd, diversity (2, 2, 1, 1) even
    mirrored = complexity_from_mcp(np.array([[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 1]],
                                            dtype=float))
    assert mirrored.notes == [UNORIENTED] and np.isnan(mirrored.eci).all()
    assert np.isnan(mirrored.pci).all()
    # every unit equally diverse: no correlation can orient the eigenvector
    flat = complexity_from_mcp(np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 0]],
                                        dtype=float))
    assert flat.notes == [UNORIENTED] and np.isnan(flat.eci).all()


def test_density_array_with_a_proximity_from_elsewhere() -> None:
    phi = [[1.0, 0.2, 0.6], [0.2, 1.0, 0.3], [0.6, 0.3, 1.0]]
    m = [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0], [1, 1, 1.0], [0.0, 0.0, 0.0]]
    np.testing.assert_allclose(density_array(np.array(m), np.array(phi)),
                               density_by_hand(m, phi), rtol=1e-14)
    # an industry without any proximity (a zero row and column): its column is NaN, quietly
    lone = [[1.0, 0.2, 0.0], [0.2, 1.0, 0.0], [0.0, 0.0, 0.0]]
    got = density_array(np.array(m), np.array(lone))
    assert np.isnan(got[:, 2]).all()
    np.testing.assert_allclose(got[:, :2], density_by_hand([r[:2] for r in m],
                                                           [r[:2] for r in lone[:2]]),
                               rtol=1e-14)
    # integer presence and a proximity given as a list of lists
    got = density_array(np.array(m, dtype=int), phi)  # type: ignore[arg-type]
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, density_by_hand(m, phi), rtol=1e-14)


def test_opportunity_gain_by_hand() -> None:
    phi = [[1.0, 0.2, 0.6], [0.2, 1.0, 0.3], [0.6, 0.3, 1.0]]
    m = [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
    pci = [-0.5, 1.5, float("nan")]  # NaN: present nowhere, adds no complexity
    got = opportunity_gain_array(np.array(m, dtype=int), np.array(phi), np.array(pci))
    np.testing.assert_allclose(got, cog_by_hand(m, phi, pci), rtol=1e-13, atol=1e-15)
    assert got.dtype == np.float64
    # an industry present nowhere (its proximity 0 / 0 = NaN, as complexity_from_mcp gives):
    # its column is NaN, quietly, and the other industries' gains do not change
    absent = complexity_from_mcp(np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0],
                                           [0.0, 1.0, 0.0]]))
    phi0 = absent.proximity
    assert math.isnan(phi0[2, 2])
    got0 = opportunity_gain_array(np.array(m), phi0, np.array([1.0, 2.0, 3.0]))
    assert np.isnan(got0[:, 2]).all()
    hand = cog_by_hand(m, [[0.0 if math.isnan(v) else v for v in r] for r in phi0.tolist()],
                       [1.0, 2.0, 3.0])
    np.testing.assert_allclose(got0, hand, rtol=1e-14)
    # a proximity given with a zero row and column (0 on the diagonal): the same, quietly
    zero = np.where(np.isnan(phi0), 0.0, phi0)
    np.testing.assert_array_equal(opportunity_gain_array(np.array(m), zero,
                                                         np.array([1.0, 2.0, 3.0])), got0)
    np.testing.assert_allclose(got0[:, :2], cog_by_hand([r[:2] for r in m],
                                                        phi0[:2, :2].tolist(), [1.0, 2.0]),
                               rtol=1e-14)


# ------------------------------------------------------------------ Region wrappers
def _region() -> object:
    return employment_region(dict(zip("abc", map(tuple, X), strict=True)), KEYS)


def _meta_checks(df: pd.DataFrame, name: str, threshold: float = 1.0) -> None:
    meta = df.attrs["metroscope"]
    assert meta["indicator"] == name
    assert meta["year"] == 2020 and meta["level"] == "prefecture" and meta["region"] == "emp"
    assert meta["parameters"] == {"industries": list(KEYS), "threshold": threshold}
    assert meta["reference"] == REFERENCE
    assert meta["sources"] == ["hand-built test data"]
    assert meta["verdict"]["verdict"] == "weak" and meta["verdict"]["n"] == 3


def test_region_wrappers_every_value_and_label() -> None:
    r = _region()
    eci = economic_complexity(r)  # type: ignore[arg-type]
    want = pd.DataFrame({"diversity": [2.0, 1.0, 2.0], "eci": ECI},
                        index=pd.Index(["a", "b", "c"], name="code"))
    pd.testing.assert_frame_equal(eci, want, rtol=1e-12)
    _meta_checks(eci, "economic_complexity")
    pci = product_complexity(r)  # type: ignore[arg-type]
    want = pd.DataFrame({"ubiquity": [1.0, 2.0, 2.0], "pci": PCI},
                        index=pd.Index(list(KEYS), name="industry"))
    pd.testing.assert_frame_equal(pci, want, rtol=1e-12)
    _meta_checks(pci, "product_complexity")
    prox = proximity(r)  # type: ignore[arg-type]
    want = pd.DataFrame(PHI, index=pd.Index(list(KEYS), name="industry"),
                        columns=pd.Index(list(KEYS), name="industry_b"))
    pd.testing.assert_frame_equal(prox, want)
    _meta_checks(prox, "proximity")
    dens = density(r)  # type: ignore[arg-type]
    want = pd.DataFrame(density_by_hand(M, PHI), index=pd.Index(["a", "b", "c"], name="code"),
                        columns=pd.Index(list(KEYS), name="industry"))
    pd.testing.assert_frame_equal(dens, want, rtol=1e-14)
    _meta_checks(dens, "density")


def test_region_wrappers_pass_threshold_codes_and_notes() -> None:
    r = _region()
    high = economic_complexity(r, threshold=1.2)  # type: ignore[arg-type]
    assert high["diversity"].tolist() == [1.0, 1.0, 1.0]
    _meta_checks(high, "economic_complexity", 1.2)
    assert product_complexity(r, threshold=1.2)["ubiquity"].tolist() == [0.0, 2.0, 1.0]  # type: ignore[arg-type]
    # M = [[0, 0, 1], [0, 1, 0], [0, 1, 0]]: agriculture is present nowhere (φ = 0 / 0)
    phi = [[math.nan, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    np.testing.assert_array_equal(proximity(r, threshold=1.2).to_numpy(), phi)  # type: ignore[arg-type]
    np.testing.assert_allclose(density(r, threshold=1.2).to_numpy(),  # type: ignore[arg-type]
                               density_by_hand([[0, 0, 1], [0, 1, 0], [0, 1, 0]], phi))
    # each unit alone in one industry: the tie note reaches both results
    eye = employment_region({"a": (1.0, 0.0, 0.0), "b": (0.0, 1.0, 0.0), "c": (0.0, 0.0, 1.0)},
                            KEYS)
    for f in (economic_complexity, product_complexity):
        out = f(eye)
        assert out.attrs["metroscope"]["notes"][-1] == TIED
        assert out.iloc[:, 1].isna().all()
    two = economic_complexity(r, codes=["a", "c"], industries=[  # type: ignore[arg-type]
        "employed_sample_manufacturing", "employed_sample_agriculture"])
    assert list(two.index) == ["a", "c"]
    assert two.attrs["metroscope"]["parameters"]["industries"] == ["manufacturing",
                                                                    "agriculture"]
