"""fit_gravity on a small noisy table against a Poisson GLM fitted here by plain IRLS.

The flows below do not follow any gravity model exactly (one is 0), so the estimate is the
maximum of the likelihood, not the generating parameters. The reference is iteratively
reweighted least squares written in this file on the *full* design (constant, one dummy per
origin and destination code but the first in sorted order, the log masses, g(cost)), as in
Flowerdew & Aitkin (1982) and spint; its standard errors are ``sqrt(diag((X'WX)^-1))`` at the
converged means and its log-likelihood ``Σ y log μ - μ - log y!``. fit_gravity reaches the same
maximum another way (profiled effects, Furness balancing and a root search on θ).
"""

from __future__ import annotations

import logging
import math

import numpy as np
import pandas as pd
import pytest

from metroscope.flows import fit_gravity
from metroscope.flows._table import FlowModelError

# codes deliberately out of sorted order; masses in persons, costs in minutes (asymmetric)
MASS = {"q": 320.0, "c": 150.0, "m": 90.0, "b": 410.0, "x": 60.0}
CODES = list(MASS)
COST = {
    "q": {"c": 18.0, "m": 25.0, "b": 12.0, "x": 40.0},
    "c": {"q": 20.0, "m": 9.0, "b": 30.0, "x": 22.0},
    "m": {"q": 27.0, "c": 11.0, "b": 35.0, "x": 14.0},
    "b": {"q": 13.0, "c": 29.0, "m": 33.0, "x": 45.0},
    "x": {"q": 38.0, "c": 21.0, "m": 16.0, "b": 47.0},
}
FLOW = {
    "q": {"c": 61, "m": 23, "b": 140, "x": 4},
    "c": {"q": 37, "m": 30, "b": 12, "x": 6},
    "m": {"q": 9, "c": 25, "b": 3, "x": 8},
    "b": {"q": 170, "c": 19, "m": 7, "x": 0},
    "x": {"q": 5, "c": 7, "m": 12, "b": 2},
}


def observed() -> pd.DataFrame:
    rows = [(o, d, float(FLOW[o][d]), COST[o][d], MASS[o], MASS[d])
            for o in CODES for d in CODES if o != d]
    return pd.DataFrame(rows, columns=["origin", "destination", "flow", "cost", "origin_mass",
                                       "destination_mass"])


def design(df: pd.DataFrame, constraint: str, power: bool) -> tuple[np.ndarray, list[str]]:
    """The full design matrix with spint's column order and names."""
    cols, names = [np.ones(len(df))], ["const"]
    for side, kept in (("origin", ("production", "doubly")),
                       ("destination", ("attraction", "doubly"))):
        if constraint in kept:
            for code in sorted(set(df[side]))[1:]:
                cols.append((df[side] == code).to_numpy(dtype=float))
                names.append(f"{side}[{code}]")
    if constraint in ("none", "attraction"):
        cols.append(np.log(df["origin_mass"].to_numpy(dtype=float)))
        names.append("log_origin_mass")
    if constraint in ("none", "production"):
        cols.append(np.log(df["destination_mass"].to_numpy(dtype=float)))
        names.append("log_destination_mass")
    c = df["cost"].to_numpy(dtype=float)
    cols.append(np.log(c) if power else c)
    names.append("cost")
    return np.column_stack(cols), names


