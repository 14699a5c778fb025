"""Flows streamed to a partitioned Parquet dataset (``metroscope.flows.dataset``).

The rows read back are compared with the in-memory models bit for bit, the kept shares with an
independent computation (the dense untruncated model, and a plain-Python radiation formula),
and the dask path with the local one on a LocalCluster of worker processes on 127.0.0.1.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.dataset as pads
import pytest
from typer.testing import CliRunner

from metroscope._errors import OutputError
from metroscope.cli.flows import app
from metroscope.flows import flat_flows, gravity, radiation
from metroscope.flows._table import FlowModelError
from metroscope.flows.dataset import (
    gravity_to_parquet,
    radiation_to_parquet,
    read_kept_share,
)


def _locations(n: int, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(120, 124, n), "lat": rng.uniform(40, 43, n),
                         "population": rng.lognormal(9, 1, n).round()},
                        index=[f"u{i:04d}" for i in range(n)])


def _same_rows(folder: Path, ref: pd.DataFrame, exact: bool = True) -> None:
    back = pd.read_parquet(folder)
    flat = flat_flows(ref)
    assert list(back.columns) == list(flat.columns)
    assert isinstance(back["origin"].dtype, pd.CategoricalDtype)
    for c in ("origin", "destination"):
        np.testing.assert_array_equal(back[c].astype(str).to_numpy(),
                                      flat[c].astype(str).to_numpy())
    for c in flat.columns[2:]:
        if exact:
            np.testing.assert_array_equal(back[c].to_numpy(), flat[c].to_numpy())
        else:
            np.testing.assert_allclose(back[c].to_numpy(), flat[c].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("kw", [{"k_nearest": 15}, {"cutoff_km": 60.0}, {},
                                {"k_nearest": 15, "tie_rule": "ordered",
                                 "normalisation": "finite"},
                                {"k_nearest": 10, "model": "extended", "alpha": 0.8}])
def test_radiation_dataset_equals_the_in_memory_model(tmp_path: Path, kw: dict[str, Any]) -> None:
    loc = _locations(230)
    ds = radiation_to_parquet(loc, tmp_path / "r", chunk_rows=50, **kw)
    ref = radiation(loc, **kw)
    _same_rows(tmp_path / "r", ref)
    assert ds.n_pairs == len(ref)
    assert ds.n_parts == 5  # 230 origins in blocks of 50
    assert sorted(p.name for p in (tmp_path / "r").iterdir())[:2] == ["_flows.json",
                                                                       "_kept_share.parquet"]
    assert pads.dataset(tmp_path / "r").count_rows() == len(ref)
    assert ds.bytes_written == sum(p.stat().st_size for p in (tmp_path / "r").glob("part-*"))
    meta = json.loads((tmp_path / "r" / "_flows.json").read_text())
    assert meta["n_pairs"] == len(ref) and meta["parameters"]["k_nearest"] == kw.get("k_nearest")


def _raw_dense(loc: pd.DataFrame, **kw: Any) -> pd.Series:
    return radiation(loc, normalisation="none", **kw)["probability"]


@pytest.mark.parametrize("kw", [{"tie_rule": "ordered"}, {"tie_rule": "inclusive"},
                                {"model": "extended", "alpha": 1.3},
                                {"model": "extended", "tie_rule": "ordered"}])
def test_radiation_kept_share_equals_the_dense_row_sums(tmp_path: Path,
                                                        kw: dict[str, Any]) -> None:
    """kept share = Σ_kept p_ij / Σ_all p_ij with both sums from the dense untruncated model."""
    loc = _locations(200, seed=9)
    ds = radiation_to_parquet(loc, tmp_path / "r", k_nearest=12, chunk_rows=64,
                              error_sample=None, **kw)
    raw = _raw_dense(loc, **kw)
    kept_pairs = radiation(loc, k_nearest=12, **kw).index
    kept = raw.loc[kept_pairs].groupby(level=0).sum()
    full = raw.groupby(level=0).sum()
    expected = (kept / full).reindex(loc.index)
    np.testing.assert_allclose(ds.kept_share.to_numpy(), expected.to_numpy(), rtol=1e-12)
    pd.testing.assert_series_equal(read_kept_share(tmp_path / "r"), ds.kept_share)
    assert 0.5 < ds.summary()["median"] < 1.0


def test_radiation_formula_by_hand(tmp_path: Path) -> None:
    """Three pairs against Simini's formula written out over a plain Python loop."""
    loc = _locations(40, seed=2)
    ds = radiation_to_parquet(loc, tmp_path / "r", k_nearest=6, normalisation="none")
    back = pd.read_parquet(tmp_path / "r").astype({"origin": str, "destination": str})
    back = back.set_index(["origin", "destination"])

    def km(a: str, b: str) -> float:
        p1, p2 = math.radians(loc.at[a, "lat"]), math.radians(loc.at[b, "lat"])
        dl = math.radians(loc.at[b, "lon"] - loc.at[a, "lon"])
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0088 * math.asin(math.sqrt(h))

    for (i, j) in list(back.index)[::57][:3]:
        r = km(i, j)
        s = sum(loc.at[k, "population"] for k in loc.index if k not in (i, j) and km(i, k) <= r)
        mi, nj = loc.at[i, "population"], loc.at[j, "population"]
        p = mi * nj / ((mi + s) * (mi + nj + s))
        assert back.at[(i, j), "probability"] == pytest.approx(p, rel=1e-12)
        assert back.at[(i, j), "flow"] == pytest.approx(p * mi, rel=1e-12)
    assert ds.n_pairs == 40 * 6


