"""Calibration by Poisson maximum likelihood, against spint 1.0.7 and scikit-mobility 1.3.1.

Reference values are in tests/data/flows/peers_golden.json, written in the side environment by
``/tmp/metroscope-peers/bin/python benchmarks/peers_flows.py golden`` (environment built by
``bash benchmarks/skmob_env.sh``; versions recorded in the file and in benchmarks/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _shared_data import PEERS, shared_file
from metroscope import DataValidationError
from metroscope.flows import fit as fit_module
from metroscope.flows import fit_gravity, gravity
from metroscope.flows._glm import newton_plain
from metroscope.flows._table import FlowModelError
from metroscope.geo import great_circle_km
from test_flows_radiation import ny_locations

GOLDEN = json.loads((Path(__file__).parent / "data" / "flows" / "peers_golden.json").read_text())


def austria() -> pd.DataFrame:
    df = pd.read_csv(shared_file(PEERS / "spint_austria" / "austria_migration_interzonal.csv"))
    return df.rename(columns={"dij": "cost", "o_var": "origin_mass", "d_var": "destination_mass"})


@pytest.mark.parametrize("key", sorted(GOLDEN["spint_austria"]))
def test_agrees_with_spint(key: str) -> None:
    gold = GOLDEN["spint_austria"][key]
    constraint, cf = key.split("/")
    res = fit_gravity(austria(), constraint=constraint,  # type: ignore[arg-type]
                      deterrence="power" if cf == "pow" else "exp")
    np.testing.assert_allclose(res.params.to_numpy(), gold["params"], rtol=0, atol=1e-6)
    # spint evaluates its covariance at the weights of the previous IRLS step, so its standard
    # errors trail the converged ones by up to ~1e-4 (relative)
    np.testing.assert_allclose(res.std_err.to_numpy(), gold["std_err"], rtol=5e-4)
    np.testing.assert_allclose(res.fitted["predicted"].to_numpy(), gold["yhat"], rtol=1e-6)
    g = res.gof
    assert g["aic"] == pytest.approx(gold["aic"], rel=1e-9)
    assert g["pseudo_r2"] == pytest.approx(gold["pseudoR2"], rel=1e-9)
    assert g["adj_pseudo_r2"] == pytest.approx(gold["adj_pseudoR2"], rel=1e-9)
    assert g["srmse"] == pytest.approx(gold["SRMSE"], rel=1e-7)
    assert g["ssi"] == pytest.approx(gold["SSI"], rel=1e-7)
    assert g["loglik"] == pytest.approx(gold["llf"], rel=1e-9)


def test_parameter_names_follow_spint_order() -> None:
    res = fit_gravity(austria(), constraint="doubly")
    names = list(res.params.index)
    assert names[0] == "const"
    assert names[1] == "origin[AT12]"
    assert names[-1] == "cost"
    assert "destination[AT11]" not in names
    assert res.beta == pytest.approx(-res.params["cost"])
    assert list(res.summary().columns) == ["coef", "std_err", "z"]


def test_fitted_models_conserve_their_totals() -> None:
    df = austria()
    for constraint in ("production", "attraction", "doubly", "none"):
        res = fit_gravity(df, constraint=constraint)
        f = res.fitted
        assert f["predicted"].sum() == pytest.approx(f["observed"].sum(), rel=1e-9)
        if constraint in ("production", "doubly"):
            np.testing.assert_allclose(f["predicted"].groupby(level=0).sum(),
                                       f["observed"].groupby(level=0).sum(), rtol=1e-9)
        if constraint in ("attraction", "doubly"):
            np.testing.assert_allclose(f["predicted"].groupby(level=1).sum(),
                                       f["observed"].groupby(level=1).sum(), rtol=1e-9)


def test_doubly_furness_equals_irls_on_the_full_design() -> None:
    df = austria()
    res = fit_gravity(df, constraint="doubly", deterrence="exp")
    o = pd.get_dummies(df["origin"], dtype=float).to_numpy()[:, 1:]
    d = pd.get_dummies(df["destination"], dtype=float).to_numpy()[:, 1:]
    x = np.column_stack([np.ones(len(df)), o, d, df["cost"].to_numpy()])
    theta, _, _ = newton_plain(x, df["flow"].to_numpy(dtype=float), 1e-12, 100)
    np.testing.assert_allclose(res.params.to_numpy(), theta, rtol=0, atol=1e-8)


def test_slopes_only_standard_errors_match_the_full_inverse(monkeypatch: pytest.MonkeyPatch,
                                                              ) -> None:
    df = austria()
    full = {c: fit_gravity(df, constraint=c) for c in ("production", "attraction", "doubly")}
    monkeypatch.setattr(fit_module, "MAX_FULL_PARAMS", 3)
    for c, ref in full.items():
        part = fit_gravity(df, constraint=c)  # type: ignore[arg-type]
        slopes = [n for n in ref.params.index if not n.startswith(("origin[", "destination[",
                                                                      "const"))]
        np.testing.assert_allclose(part.std_err[slopes], ref.std_err[slopes], rtol=1e-6)
        assert part.std_err.drop(slopes).isna().all()


@pytest.mark.parametrize(("det", "key"), [("power", "singly/power_law"),
                                          ("exp", "singly/exponential")])
def test_production_fit_agrees_with_scikit_mobility(det: str, key: str) -> None:
    loc = ny_locations()
    obs = pd.read_csv(shared_file(PEERS / "skmob_ny" / "NY_commuting_flows_2011.csv"),
                      dtype={"origin": str, "destination": str})
    o, d = loc.loc[obs["origin"]], loc.loc[obs["destination"]]
    obs["cost"] = great_circle_km(o["lon"], o["lat"], d["lon"], d["lat"]) * 6371.0 / 6371.0088
    res = fit_gravity(obs, constraint="production", deterrence=det,  # type: ignore[arg-type]
                      locations=loc)
    gold = GOLDEN["skmob_ny"]["fits"][key]
    assert res.params["log_destination_mass"] == pytest.approx(gold["destination_exp"],
                                                               rel=1e-9)
    # scikit-mobility keeps the coefficient of log(d) for power and of -d for exp
    expected = gold["deterrence_args"][0] * (1 if det == "power" else -1)
    assert res.params["cost"] == pytest.approx(expected, rel=1e-9)
    if det == "power":  # the values printed in scikit-mobility's documentation
        assert res.params["cost"] == pytest.approx(-1.9947152031914186, rel=1e-9)
        assert res.params["log_destination_mass"] == pytest.approx(0.6471759552223144, rel=1e-9)


def test_unconstrained_fit_agrees_with_scikit_mobility_global_model() -> None:
    loc = ny_locations()
    obs = pd.read_csv(shared_file(PEERS / "skmob_ny" / "NY_commuting_flows_2011.csv"),
                      dtype={"origin": str, "destination": str})
    res = fit_gravity(obs, constraint="none", locations=loc)
    gold = GOLDEN["skmob_ny"]["fits"]["globally/power_law"]
    assert res.params["log_origin_mass"] == pytest.approx(gold["origin_exp"], rel=1e-7)
    assert res.params["log_destination_mass"] == pytest.approx(gold["destination_exp"], rel=1e-7)
    assert res.params["cost"] == pytest.approx(gold["deterrence_args"][0], rel=1e-7)


def test_recovers_the_parameter_of_synthetic_doubly_flows() -> None:
    rng = np.random.default_rng(7)
    n = 150
    loc = pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                        "population": rng.lognormal(8, 1, n)}, index=[f"{i:03d}" for i in range(n)])
    g = gravity(loc, constraint="doubly", deterrence="exp", beta=0.015)
    obs = g.reset_index()
    obs["flow"] = rng.poisson(obs["flow"].to_numpy())
    res = fit_gravity(obs, constraint="doubly", deterrence="exp")
    se = res.std_err["cost"]
    assert abs(res.beta - 0.015) < 4 * se
    assert se < 1e-3


def test_errors_are_actionable() -> None:
    df = austria()
    with pytest.raises(FlowModelError, match="lack column"):
        fit_gravity(df.drop(columns=["flow"]))
    zero = df.copy()
    zero.loc[0, "cost"] = 0.0
    with pytest.raises(FlowModelError, match="log\\(cost\\)"):
        fit_gravity(zero, deterrence="power")
    with pytest.raises(FlowModelError, match="origin_mass"):
        fit_gravity(df.drop(columns=["origin_mass"]), constraint="none")
    with pytest.raises(FlowModelError, match="No cost"):
        fit_gravity(df.drop(columns=["cost"]))
    neg = df.copy()
    neg.loc[0, "flow"] = -1
    with pytest.raises(DataValidationError, match=r"row 1, column 'flow'.*a flow >= 0"):
        fit_gravity(neg)


def test_row_order_does_not_change_the_doubly_fit() -> None:
    rng = np.random.default_rng(3)
    n = 60
    loc = pd.DataFrame({"lon": rng.uniform(120, 130, n), "lat": rng.uniform(40, 48, n),
                        "population": rng.lognormal(8, 1, n)}, index=[f"{i:03d}" for i in range(n)])
    g = gravity(loc, constraint="doubly", deterrence="exp", beta=0.02)
    obs = g.reset_index()
    obs["flow"] = rng.poisson(obs["flow"].to_numpy())
    a = fit_gravity(obs, constraint="doubly", deterrence="exp")  # all pairs in row order
    b = fit_gravity(obs.sample(frac=1.0, random_state=1), constraint="doubly", deterrence="exp")
    c = fit_gravity(obs.iloc[5:], constraint="doubly", deterrence="exp")  # pairs missing
    np.testing.assert_allclose(a.params.to_numpy(), b.params.to_numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.std_err.to_numpy(), b.std_err.to_numpy(), rtol=1e-8)
    pd.testing.assert_series_equal(a.fitted["predicted"],
                                   b.fitted["predicted"].reindex(a.fitted.index), rtol=1e-9)
    assert c.fitted["predicted"].sum() == pytest.approx(c.fitted["observed"].sum(), rel=1e-9)


def _dense_errors(df: pd.DataFrame, res: object, constraint: str) -> np.ndarray:
    """sqrt(diag(inv(X'WX))) from a dense design built with pandas and a plain inverse."""
    cols = [np.ones(len(df))]
    if constraint in ("production", "doubly"):
        cols.append(pd.get_dummies(df["origin"], dtype=float).to_numpy()[:, 1:])
    if constraint in ("attraction", "doubly"):
        cols.append(pd.get_dummies(df["destination"], dtype=float).to_numpy()[:, 1:])
    if constraint == "attraction":
        cols.append(np.log(df["origin_mass"].to_numpy(dtype=float)))
    if constraint == "production":
        cols.append(np.log(df["destination_mass"].to_numpy(dtype=float)))
    cols.append(np.log(df["cost"].to_numpy(dtype=float)))
    x = np.column_stack(cols)
    mu = res.fitted["predicted"].to_numpy()  # type: ignore[attr-defined]
    return np.sqrt(np.diag(np.linalg.inv(x.T @ (mu[:, None] * x))))


@pytest.mark.parametrize("constraint", ["production", "attraction", "doubly"])
def test_fixed_effect_errors_by_blocks_equal_the_dense_inverse(constraint: str) -> None:
    df = austria()  # rows sorted by origin, then destination: the fitted order
    res = fit_gravity(df, constraint=constraint, deterrence="power")  # type: ignore[arg-type]
    np.testing.assert_allclose(res.std_err.to_numpy(), _dense_errors(df, res, constraint),
                               rtol=1e-9)


def test_pseudo_inverse_fallback_gives_the_same_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from metroscope.flows import _stderr

    df = austria()
    ref = {c: fit_gravity(df, constraint=c) for c in ("production", "attraction", "doubly")}
    monkeypatch.setattr(_stderr, "block_errors", lambda *a, **k: None)
    for c, r in ref.items():
        slow = fit_gravity(df, constraint=c)  # type: ignore[arg-type]
        np.testing.assert_allclose(slow.std_err.to_numpy(), r.std_err.to_numpy(), rtol=1e-8)


def test_block_errors_refuse_a_singular_information() -> None:
    from metroscope.flows._stderr import block_errors

    z = np.ones((4, 1))  # the slope's regressor equals the constant: not identified
    assert block_errors(z, np.ones(4), np.array([0, 0, 1, 1]), 2) is None


def test_small_doubly_fit_restores_numba_threads() -> None:
    import numba

    before = numba.get_num_threads()
    df = austria()
    fit_gravity(df, constraint="doubly")
    assert numba.get_num_threads() == before
    with pytest.raises(FlowModelError):
        fit_gravity(df, constraint="doubly", max_iter=1)
    assert numba.get_num_threads() == before


def test_deferred_doubly_errors_ignore_later_edits_and_survive_pickling() -> None:
    import pickle

    df = austria()
    res = fit_gravity(df, constraint="doubly", deterrence="power")
    expected = _dense_errors(df, res, "doubly")  # from the fitted flows before any edit
    copy = pickle.loads(pickle.dumps(res))  # pickling computes them
    res.fitted["predicted"] *= 2.0  # an edit of the fitted table after the fit
    np.testing.assert_allclose(res.std_err.to_numpy(), expected, rtol=1e-9)
    np.testing.assert_allclose(copy.std_err.to_numpy(), expected, rtol=1e-9)
    assert res.std_err is res.std_err  # computed once


def test_deferred_doubly_errors_ignore_later_edits_of_the_input_codes() -> None:
    df = austria()
    df["origin"] = pd.factorize(df["origin"], sort=True)[0]  # integer codes 0..k-1, which the
    df["destination"] = pd.factorize(df["destination"], sort=True)[0]  # fit uses as they are
    res = fit_gravity(df, constraint="doubly", deterrence="power")
    expected = _dense_errors(df.copy(), res, "doubly")  # before the edit
    df.loc[df.index[:5], "origin"] = df["origin"].to_numpy()[5:10]  # the caller's columns
    df.loc[df.index[:5], "destination"] = 0  # edited in place after the fit
    np.testing.assert_allclose(res.std_err.to_numpy(), expected, rtol=1e-9)


@pytest.mark.parametrize(("constraint", "deterrence"), [
    ("none", "power"), ("production", "exp"), ("attraction", "power"), ("doubly", "exp"),
    ("doubly", "power")])
def test_the_fitted_table_is_an_ordinary_writable_frame(constraint: str, deterrence: str
                                                        ) -> None:
    """``fitted``'s ``observed`` and ``cost`` were read-only views of the observed table:
    ``res.fitted["cost"] *= 2`` or a ``.loc`` assignment raised "assignment destination is
    read-only". They are the caller's now, and editing them changes neither the caller's table
    nor the fit (coefficients, standard errors read after the edit, goodness of fit)."""
    df = austria()
    given = df.copy()
    res = fit_gravity(df, constraint=constraint,  # type: ignore[arg-type]
                      deterrence=deterrence)  # type: ignore[arg-type]
    twin = fit_gravity(df.copy(), constraint=constraint,  # type: ignore[arg-type]
                       deterrence=deterrence)  # type: ignore[arg-type]  # never edited
    f = res.fitted
    first = f.index[0]
    f["cost"] *= 2
    f.loc[first, "observed"] = -1.0
    f.loc[f.index[1:3], ["observed", "predicted"]] = 0.0
    f.iloc[3, 2] = 123.0
    # the edits took, on the values of the file (the austria table is in fitted's order)
    by_pair = df.set_index(["origin", "destination"])
    assert f.loc[f.index[5], "cost"] == 2 * by_pair.loc[f.index[5], "cost"]
    assert f.loc[first, "observed"] == -1.0 and f.iloc[3, 2] == 123.0
    assert (f.loc[f.index[1:3], ["observed", "predicted"]].to_numpy() == 0).all()
    # ... and reached nothing else: the caller's table, the fit's own results
    pd.testing.assert_frame_equal(df, given)
    np.testing.assert_allclose(res.std_err.to_numpy(), twin.std_err.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(res.params.to_numpy(), twin.params.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(res.gof.to_numpy(), twin.gof.to_numpy(), rtol=1e-12)
    assert twin.fitted.loc[first, "observed"] == by_pair.loc[first, "flow"]
