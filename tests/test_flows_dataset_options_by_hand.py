"""The streamed dataset's option helpers (``flows/dataset.py``): the sample of origins whose
kept share is computed exactly, the truncation check, the geometry handed to the blocks, the
refusal of co-located locations and the kept-share reader, on inputs written in this file."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metroscope._errors import OutputError
from metroscope.flows._pairs import PairIndex
from metroscope.flows._table import FlowModelError, locations_table
from metroscope.flows.dataset import (
    _check_truncation,
    _geometry,
    _sample,
    radiation_to_parquet,
    read_kept_share,
)


def test_sample_by_hand() -> None:
    for got in (_sample(5, None, 1), _sample(5, 5, 1), _sample(5, 9, 1)):
        assert got.dtype == bool and got.tolist() == [True] * 5
    assert _sample(5, 0, 1).tolist() == [False] * 5
    two = _sample(6, 2, 7)
    assert two.sum() == 2
    # the seeded draw without replacement: NumPy's generator of that seed
    want = np.zeros(6, dtype=bool)
    want[np.random.default_rng(7).choice(6, 2, replace=False)] = True
    assert two.tolist() == want.tolist()
    assert _sample(6, 2, 7).tolist() == two.tolist()
    assert any(_sample(6, 2, s).tolist() != two.tolist() for s in range(8, 20))
    with pytest.raises(FlowModelError) as exc:
        _sample(5, -1, 1)
    assert (exc.value.args[0].key, exc.value.args[0].params["got"]) == ("err_flow_error_sample",
                                                                        -1)


def test_truncation_and_geometry_by_hand() -> None:
    assert _check_truncation(None, None) is False
    assert _check_truncation(3, None) is True and _check_truncation(None, 50.0) is True
    assert _check_truncation(3, 50.0) is True
    for bad in ((0, None), (None, -1.0), (None, math.nan)):
        with pytest.raises(FlowModelError):
            _check_truncation(*bad)
    df = locations_table(pd.DataFrame({"lon": [120.0, 121.5], "lat": [40.0, 41.0],
                                       "population": [1.0, 2.0]}, index=["a", "b"]))
    rad, tree = _geometry(df, False)
    assert tree is None
    np.testing.assert_allclose(rad["lat"], np.radians([40.0, 41.0]), rtol=1e-15)
    np.testing.assert_allclose(rad["lon"], np.radians([120.0, 121.5]), rtol=1e-15)
    assert isinstance(_geometry(df, True)[1], PairIndex)


def test_colocated_locations_are_refused(tmp_path: Path) -> None:
    """Four points held by 2, 3, 2 and 2 units and one alone: 4 groups of 9 rows, the first
    three shown; nothing is written."""
    lon = [0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 4.0, 4.0]
    names = ["a", "a2", "b", "b2", "b3", "c", "d", "d2", "e", "e2"]
    loc = pd.DataFrame({"lon": lon, "lat": [0.0] * 10, "population": [10.0] * 10},
                       index=names)
    from metroscope._errors import MetroscopeError

    with pytest.raises(MetroscopeError) as exc:
        radiation_to_parquet(loc, tmp_path / "r", k_nearest=2)
    msg = exc.value.args[0]
    assert msg.key == "err_flow_parquet_colocated"
    assert (msg.params["n"], msg.params["rows"], len(msg.params["groups"])) == (4, 9, 3)
    assert "a" in str(msg.params["groups"][0]) and "b3" in str(msg.params["groups"][1])
    assert not (tmp_path / "r").exists()
    one = loc.drop(index=["a2", "b2", "b3", "d2", "e2"])
    radiation_to_parquet(one, tmp_path / "ok", k_nearest=2)  # no shared point: written


def test_read_kept_share_by_hand(tmp_path: Path) -> None:
    """a, b, c (100, 50, 200) at 0, 1, 3 degrees, k = 1, ordered ties: one kept pair a row,
    p = n_j / (m_i + n_j), over the closed form 1 - m_i / M (M = 350): a keeps b, 50/150 over
    250/350; b keeps a, 100/150 over 300/350; c keeps b, 50/250 over 150/350."""
    loc = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0] * 3,
                        "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
    radiation_to_parquet(loc, tmp_path / "k", k_nearest=1, tie_rule="ordered")
    got = read_kept_share(tmp_path / "k")
    assert got.name == "kept_share" and got.index.name == "code"
    assert got.index.tolist() == ["a", "b", "c"]
    np.testing.assert_allclose(got.to_numpy(), [(50 / 150) / (250 / 350),
                                                (100 / 150) / (300 / 350),
                                                (50 / 250) / (150 / 350)], rtol=1e-12)
    with pytest.raises(OutputError) as exc:
        read_kept_share(tmp_path)
    msg = exc.value.args[0]
    assert (msg.key, msg.params["path"], msg.params["kept"]) == (
        "err_flow_not_a_dataset", str(tmp_path), "_kept_share.parquet")