@pytest.mark.parametrize("rule", ["inclusive", "ordered"])
def test_ties_on_a_grid(tmp_path: Path, rule: str) -> None:
    """With exact ties (every location twice) the kept rows hold whole groups of ties, so the
    kept probabilities equal the untruncated model's, and the kept share equals the dense row
    sums (inclusive: computed exactly for every origin here)."""
    base = _locations(100, seed=4)
    loc = pd.concat([base, base.rename(index=lambda c: c + "b")])
    ds = radiation_to_parquet(loc, tmp_path / "r", k_nearest=10, tie_rule=rule,  # type: ignore[arg-type]
                              colocated="keep",
                              chunk_rows=64,
                              normalisation="none", error_sample=None)
    back = pd.read_parquet(tmp_path / "r").astype({"origin": str, "destination": str})
    counts = back.groupby("origin").size()
    assert counts.max() <= 10 and counts.min() < 10  # some rows end before a split group
    # the dataset path keeps co-located locations apart, as the dense path's "keep" does
    raw = _raw_dense(loc, tie_rule=rule, colocated="keep")
    exact = raw.loc[pd.MultiIndex.from_frame(back[["origin", "destination"]])].to_numpy()
    np.testing.assert_allclose(back["probability"].to_numpy(), exact, rtol=1e-12)
    share = back.groupby("origin")["probability"].sum() / raw.groupby(level=0).sum()
    np.testing.assert_allclose(ds.kept_share.to_numpy(), share.reindex(loc.index).to_numpy(),
                               rtol=1e-12)


@pytest.mark.parametrize("kw", [{"k_nearest": 15}, {"cutoff_km": 60.0},
                                {"deterrence": "exp", "beta": 0.05, "k_nearest": 20}])
def test_gravity_dataset_equals_the_in_memory_model(tmp_path: Path, kw: dict[str, Any]) -> None:
    loc = _locations(230)
    ds = gravity_to_parquet(loc, tmp_path / "g", chunk_rows=50, error_sample=None, **kw)
    ref = gravity(loc, constraint="production", **kw)
    _same_rows(tmp_path / "g", ref)
    # the untruncated weights, by hand: the weight share of the kept pairs of each origin
    full = gravity(loc, constraint="none", **{k: v for k, v in kw.items()
                                              if k in ("deterrence", "beta")})["flow"]
    kept = full.loc[ref.index].groupby(level=0).sum() / full.groupby(level=0).sum()
    np.testing.assert_allclose(ds.kept_share.to_numpy(), kept.reindex(loc.index).to_numpy(),
                               rtol=1e-9)


def test_gravity_all_pairs_and_sampled_error(tmp_path: Path) -> None:
    loc = _locations(120)
    gravity_to_parquet(loc, tmp_path / "all", chunk_rows=32)
    _same_rows(tmp_path / "all", gravity(loc, constraint="production"), exact=False)
    ds = gravity_to_parquet(loc, tmp_path / "s", k_nearest=10, error_sample=25, seed=3)
    assert ds.summary()["evaluated"] == 25 == int(ds.kept_share.notna().sum())
    full = gravity_to_parquet(loc, tmp_path / "f", k_nearest=10, error_sample=None)
    sampled = ds.kept_share.dropna()
    pd.testing.assert_series_equal(sampled, full.kept_share.loc[sampled.index])


