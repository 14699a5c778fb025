"""Seats, distances, travel-time matrices, pair indices and the gravity term of the
gravity-type indicators (``indicators/_geometry.py``) on seats and matrices written here.

Distances against the textbook haversine written in the test with :mod:`math`
(d = 2R asin √(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)), R = 6371.0088 km, the IUGG mean radius)
and one published figure: one degree of latitude on that sphere is 2πR / 360 = 111.195 km.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from metroscope._errors import MissingDataError, ParameterError, error_text
from metroscope.indicators import _geometry as G

R = 6371.0088

SEATS = {  # code: (lon, lat); 长春, 吉林, 四平 seats, one unit without a seat, one twin of A
    "A": (125.3245, 43.8868), "B": (126.5496, 43.8378), "C": (124.3504, 43.1664),
    "N": (float("nan"), 43.0), "T": (125.3245, 43.8868), "M": (126.0, float("nan")),
}


def _region(seats: dict[str, tuple[float, float]] = SEATS) -> Any:
    units = pd.DataFrame({"seat_lon": [v[0] for v in seats.values()],
                          "seat_lat": [v[1] for v in seats.values()]},
                         index=pd.Index(list(seats), name="code"))
    return SimpleNamespace(units=units)


def _hav(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * R * math.asin(math.sqrt(h))


def test_seats_left_out_with_a_note_or_refused() -> None:
    notes: list[str] = []
    kept = G._seats(_region(), ["N", "A", "M", "B", "C"], False, notes)
    assert kept == ["A", "B", "C"]
    assert len(notes) == 1
    assert notes[0] == "left out for lack of seat coordinates: N, M"
    assert getattr(notes[0], "zh", None) == "因缺少驻地坐标而剔除:N、M"
    notes = []
    assert G._seats(_region(), ["C", "A"], True, notes) == ["C", "A"]
    assert notes == []
    with pytest.raises(MissingDataError) as ei:
        G._seats(_region(), ["A", "N", "M"], True, notes)
    assert error_text(ei.value, "en") == (
        "No seat coordinates for 2 unit(s): ['N', 'M']. Add seat_lon/seat_lat or leave them "
        "out (codes=...).")
    assert notes == []


def test_seats_refusal_lists_ten_codes_and_counts_all() -> None:
    seats = {f"u{i:02d}": (float("nan"), 40.0) for i in range(12)}
    with pytest.raises(MissingDataError) as ei:
        G._seats(_region(seats), list(seats), True, [])
    want = repr([f"u{i:02d}" for i in range(10)])
    assert error_text(ei.value, "en").startswith(f"No seat coordinates for 12 unit(s): {want}.")


def test_distances_against_the_haversine_by_hand() -> None:
    rows, cols = ["A", "B", "C"], ["C", "A", "B", "T"]
    d = G._distance(_region(), rows, cols)
    assert d.shape == (3, 4)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            want = _hav(SEATS[r], SEATS[c])
            assert d[i, j] == pytest.approx(want, rel=1e-9, abs=1e-6), (r, c)
    # 长春-吉林 is about 98 km, 长春-四平 about 112 km: magnitudes, not just a formula
    assert 95 < d[0, 2] < 101
    assert 105 < d[0, 0] < 115
    # a seat and its twin are the same point
    assert d[0, 3] == 0.0 and d[0, 1] == 0.0


def test_one_degree_of_latitude_and_of_longitude_on_the_equator() -> None:
    seats = {"p": (0.0, 0.0), "q": (0.0, 1.0), "r": (1.0, 0.0), "s": (90.0, 0.0),
             "t": (0.0, 60.0), "u": (1.0, 60.0)}
    d = G._distance(_region(seats), ["p", "t"], ["q", "r", "s", "u"])
    one_degree = 2 * math.pi * R / 360  # 111.195 km
    assert one_degree == pytest.approx(111.195, abs=1e-3)
    assert d[0, 0] == pytest.approx(one_degree, rel=1e-9)
    assert d[0, 1] == pytest.approx(one_degree, rel=1e-9)
    assert d[0, 2] == pytest.approx(90 * one_degree, rel=1e-9)
    # along the parallel of 60°, one degree of longitude is the haversine (not cos 60° × 111 km)
    assert d[1, 3] == pytest.approx(_hav((0.0, 60.0), (1.0, 60.0)), rel=1e-9)
    assert d[1, 3] == pytest.approx(55.597, abs=0.01)


def test_seats_closer_than_a_metre_are_the_same_place() -> None:
    # 0.5 m and 2 m apart along a meridian: 1 degree = 111 195 m
    seats = {"a": (125.0, 44.0), "b": (125.0, 44.0 + 0.5 / 111195.0),
             "c": (125.0, 44.0 + 2.0 / 111195.0)}
    d = G._distance(_region(seats), ["a"], ["a", "b", "c"])
    assert G.COINCIDENT_KM == 1e-3
    assert d[0, 0] == 0.0
    assert d[0, 1] == 0.0
    assert d[0, 2] == pytest.approx(0.002, abs=3e-4)


def test_antipodes_are_half_the_circumference() -> None:
    seats = {"a": (0.0, 0.0), "b": (180.0, 0.0)}
    d = G._distance(_region(seats), ["a"], ["b"])
    assert d[0, 0] == pytest.approx(math.pi * R, rel=1e-9)


def _tt() -> pd.DataFrame:
    return pd.DataFrame([[0.0, 30.0, np.inf], [31.0, 0.0, 45.0], [60.0, 44.0, 0.0]],
                        index=pd.Index([1, 2, 3]), columns=["1", "2", "3"])


def test_codes_in_the_matrix() -> None:
    tt = _tt().drop(columns=["3"])
    notes: list[str] = []
    assert G._in_matrix(tt, ["3", "1", "9", "2"], notes) == ["1", "2"]
    assert notes == ["left out for lack of travel times: 3, 9"]
    notes = []
    assert G._in_matrix(_tt(), ["2", "1"], notes) == ["2", "1"]
    assert notes == []


def test_times_read_by_code_as_text() -> None:
    t = G._times(_tt(), ["3", "1"], ["2", "3"])
    assert t.dtype == np.float64
    assert t.tolist() == [[44.0, 0.0], [30.0, np.inf]]


def test_times_refuse_a_matrix_without_the_units_or_with_negative_minutes() -> None:
    with pytest.raises(MissingDataError) as ei:
        G._times(_tt(), ["1", "7", "5"], ["5", "2", "8"])
    assert error_text(ei.value, "en").startswith(
        "travel_time_min lacks 3 unit(s): ['5', '7', '8']. Give a code x code matrix")
    with pytest.raises(MissingDataError) as ei:
        G._times(_tt(), ["1"], ["9"])
    assert error_text(ei.value, "en").startswith("travel_time_min lacks 1 unit(s): ['9'].")
    many = [str(i) for i in range(10, 22)]
    with pytest.raises(MissingDataError) as ei:
        G._times(_tt(), many, ["1"])
    assert error_text(ei.value, "en").startswith(
        f"travel_time_min lacks 12 unit(s): {sorted(many)[:10]!r}.")
    neg = _tt()
    neg.iloc[1, 0] = -1.0
    with pytest.raises(ParameterError) as ei2:
        G._times(neg, ["2"], ["1"])
    assert error_text(ei2.value, "en") == (
        "travel_time_min has negative minutes; travel times must be >= 0 (inf = unreachable).")
    # a negative cell outside the rows and columns asked for is not read
    assert G._times(neg, ["1"], ["2"]).tolist() == [[30.0]]
    # the caller's matrix keeps its labels
    tt = _tt()
    G._times(tt, ["1"], ["1"])
    assert tt.index.tolist() == [1, 2, 3]


def test_matrix_id() -> None:
    assert G._matrix_id(None) is None
    tt = _tt()
    assert G._matrix_id(tt) == {"shape": [3, 3]}
    assert G._matrix_id(tt.iloc[:2]) == {"shape": [2, 3]}
    tt.attrs["metroscope"] = {"mode": "fastest", "network_year": 2024}
    got = G._matrix_id(tt)
    assert got == {"mode": "fastest", "network_year": 2024}
    got["mode"] = "road"
    assert tt.attrs["metroscope"]["mode"] == "fastest"
    tt.attrs["metroscope"] = {}
    assert G._matrix_id(tt) == {"shape": [3, 3]}


def test_pairs_index() -> None:
    mi = G._pairs_index(["x", "y", "z"], np.array([0, 2, 1]), np.array([1, 0, 2]))
    assert list(mi) == [("x", "y"), ("z", "x"), ("y", "z")]
    assert list(mi.names) == ["origin", "destination"]
    mi = G._pairs_index(["x", "y"], np.array([1]), np.array([0]), names=("centre", "place"))
    assert list(mi) == [("y", "x")] and list(mi.names) == ["centre", "place"]
    assert mi.levels[0].dtype == object


def test_gravity_term_by_hand() -> None:
    mi = np.array([4.0, 9.0, 1.0, 2.0, 3.0, 5.0])
    mj = np.array([25.0, 16.0, 1.0, 2.0, 3.0, 7.0])
    k = np.array([2.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    f = np.array([10.0, 3.0, np.inf, 0.0, np.nan, -4.0])
    for b in (1.0, 2.0, 1.5, 0.0):
        got = G._gravity(mi, mj, k, f, b)
        assert got.dtype == np.float64
        assert got[0] == pytest.approx(2 * 4 * 25 / 10.0 ** b, rel=1e-12), b
        assert got[1] == pytest.approx(9 * 16 / 3.0 ** b, rel=1e-12), b
        assert got[2] == 0.0
        assert np.isnan(got[3]) and np.isnan(got[4]) and np.isnan(got[5])
    # b = 2: 200 / 100 = 2 and 144 / 9 = 16; b = 1: 20 and 48
    assert G._gravity(mi, mj, k, f, 2)[:2].tolist() == [2.0, 16.0]
    assert G._gravity(mi, mj, k, f, 1)[:2].tolist() == [20.0, 48.0]
    assert G._gravity(mi, mj, k, f, 3)[:2].tolist() == pytest.approx([0.2, 144 / 27])


def test_off_diagonal_cells_in_row_order() -> None:
    flat, rows, cols = G.off_diagonal(3)
    assert flat.tolist() == [1, 2, 3, 5, 6, 7]
    assert rows.tolist() == [0, 0, 1, 1, 2, 2]
    assert cols.tolist() == [1, 2, 0, 2, 0, 1]
    flat, rows, cols = G.off_diagonal(1)
    assert flat.tolist() == [] and rows.tolist() == [] and cols.tolist() == []


def test_block_frame() -> None:
    idx = pd.Index(["p", "q"], name="k")
    df = G.block_frame({"a": np.array([1.0, 2.0]), "b": np.array([3.0, 4.0]),
                        "c": np.array([5, 6])}, idx)
    assert list(df.columns) == ["a", "b", "c"]
    assert df.index.equals(idx)
    assert df.to_dict("list") == {"a": [1.0, 2.0], "b": [3.0, 4.0], "c": [5.0, 6.0]}
    assert set(df.dtypes) == {np.dtype("float64")}


def test_antipodes_whose_haversine_rounds_above_one() -> None:
    # per-point sines and cosines give hav = 1 + 2.2e-16 here: clipped to 1, not NaN
    seats = {"a": (-20.608981569168662, 76.7210822446456),
             "b": (159.39101843083134, -76.7210822446456)}
    d = G._distance(_region(seats), ["a", "b"], ["b", "a"])
    assert d[0, 0] == pytest.approx(math.pi * R, rel=1e-9)
    assert d[1, 1] == pytest.approx(math.pi * R, rel=1e-9)
    assert d[0, 1] == 0.0 and d[1, 0] == 0.0


def test_gravity_term_at_distances_up_to_one() -> None:
    mi, mj, k = np.array([3.0, 3.0]), np.array([4.0, 4.0]), np.array([1.0, 1.0])
    f = np.array([0.5, 1.0])
    # 12 / 0.5^2 = 48 and 12 / 1 = 12: a short distance is no missing value
    assert G._gravity(mi, mj, k, f, 2).tolist() == [48.0, 12.0]
    assert G._gravity(mi, mj, k, f, 0.5).tolist() == pytest.approx([12 / math.sqrt(0.5), 12.0])


def test_gravity_term_overflowing_to_infinity_is_quiet() -> None:
    # 1e200 * 1e200 overflows float64: inf, with no NumPy warning (warnings are errors here)
    got = G._gravity(np.array([1e200]), np.array([1e200]), np.array([1.0]), np.array([2.0]), 2)
    assert got.tolist() == [math.inf]
    got = G._gravity(np.array([1.0]), np.array([1.0]), np.array([1.0]), np.array([1e-200]), 3)
    assert got.tolist() == [math.inf]
