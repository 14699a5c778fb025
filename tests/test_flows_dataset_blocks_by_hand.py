"""The streamed dataset's block kernels (``flows/_dataset_blocks.py``) on a few units whose every
number is worked out in this file: part files read back with pyarrow, kept shares and flows by
hand (haversine written here), tie groups against the dense model, the first zero-distance pair
named, and each part's metadata.

Units on the equator: one degree of longitude is 2 pi R / 360 = 111.19508 km (R = 6371.0088 km).
"""

from __future__ import annotations

import math
import os
import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from metroscope.flows import radiation
from metroscope.flows._dataset_blocks import _dense_pairs, _write_part
from metroscope.flows._table import FlowModelError
from metroscope.flows.dataset import gravity_to_parquet, radiation_to_parquet

KM_PER_DEG = 2 * math.pi * 6371.0088 / 360


def _line(lons: list[float], pops: list[float], names: str | None = None) -> pd.DataFrame:
    index = list(names) if names else [f"u{i}" for i in range(len(lons))]
    return pd.DataFrame({"lon": lons, "lat": [0.0] * len(lons), "population": pops},
                        index=index)


def _dictionary(part: Path, column: str) -> list[str]:
    return pq.read_table(part).column(column).combine_chunks().dictionary.to_pylist()


def test_a_zero_mass_origin_has_no_kept_share_and_no_warning(tmp_path: Path) -> None:
    """a (0 deg, 100), b (0.5 deg, 0), c (1 deg, 200), d (3 deg, 30), k = 2, ordered ties.
    p_ij = m_i n_j / ((m_i + s)(m_i + n_j + s)); untruncated sum 1 - m_i / M, M = 330:
    a keeps b (p 0) and c (s = 0: 2/3), share (2/3) / (230/330) = 22/23; b has mass 0, so
    0 / 0: NaN (and no NumPy warning, which the suite turns into an error); c keeps b (0) and a
    (s = 0: 1/3), share (1/3) / (130/330) = 11/13; d keeps c (20/23) and b (0), share 22/23.
    The same with every origin summed exactly (inclusive rule, no ties here)."""
    loc = _line([0.0, 0.5, 1.0, 3.0], [100.0, 0.0, 200.0, 30.0], "abcd")
    for rule in ("ordered", "inclusive"):
        ds = radiation_to_parquet(loc, tmp_path / rule, k_nearest=2, tie_rule=rule,  # type: ignore[arg-type]
                                  error_sample=None, normalisation="none")
        np.testing.assert_allclose(ds.kept_share.to_numpy(),
                                   [22 / 23, np.nan, 11 / 13, 22 / 23], rtol=1e-12)
        back = pd.read_parquet(tmp_path / rule).astype({"origin": str, "destination": str})
        got = {(o, d): p for o, d, p in back[["origin", "destination", "probability"]]
               .itertuples(index=False)}
        assert got == pytest.approx({("a", "b"): 0.0, ("a", "c"): 2 / 3, ("b", "a"): 0.0,
                                     ("b", "c"): 0.0, ("c", "b"): 0.0, ("c", "a"): 1 / 3,
                                     ("d", "c"): 20 / 23, ("d", "b"): 0.0}, rel=1e-12)