def test_k_nearest_blocks_hold_about_half_a_million_pairs(tmp_path: Path) -> None:
    """Without ``chunk_rows`` a ``k_nearest`` stream sizes its blocks by kept pairs (2**19 =
    524,288), within [the 512-row setting, N / 16]; values worked out by hand."""
    from metroscope.flows.dataset import _block_rows

    assert _block_rows(100_000, 200, None) == 2_621  # 524,288 // 200; N / 16 = 6,250
    assert _block_rows(30_000, 200, None) == 1_875  # N / 16
    assert _block_rows(1_000_000, 100, None) == 5_242
    assert _block_rows(1_000, 200, None) == 512  # the setting's floor
    assert _block_rows(100_000, 200, 40) == 40  # given: kept
    assert _block_rows(100_000, None, None) is None  # all pairs / cutoff_km: the setting
    loc = _locations(9_000)
    ds = radiation_to_parquet(loc, tmp_path / "r", k_nearest=3, error_sample=5)
    assert ds.n_parts == 16  # 563 origins a block: ceil(9,000 / 16)
    assert sorted(p.name for p in (tmp_path / "r").glob("part-*"))[:2] == [
        "part-000000000.parquet", "part-000000563.parquet"]
    ref = radiation_to_parquet(loc, tmp_path / "ref", k_nearest=3, error_sample=5,
                               chunk_rows=512)
    assert ref.n_parts == 18
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "r").astype(str),
                                  pd.read_parquet(tmp_path / "ref").astype(str))
    pd.testing.assert_series_equal(ds.kept_share, ref.kept_share, check_exact=True)


def test_bad_targets_and_options(tmp_path: Path) -> None:
    loc = _locations(30)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="holds other files"):
        radiation_to_parquet(loc, tmp_path / "other", k_nearest=3)
    assert (tmp_path / "other" / "notes.txt").read_text() == "keep me"
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="a file of that name exists"):
        radiation_to_parquet(loc, tmp_path / "file", k_nearest=3)
    with pytest.raises(FlowModelError, match="production constraint"):
        gravity_to_parquet(loc, tmp_path / "g", constraint="doubly", k_nearest=3)  # type: ignore[arg-type]
    with pytest.raises(FlowModelError,
                       match=r"k_nearest \(destinations per origin, --k-nearest\) must be"):
        radiation_to_parquet(loc, tmp_path / "g", k_nearest=0)
    # NaN slipped past `cutoff_km <= 0` and wrote a dataset of 0 pairs; inf is "no cutoff"
    for bad in (float("nan"), float("inf"), -1.0):
        with pytest.raises(FlowModelError, match="finite number above 0"):
            radiation_to_parquet(loc, tmp_path / "g", cutoff_km=bad)
        with pytest.raises(FlowModelError, match="finite number above 0"):
            gravity_to_parquet(loc, tmp_path / "g", cutoff_km=bad)
    assert not (tmp_path / "g").exists()
    # a previous dataset is replaced; a failure (duplicate points under power deterrence)
    # leaves the previous one whole and no temporary folder behind
    first = radiation_to_parquet(loc, tmp_path / "d", k_nearest=3)
    second = radiation_to_parquet(loc, tmp_path / "d", k_nearest=5)
    assert (first.n_pairs, second.n_pairs) == (90, 150)
    dup = pd.concat([loc, loc.iloc[[0]].rename(index=lambda c: c + "b")])
    with pytest.raises(FlowModelError, match="zero distance"):
        gravity_to_parquet(dup, tmp_path / "d", k_nearest=3)
    assert pads.dataset(tmp_path / "d").count_rows() == 150
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]


