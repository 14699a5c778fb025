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

from metroscope.flows import fit as fit_module
from metroscope.flows import fit_gravity
from metroscope.flows._table import FlowChoiceError, FlowModelError
from metroscope.messages import Message

# codes deliberately out of sorted order; masses in persons, costs in minutes (asymmetric)
MASS = {"q": 320.0, "c": 150.0, "m": 90.0, "b": 410.0, "x": 60.0}
CODES = list(MASS)
PAIRS = {  # origin: {destination: (cost in minutes, observed trips)}
    "q": {"c": (18.0, 61), "m": (25.0, 23), "b": (12.0, 140), "x": (40.0, 4)},
    "c": {"q": (20.0, 37), "m": (9.0, 30), "b": (30.0, 12), "x": (22.0, 6)},
    "m": {"q": (27.0, 9), "c": (11.0, 25), "b": (35.0, 3), "x": (14.0, 8)},
    "b": {"q": (13.0, 170), "c": (29.0, 19), "m": (33.0, 7), "x": (45.0, 0)},
    "x": {"q": (38.0, 5), "c": (21.0, 7), "m": (16.0, 12), "b": (47.0, 2)},
}


def observed() -> pd.DataFrame:
    rows = [(o, d, float(PAIRS[o][d][1]), PAIRS[o][d][0], MASS[o], MASS[d])
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
    assert res.fitted.attrs["metroscope"]["indicator"] == "gravity_fit"
    assert res.iterations >= 1
    summary = res.summary()
    assert list(summary.columns) == ["coef", "std_err", "z"]
    np.testing.assert_allclose(summary.to_numpy(), np.column_stack([beta, se, beta / se]),
                               rtol=1e-6, atol=1e-9)
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
    said = res.notes[0]
    assert isinstance(said, Message) and said.key == "flow_dropped_zero_outflow"
    assert said.params == {"n": 1, "codes": {"zh": "x", "en": "x"}}
    assert said.zh == "1 个观测流出量为 0 的起点未参与拟合(其固定效应没有有限的估计值):x"
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
    x, _ = design(df, "none", True)
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
    matrix = pd.DataFrame([[PAIRS[o].get(d, (0.0, 0))[0] for d in CODES] for o in CODES],
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


@pytest.mark.parametrize("constraint", ["production", "attraction", "doubly"])
def test_slopes_only_errors_of_a_large_model(constraint: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Above MAX_FULL_PARAMS parameters only the slopes get standard errors (here 3)."""
    df = observed()
    x, names = design(df, constraint, True)
    beta, se, _ = irls(x, df["flow"].to_numpy())
    monkeypatch.setattr(fit_module, "MAX_FULL_PARAMS", 3)
    res = fit_gravity(df, constraint=constraint)  # type: ignore[arg-type]
    slopes = [n for n in names if n in ("log_origin_mass", "log_destination_mass", "cost")]
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err[slopes].to_numpy(), se[-len(slopes):], rtol=1e-6)
    assert res.std_err.drop(slopes).isna().all()


def test_power_deterrence_takes_costs_below_one() -> None:
    df = observed().assign(cost=lambda d: d["cost"] / 60)  # hours
    x, _ = design(df, "none", True)
    beta, se, _ = irls(x, df["flow"].to_numpy())
    res = fit_gravity(df, constraint="none")
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)


def test_a_cost_made_of_the_masses_is_not_identified() -> None:
    df = observed().assign(cost=lambda d: d["origin_mass"] * d["destination_mass"])
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df, constraint="none")
    assert str(err.value) == (
        "The cost is not identified: it equals a sum of origin and destination terms (for "
        "example symmetric costs among only 3 locations), so every deterrence parameter fits "
        "the flows equally well. Use more locations, or a production or attraction constraint.")


@pytest.mark.parametrize(("option", "message"), [
    ({"constraint": "both"},
     "Unknown constraint 'both'; expected one of none, production, attraction, doubly."),
    ({"deterrence": "gauss"}, "Unknown deterrence 'gauss'; expected one of power, exp."),
])
def test_unknown_options_are_named(option: dict[str, str], message: str) -> None:
    with pytest.raises(FlowChoiceError) as err:
        fit_gravity(observed(), **option)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_mass_columns_win_over_the_locations_population() -> None:
    other = {"q": 100.0, "c": 700.0, "m": 40.0, "b": 90.0, "x": 300.0}  # not MASS
    loc = pd.DataFrame({"lon": np.linspace(120, 121, 5), "lat": np.linspace(30, 31, 5),
                        "population": [other[c] for c in CODES]}, index=CODES)
    df = observed()
    for filled in ("destination_mass", "origin_mass"):  # the other one is a column
        side = filled.split("_")[0]
        want = df.assign(**{filled: df[side].map(other)})
        x, _ = design(want, "none", True)
        beta, _, _ = irls(x, want["flow"].to_numpy())
        res = fit_gravity(df.drop(columns=filled), constraint="none", locations=loc)
        np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    # both masses and the cost given: the locations are not needed, even without a code
    x, _ = design(df, "none", True)
    beta, _, _ = irls(x, df["flow"].to_numpy())
    res = fit_gravity(df, constraint="none", locations=loc.drop(index="x"))
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    # one mass from the locations: a code they lack is named
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df.drop(columns="destination_mass"), constraint="none",
                    locations=loc.drop(index="x"))
    assert str(err.value) == (
        "1 code(s) of the observed flows are not in the locations: x. Check the codes "
        "(leading zeros? read them as text) or add these locations.")


def test_numbers_given_as_text_and_integer_codes() -> None:
    df = observed()
    x, names = design(df, "none", True)
    beta, se, _ = irls(x, df["flow"].to_numpy())
    text = df.assign(flow=[f" {v:g} " for v in df["flow"]],
                     cost=[f"{v:g}" for v in df["cost"]],
                     origin_mass=[f"{v:g}" for v in df["origin_mass"]],
                     destination_mass=[f"{v:g}" for v in df["destination_mass"]])
    res = fit_gravity(text, constraint="none")
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)
    # integer codes stay numbers: sorted as numbers (2 before 10), not as text
    codes = dict(zip(CODES, [7, 2, 10, 3, 1], strict=True))
    ints = df.assign(origin=df["origin"].map(codes), destination=df["destination"].map(codes))
    assert ints["origin"].dtype == np.int64
    x, names = design(ints, "doubly", True)
    beta, _, _ = irls(x, ints["flow"].to_numpy())
    res = fit_gravity(ints)
    assert list(res.params.index) == names
    assert names[1:5] == ["origin[2]", "origin[3]", "origin[7]", "origin[10]"]
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    assert res.fitted.index.levels[0].tolist() == [1, 2, 3, 7, 10]


def test_long_lists_of_bad_rows_name_the_first_ten() -> None:
    """Shown as Python values: ``nan``, not ``np.float64(nan)`` (as it was for a float
    column)."""
    df = observed()
    df.loc[:10, "cost"] = np.nan
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df)
    listed = "\n".join(
        f"  - observed flows, row {i + 1}, column 'cost'; expected a finite cost for the pair "
        f"{o}->{d} (an unreachable pair cannot be fitted). Fix: give a number, or drop the pair"
        for i, (o, d) in enumerate(zip(df["origin"][:11], df["destination"][:11], strict=True)))
    assert str(err.value) == f"11 problem(s) in observed flows:\n{listed}"
    df = observed()
    df.loc[:10, "origin"] = None
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df)
    assert str(err.value) == ("observed flows: empty origin code in row(s) [1, 2, 3, 4, 5, 6, "
                              "7, 8, 9, 10]; fill them in.")


def sparse_pairs(steps: tuple[int, int, int]) -> pd.DataFrame:
    """Sixteen origins and destinations, three pairs each (48 of 256 cells, fewer than a
    quarter: the sparse path): origin k sends to k + step (mod 16) for each step."""
    codes = [f"z{k:02d}" for k in range(16)]
    rows = []
    for k, o in enumerate(codes):
        for step, trips in zip(steps, (20 + 7 * k, 5 + (k * 5) % 11, 1 + (k * 3) % 4),
                               strict=True):
            rows.append((o, codes[(k + step) % 16], float(trips),
                         5.0 + (k * 7 + step * 13) % 17))
    return pd.DataFrame(rows, columns=["origin", "destination", "flow", "cost"])


@pytest.mark.parametrize("power", [True, False])
def test_doubly_fit_on_sparse_pairs_equals_irls(power: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    df = sparse_pairs((1, 2, 5))
    x, names = design(df, "doubly", power)
    beta, se, mu = irls(x, df["flow"].to_numpy())
    det = "power" if power else "exp"
    res = fit_gravity(df, deterrence=det)  # type: ignore[arg-type]
    assert list(res.params.index) == names
    np.testing.assert_allclose(res.params.to_numpy(), beta, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(res.std_err.to_numpy(), se, rtol=1e-6)
    np.testing.assert_allclose(res.fitted["predicted"].to_numpy(), mu, rtol=1e-7)
    # the slope's error alone (a large model): from the information of θ on the sparse pairs
    monkeypatch.setattr(fit_module, "MAX_FULL_PARAMS", 3)
    slim = fit_gravity(df, deterrence=det)  # type: ignore[arg-type]
    assert slim.std_err["cost"] == pytest.approx(se[-1], rel=1e-6)
    assert slim.std_err.drop("cost").isna().all()


def test_doubly_fit_refuses_pairs_in_unconnected_groups() -> None:
    """Odd steps only: even origins send to odd destinations and odd origins to even ones, so
    the two groups' effects have no common level (the full design is singular). The fit gave
    estimates and finite standard errors for them before."""
    df = sparse_pairs((1, 3, 7))
    x, _ = design(df, "doubly", True)
    assert np.linalg.matrix_rank(x) == x.shape[1] - 1
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df)
    assert str(err.value) == (
        "The observed pairs split the origins and destinations into 2 groups with no pair "
        "between them, so the doubly-constrained effects of one group against another are not "
        "identified. Groups apart from the first: origin z01, origin z03, origin z05, origin "
        "z07, origin z09, origin z11, origin z13, origin z15, destination z00, destination z02, "
        ".... Fit each group on its own, or use a production or attraction constraint.")


def test_an_infinite_estimate_is_refused_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard behind the solvers: a stand-in solver returns infinite origin effects."""
    from metroscope.flows import _glm

    df = sparse_pairs((1, 2, 5))

    def infinite(g: np.ndarray, y: np.ndarray, oi: np.ndarray, *args: object,
                 **kwargs: object) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, int,
                                             float]:
        la, lb = np.full(16, np.inf), np.zeros(16)
        la[0] = 0.0  # the reference origin: the 15 others are infinite
        return -1.0, la, lb, y.copy(), 1, 1.0

    monkeypatch.setattr(_glm, "doubly", infinite)
    with pytest.raises(FlowModelError) as err:
        fit_gravity(df)
    names = ", ".join(f"origin[z{k:02d}]" for k in range(1, 11))  # the first 10 of 15
    assert str(err.value) == (
        f"The maximum-likelihood estimate does not exist for {names} (infinite): the observed "
        "flows do not pin them down. Check for origins or destinations without flows, or a "
        "cost that separates zero and non-zero flows perfectly.")
