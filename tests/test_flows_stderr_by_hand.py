"""Standard errors of the gravity fits (``flows/_stderr.py``) against the textbook formula.

The reference is written here: the dense design matrix built column by column with loops
(a constant, one dummy per origin and per destination but the first, the slopes), the
Poisson information ``X' diag(mu) X`` and its inverse by ``numpy.linalg.inv``; the standard
errors are the square roots of its diagonal. The toy: 4 origins x 3 destinations, every pair
but one (origin 3 -> destination 0 is missing), two slopes, fitted flows chosen positive.
"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import _stderr as S

NO, ND = 4, 3
PAIRS = [(i, j) for i in range(NO) for j in range(ND) if (i, j) != (3, 0)]
OI = np.array([i for i, _ in PAIRS], dtype=np.int64)
DJ = np.array([j for _, j in PAIRS], dtype=np.int64)
Z = np.column_stack([np.log([1.5 + 0.7 * k + 0.3 * (k % 3) ** 2 for k in range(len(PAIRS))]),
                     [((k * 7) % 5) - 2.0 for k in range(len(PAIRS))]])
MU = np.array([3.0 + 2.0 * ((k * 5) % 7) for k in range(len(PAIRS))])


def design(constraint: str) -> np.ndarray:
    cols = [[1.0] * len(PAIRS)]
    if constraint in ("production", "doubly"):
        cols += [[1.0 if i == g else 0.0 for i, _ in PAIRS] for g in range(1, NO)]
    if constraint in ("attraction", "doubly"):
        cols += [[1.0 if j == g else 0.0 for _, j in PAIRS] for g in range(1, ND)]
    cols += [list(Z[:, 0]), list(Z[:, 1])]
    return np.array(cols).T


def textbook(constraint: str, mu: np.ndarray = MU) -> np.ndarray:
    x = design(constraint)
    info = x.T @ (mu[:, None] * x)
    return np.sqrt(np.diag(np.linalg.inv(info)))


def names(constraint: str) -> list[str]:
    n = ["const"]
    if constraint in ("production", "doubly"):
        n += [f"o{g}" for g in range(1, NO)]
    if constraint in ("attraction", "doubly"):
        n += [f"d{g}" for g in range(1, ND)]
    return [*n, "z0", "z1"]


def test_design_is_the_dummies_and_slopes() -> None:
    for c in ("none", "production", "attraction", "doubly"):
        x = S._design(names(c), c, Z, OI, DJ, NO, ND)
        np.testing.assert_array_equal(x.toarray(), design(c))


@pytest.mark.parametrize("constraint", ["none", "production", "attraction", "doubly"])
def test_pinv_errors_equal_the_textbook(constraint: str) -> None:
    got = S.pinv_errors(names(constraint), constraint, Z, MU, OI, DJ, NO, ND)
    np.testing.assert_allclose(got, textbook(constraint), rtol=1e-10)


def test_group_sums_by_hand() -> None:
    v = np.array([[1.0, 10.0], [2.0, 20.0], [4.0, 40.0]])
    got = S._group_sums(np.array([2, 0, 2]), 4, v)
    np.testing.assert_array_equal(got, [[2.0, 20.0], [0.0, 0.0], [5.0, 50.0], [0.0, 0.0]])


@pytest.mark.parametrize("constraint", ["production", "attraction", "doubly"])
def test_block_errors_equal_the_textbook(constraint: str) -> None:
    if constraint == "production":
        got = S.block_errors(Z, MU, OI, NO)
    elif constraint == "attraction":
        got = S.block_errors(Z, MU, DJ, ND)
    else:
        got = S.block_errors(Z, MU, OI, NO, DJ, ND)
    assert got is not None
    np.testing.assert_allclose(got, textbook(constraint), rtol=1e-10)


def test_block_errors_do_not_depend_on_the_order_of_the_pairs() -> None:
    """The pairs shuffled (origins in runs of one or two pairs, revisited): the same errors as
    the textbook's, which has no order."""
    order = np.random.default_rng(7).permutation(len(PAIRS))
    got = S.block_errors(Z[order], MU[order], OI[order], NO, DJ[order], ND)
    assert got is not None
    np.testing.assert_allclose(got, textbook("doubly"), rtol=1e-10)


@pytest.mark.parametrize("constraint", ["production", "attraction", "doubly"])
def test_std_errors_in_full_and_slopes_only(constraint: str) -> None:
    o_lab, d_lab = [f"o{g}" for g in range(NO)], [f"d{g}" for g in range(ND)]
    se = S.std_errors(names(constraint), constraint, Z, MU, OI, DJ, o_lab, d_lab, max_full=50)
    assert list(se.index) == names(constraint)
    np.testing.assert_allclose(se.to_numpy(), textbook(constraint), rtol=1e-10)
    # exactly max_full parameters: still every parameter's error
    se = S.std_errors(names(constraint), constraint, Z, MU, OI, DJ, o_lab, d_lab,
                      max_full=len(names(constraint)))
    np.testing.assert_allclose(se.to_numpy(), textbook(constraint), rtol=1e-10)
    if constraint == "doubly":  # the slope's information is handed in: 1 / sqrt(info)
        se = S.std_errors(names(constraint), constraint, Z[:, :1], MU, OI, DJ, o_lab, d_lab,
                          max_full=2, doubly_info=16.0)
        assert se.iloc[-1] == 0.25 and se.iloc[:-1].isna().all()
        return
    se = S.std_errors(names(constraint), constraint, Z, MU, OI, DJ, o_lab, d_lab, max_full=3)
    # the slopes' errors do not depend on how the effects are eliminated
    np.testing.assert_allclose(se.iloc[-2:].to_numpy(), textbook(constraint)[-2:], rtol=1e-10)
    assert se.iloc[:-2].isna().all()