def test_cli_dataset(tmp_path: Path) -> None:
    loc = _locations(150)
    csv = tmp_path / "loc.csv"
    loc.rename_axis("code").reset_index().to_csv(csv, index=False)
    runner = CliRunner()
    res = runner.invoke(app, ["radiation", "-l", str(csv), "--k-nearest", "9",
                              "--dataset", str(tmp_path / "r"), "--chunk-rows", "40",
                              "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert "n_pairs,1350" in res.output and "n_parts,4" in res.output
    loc_read = pd.read_csv(csv, dtype={"code": str}).set_index("code")
    _same_rows(tmp_path / "r", radiation(loc_read, k_nearest=9))
    res = runner.invoke(app, ["gravity", "-l", str(csv), "--cutoff-km", "50",
                              "--dataset", str(tmp_path / "g"), "--format", "csv"])
    assert res.exit_code == 0, res.output
    _same_rows(tmp_path / "g", gravity(loc_read, cutoff_km=50, constraint="production"))
    # usage errors exit 2 through the root command (which renders catalogue errors)
    from metroscope.cli import make_app

    argv = ["flows", "gravity", "-l", str(csv), "--dataset", str(tmp_path / "x"),
            "--constraint", "doubly"]
    res = runner.invoke(make_app(argv), argv)
    assert res.exit_code == 2 and "production constraint" in res.output
    argv = ["flows", "gravity", "--k-nearest", "5"]
    res = runner.invoke(make_app(argv), argv)
    assert res.exit_code == 2 and "--mode distance" in res.output


def test_every_file_is_flushed_once_before_the_folder_appears(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part is flushed by the block that wrote it (on dask: the worker, in parallel), the
    client flushes only its own files and the folder, and nothing twice; the target appears
    after every flush."""
    import metroscope._atomic as atomic

    flushed: list[tuple[str, bool]] = []
    real = atomic._fsync_path

    def record(path: Path, *, directory: bool = False) -> None:
        flushed.append((Path(path).name, directory))
        assert directory or not (tmp_path / "out").exists()
        real(path, directory=directory)

    monkeypatch.setattr(atomic, "_fsync_path", record)
    radiation_to_parquet(_locations(90), tmp_path / "out", k_nearest=5, chunk_rows=40)
    # _flows.json goes through a temporary file of its own (".~<pid>-<hex>._flows.json")
    files = [f.split(".", 2)[-1] if f.startswith(".~") else f for f, d in flushed if not d]
    parts = sorted(p.name for p in (tmp_path / "out").glob("part-*.parquet"))
    assert len(parts) == 3  # 90 = 2 x 40 + 10
    assert sorted(files) == sorted([*parts, "_kept_share.parquet", "_flows.json"])
    assert sorted(files[:3]) == parts and len(set(files)) == len(files)  # blocks first, once each
    assert [d for _, d in flushed[-2:]] == [True, True]  # then the folder and its parent
    assert flushed[-1][0] == tmp_path.name


@pytest.mark.dask
def test_dask_workers_write_the_parts(cluster: Any, tmp_path: Path) -> None:
    import distributed
    from dask.utils import key_split

    loc = _locations(257)
    workers = set(cluster.scheduler_info()["workers"])
    for fn, kernel, kw in ((radiation_to_parquet, "radiation_part", {"k_nearest": 12}),
                           (gravity_to_parquet, "gravity_part", {"cutoff_km": 50.0})):
        local = fn(loc, tmp_path / "local", chunk_rows=40, engine="local", **kw)
        with distributed.get_task_stream(client=cluster) as ts:
            # by scheduler address, as on a real cluster
            remote = fn(loc, tmp_path / "remote", chunk_rows=40, engine="dask",
                        client=cluster.scheduler.address, **kw)
        ran = [rec["worker"] for rec in ts.data if key_split(rec["key"]) == kernel]
        assert len(ran) == 7 and set(ran) <= workers  # 257 = 6 x 40 + 17: 7 blocks
        # the parts were written by the worker processes, not by this one
        assert remote.writers and all(not w.endswith(f":{os.getpid()}") for w in remote.writers)
        assert local.writers == (f"{os.uname().nodename}:{os.getpid()}",)
        a, b = pd.read_parquet(tmp_path / "local"), pd.read_parquet(tmp_path / "remote")
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        pd.testing.assert_series_equal(local.kept_share, remote.kept_share, check_exact=True)


def test_a_zero_distance_pair_in_a_gravity_block(tmp_path: Path) -> None:
    """Two units at one point (a, a2): the power deterrence 0^-beta is infinite, refused
    naming the first such pair, on all pairs and on the nearest ones, and nothing is written;
    the exponential one (e^0 = 1) is fine, each origin sending its population."""
    loc = pd.DataFrame({"lon": [0.0, 0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0, 0.0],
                        "population": [100.0, 50.0, 200.0, 30.0]}, index=["a", "a2", "b", "c"])
    for name, kw in (("all", {}), ("knn", {"k_nearest": 2})):
        with pytest.raises(FlowModelError) as exc:
            gravity_to_parquet(loc, tmp_path / name, deterrence="power", **kw)
        msg = exc.value.args[0]
        assert (msg.key, msg.params["o"], msg.params["d"]) == ("err_flow_zero_cost_pair", "a",
                                                               "a2")
        assert not (tmp_path / name).exists()
        gravity_to_parquet(loc, tmp_path / f"{name}-exp", deterrence="exp", **kw)
        back = pd.read_parquet(tmp_path / f"{name}-exp").astype({"origin": str})
        sums = back.groupby("origin")["flow"].sum()
        np.testing.assert_allclose(sums.reindex(loc.index), loc["population"], rtol=1e-12)