def test_lattice_ties_are_ranked_by_the_chord_as_in_the_dense_model(tmp_path: Path) -> None:
    """On a 3 x 3 lattice of 0.1 degree several destinations are at one distance: the kept
    pairs must tie exactly where the dense model's squared chords tie (the haversine term
    rounds some of those ties apart), so each kept probability equals the dense untruncated
    model's and the kept share its row sums (inclusive rule). With k = 2 the chords keep 18
    pairs, as the in-memory model's grid search does; ranked by the haversine term, 16 (ties
    split by rounding, then cut at the second place)."""
    n = 3
    loc = pd.DataFrame({"lon": [123.3 + 0.1 * i for i in range(n) for _ in range(n)],
                        "lat": [43.7 + 0.1 * j for _ in range(n) for j in range(n)],
                        "population": [10.0 * (k + 1) for k in range(n * n)]},
                       index=[f"g{k}" for k in range(n * n)])
    ds = radiation_to_parquet(loc, tmp_path / "r", k_nearest=2, tie_rule="inclusive",
                              colocated="keep", normalisation="none", error_sample=None)
    back = pd.read_parquet(tmp_path / "r").astype({"origin": str, "destination": str})
    dense = radiation(loc, tie_rule="inclusive", colocated="keep",
                      normalisation="none")["probability"]
    exact = dense.loc[pd.MultiIndex.from_frame(back[["origin", "destination"]])].to_numpy()
    np.testing.assert_allclose(back["probability"].to_numpy(), exact, rtol=1e-12)
    share = back.groupby("origin")["probability"].sum() / dense.groupby(level=0).sum()
    np.testing.assert_allclose(ds.kept_share.to_numpy(), share.reindex(loc.index).to_numpy(),
                               rtol=1e-12)
    # the pairs are those of the in-memory model's one-pass grid search (its own kernel)
    mem = radiation(loc, k_nearest=2, tie_rule="inclusive", colocated="keep",
                    normalisation="none")
    assert list(zip(back["origin"], back["destination"], strict=True)) == list(mem.index)
    assert len(back) == 18


