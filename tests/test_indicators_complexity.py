"""Economic complexity: a case solved on paper, and agreement with the ``ecomplexity`` package
(0.5.3 conventions: M = 1 when RCA >= 1; ECI z-scored ddof = 0; PCI with ECI's mean and sd)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from _indicator_fixtures import employment_region, toy_region
from metroscope.indicators.complexity import (
    complexity_arrays,
    complexity_from_mcp,
    density,
    economic_complexity,
    product_complexity,
    proximity,
)


def test_two_product_case_solved_by_hand() -> None:
    # M = [[1,1],[1,0],[1,0],[0,1]]: diversity (2,1,1,1), ubiquity (3,2).
    # M~ = [[5/6, 1/6],[1/4, 3/4]] has eigenvalues 1 and 7/12; the second eigenvector is
    # Q = (1, -1.5). K = M D^-1 Q = (-0.25, 1, 1, -1.5) correlates negatively with diversity,
    # so the sign flips: K = (0.25, -1, -1, 1.5), Q = (-1, 1.5); mean K = -0.0625,
    # sd K = sqrt(4.296875/4) = 1.036445...
    r = complexity_from_mcp(np.array([[1, 1], [1, 0], [1, 0], [0, 1]]))
    sd = np.sqrt(4.296875 / 4)
    np.testing.assert_allclose(r.eci, (np.array([0.25, -1, -1, 1.5]) + 0.0625) / sd)
    np.testing.assert_allclose(r.pci, (np.array([-1, 1.5]) + 0.0625) / sd)
    # proximity: co-occurrence 1 / max(3, 2)
    np.testing.assert_allclose(r.proximity, [[1, 1 / 3], [1 / 3, 1]])
    # density of unit 2 (M = 1,0) around product 2 = (1 * 1/3) / (1/3 + 1)
    assert r.density[1, 1] == pytest.approx(0.25)
    np.testing.assert_array_equal(r.diversity, [2, 1, 1, 1])
    np.testing.assert_array_equal(r.ubiquity, [3, 2])


def test_eci_is_the_mean_pci_of_present_products() -> None:
    # the normalisation keeps ECI_c = mean of PCI over the products c has (M_cp = 1)
    rng = np.random.default_rng(7)
    r = complexity_arrays(rng.lognormal(0, 1.2, (40, 9)))
    means = (r.mcp @ r.pci) / r.mcp.sum(axis=1)
    np.testing.assert_allclose(r.eci, means, atol=1e-9)
    assert r.eci.mean() == pytest.approx(0, abs=1e-12)
    assert r.eci.std() == pytest.approx(1)


def _long(x: np.ndarray) -> pd.DataFrame:
    rows = [(2020, f"c{i:03d}", f"p{j:02d}", x[i, j])
            for i in range(x.shape[0]) for j in range(x.shape[1])]
    return pd.DataFrame(rows, columns=["year", "loc", "prod", "val"])


@pytest.mark.parametrize(("n_loc", "n_prod", "seed"), [(30, 8, 0), (60, 15, 1), (120, 20, 2)])
def test_agrees_with_ecomplexity(n_loc: int, n_prod: int, seed: int,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from ecomplexity import ecomplexity
    from ecomplexity import proximity as ec_proximity

    rng = np.random.default_rng(seed)
    x = rng.lognormal(0, 1.5, (n_loc, n_prod))
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the peer's own warnings are not under test
        peer = ecomplexity(_long(x), cols, check_logsupermodularity=False, verbose=False)
        peer_prox = ec_proximity(_long(x), cols)
    capsys.readouterr()
    ours = complexity_arrays(x)
    peer = peer.sort_values(["loc", "prod"])
    eci = peer.groupby("loc")["eci"].first().to_numpy()
    pci = peer.groupby("prod")["pci"].first().to_numpy()
    np.testing.assert_allclose(ours.eci, eci, atol=1e-8)
    np.testing.assert_allclose(ours.pci, pci, atol=1e-8)
    np.testing.assert_allclose(ours.density, peer["density"].to_numpy().reshape(n_loc, n_prod),
                               atol=1e-10)
    np.testing.assert_array_equal(ours.mcp, peer["mcp"].to_numpy().reshape(n_loc, n_prod))
    prox = peer_prox.pivot(index="prod_1", columns="prod_2", values="proximity")
    np.testing.assert_allclose(ours.proximity, prox.to_numpy(), atol=1e-12)


def test_region_wrappers_label_rows_and_columns() -> None:
    r = toy_region()
    eci = economic_complexity(r)
    pci = product_complexity(r)
    assert list(eci.columns) == ["diversity", "eci"] and eci.index.name == "code"
    assert pci.index.name == "industry"
    assert proximity(r).shape == (3, 3)
    assert density(r).shape == (4, 3)
    assert eci.attrs["metroscope"]["parameters"]["threshold"] == 1.0


def test_order_of_units_does_not_change_eci() -> None:
    m = {"a": (5.0, 1, 1, 2), "b": (1.0, 6, 2, 1), "c": (2.0, 2, 7, 1), "d": (1.0, 1, 1, 9),
         "e": (3.0, 3, 1, 1)}
    keys = ("manufacturing", "finance", "agriculture", "mining")
    a = economic_complexity(employment_region(m, keys))
    b = economic_complexity(employment_region(dict(reversed(m.items())), keys))
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())