def test_unconstrained_and_fallback() -> None:
    """No effects: the pseudo-inverse path; a singular block (two equal slopes) falls back to
    it too and gives finite values."""
    o_lab, d_lab = [f"o{g}" for g in range(NO)], [f"d{g}" for g in range(ND)]
    se = S.std_errors(names("none"), "none", Z, MU, OI, DJ, o_lab, d_lab, max_full=50)
    np.testing.assert_allclose(se.to_numpy(), textbook("none"), rtol=1e-10)
    z2 = np.column_stack([Z[:, 0], Z[:, 0]])
    assert S.block_errors(z2, MU, OI, NO) is None
    assert S.block_errors(z2, MU, OI, NO, DJ, ND) is None
    se = S.std_errors(names("production"), "production", z2, MU, OI, DJ, o_lab, d_lab, 50)
    assert np.isfinite(se.to_numpy()).all()
    # the doubly-constrained fallback builds both sets of dummies: the effects' errors are
    # those of the model with the one slope (the duplicate's weight is split, not lost)
    se = S.std_errors(names("doubly"), "doubly", z2, MU, OI, DJ, o_lab, d_lab, 50)
    x = design("doubly")[:, :-1]
    x[:, -1] = Z[:, 0]
    one = np.sqrt(np.diag(np.linalg.inv(x.T @ (MU[:, None] * x))))
    np.testing.assert_allclose(se.to_numpy()[:-2], one[:-1], rtol=1e-8)


def test_attraction_slopes_with_more_destinations_than_origins() -> None:
    """Slopes only, attraction-constrained, 3 origins and 4 destinations (the toy's origins
    taken as destinations): the slopes' errors of the model with one effect per destination."""
    se = S.std_errors(["const", "d1", "d2", "d3", "z0", "z1"], "attraction", Z, MU, DJ, OI,
                      ["o0", "o1", "o2"], ["d0", "d1", "d2", "d3"], max_full=3)
    np.testing.assert_allclose(se.iloc[-2:].to_numpy(), textbook("production")[-2:],
                               rtol=1e-10)


def test_block_errors_refuse_an_empty_group_and_a_near_collinear_slope() -> None:
    mu = MU.copy()
    mu[OI == 2] = 0.0  # origin 2 has no fitted flow
    assert S.block_errors(Z, mu, OI, NO) is None
    assert S.block_errors(Z, mu, OI, NO, DJ, ND) is None
    # a second slope equal to the first up to 1e-9: 1 - R² about 1e-18, below 1e-13
    z = np.column_stack([Z[:, 0], Z[:, 0] + 1e-9 * Z[:, 1]])
    assert S.block_errors(z, MU, OI, NO) is None
    # up to 1e-7: the Cholesky factor exists, but its last pivot squared is about 5e-15 of
    # the slope's information, below 1e-13
    z = np.column_stack([Z[:, 0], Z[:, 0] + 1e-7 * Z[:, 1]])
    assert S.block_errors(z, MU, OI, NO) is None
    # an origin without any pair (a fifth origin): its fitted total is 0
    assert S.block_errors(Z, MU, OI, NO + 1) is None
    # 1e-4 apart: 1 - R² about 1e-8, kept, and equal to the textbook value
    z = np.column_stack([Z[:, 0], Z[:, 0] + 1e-4 * Z[:, 1]])
    x = design("production")
    x[:, -1] = z[:, 1]
    want = np.sqrt(np.diag(np.linalg.inv(x.T @ (MU[:, None] * x))))
    got = S.block_errors(z, MU, OI, NO)
    assert got is not None
    np.testing.assert_allclose(got, want, rtol=1e-6)
    # the same slopes in units 1,000 times larger: the information is 1e-6 of the above,
    # its last pivot squared about 6e-9 of the slope's information (kept, a ratio test: the
    # pivot is about 8e-8 in absolute terms)
    z = 1e-3 * z
    x[:, -2:] = z
    want = np.sqrt(np.diag(np.linalg.inv(x.T @ (MU[:, None] * x))))
    got = S.block_errors(z, MU, OI, NO)
    assert got is not None
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_deferred_errors_computed_once_and_pickled() -> None:
    o_lab, d_lab = [f"o{g}" for g in range(NO)], [f"d{g}" for g in range(ND)]
    mu = MU.copy()
    d = S.DeferredErrors(names("doubly"), "doubly", Z, mu, OI, DJ, o_lab, d_lab, 50)
    mu[:] = 1.0  # the caller edits its fitted flows: the errors keep their own copy
    first = d.value()
    assert isinstance(first, pd.Series)
    np.testing.assert_allclose(first.to_numpy(), textbook("doubly"), rtol=1e-10)
    assert d.value() is first
    back = pickle.loads(pickle.dumps(d))
    pd.testing.assert_series_equal(back.value(), first)


def test_one_numba_thread_is_local_and_restored() -> None:
    import numba

    before = numba.get_num_threads()
    with S.one_numba_thread(True):
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
    with S.one_numba_thread(False):
        assert numba.get_num_threads() == before