def _km(a: float, b: float) -> float:
    """Haversine km between two points of the equator at longitudes a and b (degrees)."""
    h = math.sin(math.radians(b - a) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_gravity_with_weights_far_below_one(tmp_path: Path) -> None:
    """Populations 1, 2, 3, 0 at 0, 1, 3, 3.5 degrees, power deterrence beta = 2,
    w_ij = m_i m_j / d_ij^2 (all well below 1), k = 2: each origin's flows are its population
    shared in proportion to its kept weights, the kept share is the kept weights over all
    three (u0 and u1 lose only u3, of weight 0); u3, of population 0, sends nothing (share NaN,
    no warning)."""
    lons, pops = [0.0, 1.0, 3.0, 3.5], [1.0, 2.0, 3.0, 0.0]
    loc = _line(lons, pops)
    ds = gravity_to_parquet(loc, tmp_path / "g", k_nearest=2, error_sample=None)
    back = pd.read_parquet(tmp_path / "g").astype({"origin": str, "destination": str})
    got = back.set_index(["origin", "destination"])["flow"]
    shares = []
    for i in range(4):
        order = sorted((j for j in range(4) if j != i), key=lambda j: _km(lons[i], lons[j]))
        w = {j: pops[i] * pops[j] / _km(lons[i], lons[j]) ** 2 for j in order}
        kept = order[:2]
        assert sorted(got.loc[f"u{i}"].index) == sorted(f"u{j}" for j in kept)
        total_kept = sum(w[j] for j in kept)
        for j in kept:
            want = pops[i] * w[j] / total_kept if total_kept > 0 else 0.0
            assert got.loc[(f"u{i}", f"u{j}")] == pytest.approx(want, rel=1e-12, abs=1e-300)
        shares.append(total_kept / sum(w.values()) if sum(w.values()) > 0 else math.nan)
    assert shares[2] < 1.0  # u2 keeps u3 and u1, not u0
    np.testing.assert_allclose(ds.kept_share.to_numpy(), shares, rtol=1e-12)


def test_gravity_origin_without_a_pair_in_the_cutoff(tmp_path: Path) -> None:
    """With cutoff_km = 150 the last unit (10 degrees away) has no pair: it writes no row and
    keeps nothing of its weight (share 0), while the others keep their one neighbour."""
    lons, pops = [0.0, 1.0, 10.0], [100.0, 200.0, 50.0]
    loc = _line(lons, pops)
    ds = gravity_to_parquet(loc, tmp_path / "g", cutoff_km=150.0, error_sample=None)
    back = pd.read_parquet(tmp_path / "g").astype({"origin": str, "destination": str})
    assert list(zip(back["origin"], back["destination"], strict=True)) == [("u0", "u1"),
                                                                            ("u1", "u0")]
    np.testing.assert_allclose(back["flow"].to_numpy(), [100.0, 200.0], rtol=1e-12)
    np.testing.assert_allclose(back["cost"].to_numpy(), [KM_PER_DEG] * 2, rtol=1e-12)
    w01, w02, w12 = 100 * 200 / _km(0, 1) ** 2, 100 * 50 / _km(0, 10) ** 2, 200 * 50 / _km(1, 10) ** 2
    np.testing.assert_allclose(ds.kept_share.to_numpy(),
                               [w01 / (w01 + w02), w01 / (w01 + w12), 0.0], rtol=1e-12)


@pytest.mark.parametrize("kw", [{}, {"k_nearest": 1}])
def test_the_first_zero_distance_pair_is_named(tmp_path: Path, kw: dict[str, int]) -> None:
    """a and b are 0.004 degrees (0.44 km, under 1 km) apart and come first; c and c2 share a
    point: power deterrence is refused naming c -> c2, the first pair at distance 0. A unit of
    population 0 at that point (c0) gives 0 x inf in its weights: refused the same way, with no
    NumPy warning first."""
    loc = pd.DataFrame({"lon": [0.0, 0.004, 2.0, 2.0], "lat": [0.0] * 4,
                        "population": [100.0, 50.0, 200.0, 30.0]}, index=["a", "b", "c", "c2"])
    with pytest.raises(FlowModelError) as exc:
        gravity_to_parquet(loc, tmp_path / "g", deterrence="power", **kw)
    assert (exc.value.args[0].params["o"], exc.value.args[0].params["d"]) == ("c", "c2")
    zero = loc.rename(index={"c2": "c0"}).assign(population=[100.0, 50.0, 200.0, 0.0])
    with pytest.raises(FlowModelError) as exc:
        gravity_to_parquet(zero, tmp_path / "z", deterrence="power", **kw)
    assert (exc.value.args[0].params["o"], exc.value.args[0].params["d"]) == ("c", "c0")
    assert not (tmp_path / "g").exists() and not (tmp_path / "z").exists()
    # a pair under 1 km is no zero-distance pair: a -> b (0.004 degrees) is written
    near = loc.drop(index="c2")
    gravity_to_parquet(near, tmp_path / "near", deterrence="power", **kw)
    back = pd.read_parquet(tmp_path / "near").astype({"origin": str, "destination": str})
    got = back.set_index(["origin", "destination"])
    assert got.loc[("a", "b"), "cost"] == pytest.approx(0.004 * KM_PER_DEG, rel=1e-9)
    assert got.loc[("a", "b"), "cost"] < 1.0


@pytest.mark.parametrize("model", ["radiation", "gravity"])
def test_each_part_holds_only_the_codes_it_uses(tmp_path: Path, model: str) -> None:
    """Six units at 0, 1, 3, 6, 10 and 15 degrees, one nearest neighbour each, blocks of two:
    u0 -> u1, u1 -> u0 | u2 -> u1, u3 -> u2 | u4 -> u3, u5 -> u4. Each part's dictionary holds
    its own origins and their destinations, in code order, nothing else."""
    loc = _line([0.0, 1.0, 3.0, 6.0, 10.0, 15.0], [10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    fn = radiation_to_parquet if model == "radiation" else gravity_to_parquet
    fn(loc, tmp_path / "d", k_nearest=1, chunk_rows=2, error_sample=None)  # type: ignore[operator]
    parts = sorted((tmp_path / "d").glob("part-*.parquet"))
    assert [p.name for p in parts] == ["part-000000000.parquet", "part-000000002.parquet",
                                       "part-000000004.parquet"]
    want = [["u0", "u1"], ["u1", "u2", "u3"], ["u3", "u4", "u5"]]
    pairs = [[("u0", "u1"), ("u1", "u0")], [("u2", "u1"), ("u3", "u2")],
             [("u4", "u3"), ("u5", "u4")]]
    for part, codes, rows in zip(parts, want, pairs, strict=True):
        assert _dictionary(part, "origin") == codes == _dictionary(part, "destination")
        t = pq.read_table(part).to_pydict()
        assert list(zip(t["origin"], t["destination"], strict=True)) == rows
        assert pq.ParquetFile(part).metadata.num_row_groups == 1


def test_dense_pairs_by_hand() -> None:
    oi, dj = _dense_pairs(1, 3, 4)
    assert oi.tolist() == [1, 1, 1, 2, 2, 2] and dj.tolist() == [0, 2, 3, 0, 1, 3]
    assert oi.dtype == np.int64 and dj.dtype == np.int64


def test_write_part_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Block 1:3 of five codes, pairs 1 -> 0, 1 -> 3, 2 -> 3 (destination 4 never used): the
    part's codes are b, c (the block) and a, d (its destinations), positions 0-3; it is flushed
    once, in place; the metadata count its pairs, origins and bytes and name this process."""
    import metroscope._atomic as atomic

    flushed: list[tuple[str, bool]] = []
    real = atomic._fsync_path

    def record(path: Path, *, directory: bool = False) -> None:
        flushed.append((Path(path).name, directory))
        real(path, directory=directory)

    monkeypatch.setattr(atomic, "_fsync_path", record)
    codes = pd.Index(["a", "b", "c", "d", "e"], dtype=object)
    oi, dj = np.array([1, 1, 2]), np.array([0, 3, 3])
    kept = np.array([0.5, 0.25])
    meta = _write_part(str(tmp_path), 1, 3, codes, oi, dj,
                       {"flow": np.array([1.5, 2.0, 4.0]), "probability": np.array([0.1, 0.2, 0.3])},
                       kept)
    part = tmp_path / "part-000000001.parquet"
    assert sorted(p.name for p in tmp_path.iterdir()) == [part.name]
    assert flushed == [(part.name, False)]
    t = pq.read_table(part)
    assert t.column_names == ["origin", "destination", "flow", "probability"]
    assert t.to_pydict() == {"origin": ["b", "b", "c"], "destination": ["a", "d", "d"],
                             "flow": [1.5, 2.0, 4.0], "probability": [0.1, 0.2, 0.3]}
    assert _dictionary(part, "origin") == ["a", "b", "c", "d"]
    assert pq.ParquetFile(part).metadata.num_row_groups == 1
    assert meta == {"start": 1, "stop": 3, "pairs": 3, "bytes": part.stat().st_size,
                    "origins": 2, "kept": kept,
                    "writer": f"{socket.gethostname()}:{os.getpid()}"}
    assert meta["kept"] is kept
    # one origin; then a block without pairs (no rows, no origins)
    one = _write_part(str(tmp_path), 7, 8, pd.Index(list("abcdefghij"), dtype=object),
                      np.array([7, 7, 7]), np.array([0, 8, 9]),
                      {"flow": np.ones(3), "cost": np.ones(3)}, kept)
    assert one["origins"] == 1 and one["pairs"] == 3
    assert _dictionary(tmp_path / "part-000000007.parquet", "origin") == ["a", "h", "i", "j"]
    empty = _write_part(str(tmp_path), 4, 5, codes, np.array([], dtype=np.int64),
                        np.array([], dtype=np.int64),
                        {"flow": np.array([]), "cost": np.array([])}, kept)
    back = pq.read_table(tmp_path / "part-000000004.parquet")
    assert (empty["pairs"], empty["origins"], back.num_rows) == (0, 0, 0)


def test_a_part_is_one_row_group_even_above_the_writers_group_size(tmp_path: Path) -> None:
    """A block of 2**20 + 1 pairs (one more than ``write_flows``' default row group) is still
    written as one row group: the part is the unit a reader skips or reads."""
    from metroscope.flows.output import ROWS_PER_GROUP

    n = ROWS_PER_GROUP + 1
    codes = pd.Index(["a", "b"], dtype=object)
    meta = _write_part(str(tmp_path), 0, 1, codes, np.zeros(n, dtype=np.int64),
                       np.ones(n, dtype=np.int64), {"flow": np.ones(n), "cost": np.ones(n)},
                       np.ones(1))
    f = pq.ParquetFile(tmp_path / "part-000000000.parquet")
    assert (f.metadata.num_row_groups, f.metadata.num_rows, meta["pairs"]) == (1, n, n)