def irls(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coefficients, standard errors and means of the Poisson GLM (log link) by IRLS."""
    mu = y + 0.5
    eta = np.log(mu)
    beta = np.zeros(x.shape[1])
    for _ in range(200):
        w = mu
        z = eta + (y - mu) / mu
        new = np.linalg.solve(x.T @ (w[:, None] * x), x.T @ (w * z))
        done = np.max(np.abs(new - beta)) < 1e-14 * (1 + np.max(np.abs(new)))
        beta = new
        eta = x @ beta
        mu = np.exp(eta)
        if done:
            break
    se = np.sqrt(np.diag(np.linalg.inv(x.T @ (mu[:, None] * x))))
    return beta, se, mu


def loglik(y: np.ndarray, mu: np.ndarray) -> float:
    return float(sum(v * math.log(m) - m - math.lgamma(v + 1) for v, m in zip(y, mu,
                                                                               strict=True)))


@pytest.mark.parametrize("power", [True, False])
@pytest.mark.parametrize("constraint", ["none", "production", "attraction", "doubly"])
def test_fit_equals_irls_on_the_full_design(constraint: str, power: bool,
                                            caplog: pytest.LogCaptureFixture) -> None:
    df = observed()
    x, names = design(df, constraint, power)
    y = df["flow"].to_numpy()
    beta, se, mu = irls(x, y)
    with caplog.at_level(logging.INFO, logger="metroscope.flows.fit"):
        res = fit_gravity(df, constraint=constraint,  # type: ignore[arg-type]
                          deterrence="power" if power else "exp")
    assert list(res.params.index) == names
    assert list(res.std_err.index) == names
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)
    # the fitted table keeps the rows' order; its index levels are the sorted codes
    fitted = res.fitted
    assert list(fitted.index) == list(zip(df["origin"], df["destination"], strict=True))
    assert list(fitted.index.levels[0]) == sorted(CODES)
    assert list(fitted.index.levels[1]) == sorted(CODES)
    assert fitted.index.names == ["origin", "destination"]
    assert list(fitted.columns) == ["observed", "predicted", "cost"]
    np.testing.assert_allclose(fitted["predicted"].to_numpy(), mu, rtol=1e-7)
    np.testing.assert_array_equal(fitted["observed"].to_numpy(), y)
    np.testing.assert_array_equal(fitted["cost"].to_numpy(), df["cost"].to_numpy())
    ll = loglik(y, mu)
    assert res.gof["loglik"] == pytest.approx(ll, rel=1e-9)
    assert res.gof["aic"] == pytest.approx(2 * len(names) - 2 * ll, rel=1e-9)
    assert res.gof["n_pairs"] == len(df)
    assert res.beta == pytest.approx(-beta[-1], rel=1e-7)
    assert (res.constraint, res.deterrence, res.notes) == (
        constraint, "power" if power else "exp", [])
    assert res.fitted.attrs["metroscope"]["parameters"] == {
        "constraint": constraint, "deterrence": "power" if power else "exp",
        "beta": pytest.approx(-beta[-1], rel=1e-7)}
    assert res.iterations >= 1
    det = "power" if power else "exp"
    logged = [r.getMessage() for r in caplog.records]
    assert logged == [f"Fitted {constraint} gravity ({det}) on 20 pairs: theta="
                      f"{res.params['cost']:.6g} in {res.iterations} iterations"]


@pytest.mark.parametrize("constraint", ["production", "doubly"])
def test_an_origin_without_outflow_is_left_out_and_said(
        constraint: str, caplog: pytest.LogCaptureFixture) -> None:
    df = observed()
    df.loc[df["origin"] == "x", "flow"] = 0.0
    with caplog.at_level(logging.INFO, logger="metroscope.flows.fit"):
        res = fit_gravity(df, constraint=constraint)  # type: ignore[arg-type]
    note = ("1 origin(s) with zero observed outflow were left out (their fixed effect has no "
            "finite estimate): x")
    assert res.notes == [note]
    assert res.fitted.attrs["metroscope"]["notes"] == [note]
    assert f"fit_gravity: {note}" in [r.getMessage() for r in caplog.records]
    kept = df[df["origin"] != "x"].reset_index(drop=True)
    x, names = design(kept, constraint, True)
    beta, se, _ = irls(x, kept["flow"].to_numpy())
    assert list(res.params.index) == names
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)


def test_masses_from_locations_match_the_columns() -> None:
    df = observed()
    loc = pd.DataFrame({"lon": np.linspace(120, 121, 5), "lat": np.linspace(30, 31, 5),
                        "population": list(MASS.values())}, index=CODES)
    x, names = design(df, "none", True)
    beta, se, _ = irls(x, df["flow"].to_numpy())
    # the cost column is kept, the masses come from the population of the locations
    res = fit_gravity(df.drop(columns=["origin_mass", "destination_mass"]), constraint="none",
                      locations=loc)
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)
    # only one mass column given: the other one from the locations
    res = fit_gravity(df.drop(columns=["origin_mass"]), constraint="none", locations=loc)
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    res = fit_gravity(df.drop(columns=["destination_mass"]), constraint="none", locations=loc)
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)


def test_cost_matrix_with_text_codes_and_refusals_name_the_side() -> None:
    df = observed()
    matrix = pd.DataFrame([[COST[o].get(d, 0.0) for d in CODES] for o in CODES],
                          index=CODES, columns=CODES)
    x, _ = design(df, "doubly", True)
    beta, se, _ = irls(x, df["flow"].to_numpy())
    res = fit_gravity(df.drop(columns="cost"), cost=matrix)
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)
    # a code missing from the matrix is named with the side it was looked for on
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df.drop(columns="cost"), cost=matrix.drop(index=["m", "b"]))
    assert str(err.value) == ("2 origin code(s) are not among the rows of the cost matrix: "
                              "['b', 'm']. Check the codes or add them there.")
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df.drop(columns="cost"), cost=matrix.drop(columns="c"))
    assert str(err.value) == ("1 destination code(s) are not among the columns of the cost "
                              "matrix: ['c']. Check the codes or add them there.")
