"""Radiation model options by hand: truncated pairs under each normalisation, the provenance and
notes the result carries, the refusals (messages in full) and zero-mass rows.

Three points on the equator at longitude 0, 1 and 3 with populations 100, 50 and 200
(M = 350); each origin's nearest destination has nobody in between (s = 0), so
``p = m_i n_j / (m_i (m_i + n_j))``: u0 → u1 = 1/3, u1 → u0 = 2/3, u2 → u1 = 1/5.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
import pytest

from metroscope import DataValidationError
from metroscope.flows import _kernels as K
from metroscope.flows import radiation
from metroscope.flows._radiation_blocks import sparse_probabilities
from metroscope.flows._table import FlowModelError
from metroscope.flows.radiation import model_inputs
from test_flows_radiation import line

NEAREST = {("u0", "u1"): 1 / 3, ("u1", "u0"): 2 / 3, ("u2", "u1"): 1 / 5}
POP = {"u0": 100.0, "u1": 50.0, "u2": 200.0}


def three() -> pd.DataFrame:
    return line([100.0, 50.0, 200.0], [0.0, 1.0, 3.0])


@pytest.mark.parametrize("norm", ["none", "finite", "row"])
def test_nearest_destination_under_each_normalisation(norm: str) -> None:
    f = radiation(three(), k_nearest=1, normalisation=norm)  # type: ignore[arg-type]
    assert sorted(f.index) == sorted(NEAREST)
    scale = {"none": lambda o, p: p, "finite": lambda o, p: p / (1 - POP[o] / 350.0),
             "row": lambda o, p: 1.0}[norm]
    want = {k: scale(k[0], p) for k, p in NEAREST.items()}
    for k, p in want.items():
        assert f.loc[k, "probability"] == pytest.approx(p, rel=1e-13)
        assert f.loc[k, "flow"] == pytest.approx(p * POP[k[0]], rel=1e-13)
    kept = [n for n in f.attrs["metroscope"]["notes"] if n.key == "flow_mean_kept_probability"]
    assert len(kept) == 1
    assert kept[0].params["value"] == pytest.approx(sum(want.values()) / 3, rel=1e-13)


def test_provenance_of_each_option() -> None:
    f = radiation(three(), k_nearest=1, normalisation="finite")
    assert f.attrs["metroscope"]["parameters"] == {
        "model": "original", "alpha": None, "tie_rule": "inclusive", "normalisation": "finite",
        "ranking": "great-circle distance", "k_nearest": 1, "cutoff_km": None,
        "outflows": "population", "colocated": "merge"}
    codes = ["u0", "u1", "u2"]
    cost = pd.DataFrame([[0, 1, 3], [1, 0, 2], [3, 2, 0]], index=codes, columns=codes,
                        dtype=float)
    g = radiation(three(), cost=cost, model="extended", alpha=0.5, tie_rule="ordered",
                  normalisation="finite", outflows=pd.Series({"u0": 1.0, "u1": 2.0, "u2": 3.0}))
    assert g.attrs["metroscope"]["parameters"] == {
        "model": "extended", "alpha": 0.5, "tie_rule": "ordered", "normalisation": "row",
        "ranking": "cost matrix", "k_nearest": None, "cutoff_km": None, "outflows": "given",
        "colocated": "keep"}
    assert g.attrs["metroscope"]["indicator"] == "radiation_flows"
    default_alpha = radiation(three(), model="extended").attrs["metroscope"]["parameters"]
    assert default_alpha["alpha"] == 1.0
    assert "notes" not in g.attrs["metroscope"] or not g.attrs["metroscope"]["notes"]
    # the extended model is row-normalised whatever was asked: every row sums to its T_i
    np.testing.assert_allclose(g["flow"].groupby(level=0).sum().to_numpy(), [1, 2, 3])
    loc = three()
    loc["outflow"] = [7.0, 8.0, 9.0]
    h = radiation(loc, cutoff_km=500.0)
    assert h.attrs["metroscope"]["parameters"]["outflows"] == "given"
    assert h.attrs["metroscope"]["parameters"]["cutoff_km"] == 500.0
    np.testing.assert_allclose(h["flow"].groupby(level=0).sum().to_numpy(), [7, 8, 9])


def test_cutoff_uses_the_given_earth_radius() -> None:
    # u0 - u1 is 1 degree: 111.19508 km on the default sphere, 111.19493 km on R = 6371
    with_default = radiation(three(), cutoff_km=111.195)
    assert ("u0", "u1") not in with_default.index
    with_6371 = radiation(three(), cutoff_km=111.195, earth_radius_km=6371.0)
    assert sorted(with_6371.index) == [("u0", "u1"), ("u1", "u0")]


def test_logged_summary(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="metroscope.flows.radiation"):
        radiation(three(), k_nearest=1, normalisation="none")
        radiation(three(), model="extended", tie_rule="ordered")
    assert caplog.messages == [
        "Radiation on 3 kept pairs of 3 locations",
        "Radiation model (original, ties inclusive, none normalisation) on 3 locations",
        "Radiation model (extended, ties ordered, row normalisation) on 3 locations"]


def test_refusals_say_what_to_do() -> None:
    codes = ["u0", "u1", "u2"]
    cost = pd.DataFrame(np.ones((3, 3)), index=codes, columns=codes)
    with pytest.raises(FlowModelError) as e:
        radiation(three(), cost=cost, k_nearest=1)
    assert str(e.value) == ("k_nearest/cutoff_km work on great-circle distance; drop cost= or "
                            "them.")
    with pytest.raises(FlowModelError, match=r"^k_nearest/cutoff_km work"):
        radiation(three(), cost=cost, cutoff_km=100.0)
    with pytest.raises(FlowModelError) as e:
        radiation(line([0.0, 0.0]))
    assert str(e.value) == ("The total population is zero: the radiation model needs positive "
                            "masses.")
    with pytest.raises(FlowModelError) as e:
        radiation(three(), tie_rule="random")  # type: ignore[arg-type]
    assert str(e.value) == "Unknown tie_rule 'random'; expected one of inclusive, ordered."
    with pytest.raises(FlowModelError, match=r"^Unknown model 'gravity'; expected one of "):
        radiation(three(), model="gravity")  # type: ignore[arg-type]
    with pytest.raises(FlowModelError, match=r"^Unknown normalisation 'x'; expected one of "):
        radiation(three(), normalisation="x")  # type: ignore[arg-type]
    # coordinates are needed without a cost matrix, whoever asks
    with pytest.raises(DataValidationError, match="lon"):
        radiation(pd.DataFrame({"population": [1.0, 2.0]}, index=["a", "b"]))
    with pytest.raises(DataValidationError, match="lon"):
        model_inputs(pd.DataFrame({"population": [1.0, 2.0]}, index=["a", "b"]), None,
                     model="original", alpha=1.0, tie_rule="inclusive", normalisation="row")
    # a total below one person is still a positive total
    f = radiation(line([0.25, 0.5]), normalisation="none")
    assert f["probability"].tolist() == pytest.approx([0.25 * 0.5 / (0.25 * 0.75),
                                                       0.5 * 0.25 / (0.5 * 0.75)])


def test_outflow_problems_are_counted() -> None:
    loc = line([1.0] * 12)
    with pytest.raises(FlowModelError) as e:
        radiation(loc, outflows=pd.Series({"u0": np.nan, "u1": -1.0, "u2": -2.0}))
    assert str(e.value) == (
        "outflows must give a non-negative number for every location; missing ['u10', 'u11', "
        "'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'], NaN or negative values: 3.")
    with pytest.raises(FlowModelError, match=re.escape("missing [], NaN or negative values: 1.")):
        radiation(line([1.0] * 3), outflows=pd.Series({"u0": 0.0, "u1": -0.5, "u2": 0.5}))
    with pytest.raises(FlowModelError, match=re.escape("missing [], NaN or negative values: 1.")):
        radiation(line([1.0, 1.0]), outflows=pd.Series({"u0": 1.0, "u1": np.nan}))
    many = line([1.0] * 13)
    with pytest.raises(FlowModelError, match=re.escape(
            "missing ['u0', 'u1', 'u10', 'u11', 'u12', 'u2', 'u3', 'u4', 'u5', 'u6'], NaN")):
        radiation(many, outflows=pd.Series({"x": 1.0}))
    # codes given as numbers are matched as text; zero outflows are allowed
    loc = pd.DataFrame({"lon": [0.0, 1.0], "lat": [0.0, 0.0], "population": [1.0, 1.0]},
                       index=["1", "2"])
    f = radiation(loc, outflows=pd.Series({1: 4.0, 2: 0.0}))
    assert f["flow"].tolist() == [4.0, 0.0]
    # matched by code, not by position
    g = radiation(three(), outflows=pd.Series({"u2": 3.0, "u1": 2.0, "u0": 1.0}))
    np.testing.assert_allclose(g["flow"].groupby(level=0).sum().to_numpy(), [1, 2, 3])


@pytest.mark.parametrize("k", [None, 1])
def test_origin_with_nobody_to_reach_gets_no_flow(k: int | None) -> None:
    # every destination of u0 is empty: its probabilities are all zero, row-normalised or not
    loc = line([100.0, 0.0, 0.0], [0.0, 1.0, 3.0])
    f = radiation(loc, k_nearest=k)
    assert f.xs("u0", level="origin")["flow"].tolist() == [0.0] * (2 if k is None else 1)
    assert f["probability"].tolist() == [0.0] * len(f)  # no NaN from 0 / 0


@pytest.mark.parametrize("k", [1, 2])
def test_blocks_of_one_origin_and_progress(k: int) -> None:
    # ties seen from u0 (u1 east and u2 west, both 1 degree): inclusive counts the other one
    loc = line([10.0, 20.0, 30.0], [0.0, 1.0, -1.0])
    whole = radiation(loc, k_nearest=k, normalisation="none", engine="local")
    calls: list[tuple[int, int]] = []
    f = radiation(loc, k_nearest=k, normalisation="none", engine="local", chunk_rows=1,
                  progress=lambda done, total: calls.append((done, total)))
    assert sorted(calls) == [(1, 3), (2, 3), (3, 3)]
    pd.testing.assert_frame_equal(f, whole)
    if k == 2:
        assert f.loc[("u0", "u1"), "probability"] == pytest.approx(
            10 * 20 / ((10 + 30) * (10 + 20 + 30)), rel=1e-14)
        assert f.loc[("u0", "u2"), "probability"] == pytest.approx(
            10 * 30 / ((10 + 20) * (10 + 30 + 20)), rel=1e-14)
        # from u1 (lon 1): u0 at 1 degree, u2 at 2 degrees with u0 in between
        assert f.loc[("u1", "u2"), "probability"] == pytest.approx(
            20 * 30 / ((20 + 10) * (20 + 30 + 10)), rel=1e-14)
    calls.clear()
    radiation(loc, engine="local", chunk_rows=1, progress=lambda d, t: calls.append((d, t)))
    assert sorted(calls) == [(1, 3), (2, 3), (3, 3)]


def test_sparse_probabilities_raw_sums_cover_empty_rows() -> None:
    # origin 0 -> 1 only, origin 1 has no candidate: raw sums [1/2, 0]
    p, raw = sparse_probabilities(np.array([0, 1, 1]), np.array([1]), np.array([1.0]), 0,
                                  np.array([1.0, 1.0]), tie_rule=K.TIE_INCLUSIVE,
                                  model=K.MODEL_ORIGINAL, alpha=1.0, norm="none", total=2.0)
    assert p.tolist() == [0.5]
    assert raw.tolist() == [0.5, 0.0]
    # the block's first origin is `first`: origin 1 -> 0 with m = (1, 3)
    p, raw = sparse_probabilities(np.array([0, 1]), np.array([0]), np.array([1.0]), 1,
                                  np.array([1.0, 3.0]), tie_rule=K.TIE_INCLUSIVE,
                                  model=K.MODEL_ORIGINAL, alpha=1.0, norm="none", total=4.0)
    assert p.tolist() == pytest.approx([3 * 1 / (3 * 4)])


@pytest.mark.dask
def test_dask_path_equals_local_and_respects_the_engine() -> None:
    # an in-process scheduler with one worker thread: the dask branch of radiation() (blocks
    # returned, not written in place) against the local one, block by block
    import distributed

    codes = ["u0", "u1", "u2"]
    cost = pd.DataFrame([[0, 1, 3], [1, 0, 2], [3, 2, 0]], index=codes, columns=codes,
                        dtype=float)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1,
                            dashboard_address=None) as client:
        for kw in ({}, {"normalisation": "finite"}, {"k_nearest": 1}, {"cost": cost}):
            local = radiation(three(), engine="local", **kw)  # type: ignore[arg-type]
            calls: list[tuple[int, int]] = []
            with distributed.get_task_stream(client=client) as ts:
                remote = radiation(three(), engine="dask", client=client, chunk_rows=1,
                                   progress=lambda d, t, c=calls: c.append((d, t)),
                                   **kw)  # type: ignore[arg-type]
            assert len(ts.data) == 3 and sorted(calls)[-1] == (3, 3)
            pd.testing.assert_frame_equal(remote, local)
            with distributed.get_task_stream(client=client) as ts:
                radiation(three(), engine="local", client=client, **kw)  # type: ignore[arg-type]
            assert ts.data == []
