"""The dataset folder's checks, metadata and kept-share summary (``flows/_dataset_io.py``) on a
few units whose numbers are worked out in this file; the files read back with pyarrow."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from metroscope._errors import OutputError
from metroscope.flows._dataset_io import _summary, check_dataset_dir
from metroscope.flows.dataset import gravity_to_parquet, radiation_to_parquet


def test_summary_by_hand() -> None:
    """Kept shares 0.5, NaN, 1, 0.25 with trips 2, 100, 1, 1: three evaluated; the 1st
    percentile of (0.25, 0.5, 1) by linear interpolation is 0.25 + 0.02 x 0.25 = 0.255; the
    trip-weighted share (0.5 x 2 + 1 + 0.25) / 4 = 0.5625 leaves the NaN origin out."""
    got = _summary(np.array([0.5, math.nan, 1.0, 0.25]), np.array([2.0, 100.0, 1.0, 1.0]))
    assert got == pytest.approx({"evaluated": 3, "min": 0.25, "p01": 0.255, "median": 0.5,
                                 "mean": 1.75 / 3, "flow_weighted": 0.5625}, rel=1e-12)
    assert isinstance(got["evaluated"], int)
    zero = _summary(np.array([0.5, 1.0]), np.array([0.0, 0.0]))
    assert math.isnan(zero["flow_weighted"]) and zero["mean"] == 0.75
    assert _summary(np.array([math.nan, math.inf]), np.array([1.0, 1.0])) == {"evaluated": 0}


def test_dataset_folder_checks(tmp_path: Path) -> None:
    assert check_dataset_dir(tmp_path / "new") == tmp_path / "new"  # not created
    assert not (tmp_path / "new").exists()
    (tmp_path / "empty").mkdir()
    assert check_dataset_dir(str(tmp_path / "empty")) == tmp_path / "empty"
    prev = tmp_path / "prev"
    prev.mkdir()
    for name in ("_flows.json", "_kept_share.parquet", "part-000000000.parquet",
                 ".~123-abcd.tmp"):
        (prev / name).write_text("x")
    assert check_dataset_dir(prev) == prev  # a previous dataset (and a temporary file)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as exc:
        check_dataset_dir(tmp_path / "file")
    assert exc.value.args[0].key == "err_flow_dataset_is_file"
    assert exc.value.args[0].params["target"] == str(tmp_path / "file")
    # other files: the first five of them named, in name order
    other = tmp_path / "other"
    other.mkdir()
    for name in ("_flows.json", "part-000000000.parquet", "part-1.csv", "a", "b", "c", "d",
                 "e", "part.parquet"):
        (other / name).write_text("x")
    with pytest.raises(OutputError) as exc:
        check_dataset_dir(other)
    msg = exc.value.args[0]
    assert msg.key == "err_flow_dataset_foreign" and msg.params["target"] == str(other)
    assert msg.params["shown"] == "a, b, c, d, e"
    # parts without the metadata file are no dataset: its entries named
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "part-000000000.parquet").write_text("x")
    with pytest.raises(OutputError) as exc:
        check_dataset_dir(parts)
    assert exc.value.args[0].params["shown"] == "part-000000000.parquet"


def test_metadata_and_kept_share_file_by_hand(tmp_path: Path) -> None:
    """Units at 0, 1 and 10 degrees, gravity with a 150 km cutoff, blocks of 2: pairs u0 -> u1
    and u1 -> u0, u2 alone (no pair, share 0); kept shares w01 / (w01 + w02) and
    w01 / (w01 + w12) with w_ij = m_i m_j / d_ij^2."""
    loc = pd.DataFrame({"lon": [0.0, 1.0, 10.0], "lat": [0.0] * 3,
                        "population": [100.0, 200.0, 50.0]}, index=["u0", "u1", "u2"])
    ds = gravity_to_parquet(loc, tmp_path / "g", cutoff_km=150.0, error_sample=None,
                            chunk_rows=2)
    km = 2 * 6371.0088 * math.pi / 180  # one degree of the equator
    w01, w02, w12 = 100 * 200 / km ** 2, 100 * 50 / (10 * km) ** 2, 200 * 50 / (9 * km) ** 2
    shares = [w01 / (w01 + w02), w01 / (w01 + w12), 0.0]
    folder = tmp_path / "g"
    assert sorted(p.name for p in folder.iterdir()) == [
        "_flows.json", "_kept_share.parquet", "part-000000000.parquet",
        "part-000000002.parquet"]
    sizes = sum(p.stat().st_size for p in folder.glob("part-*"))
    meta = json.loads((folder / "_flows.json").read_text(encoding="utf-8"))
    assert (meta["n_locations"], meta["n_pairs"], meta["n_parts"], meta["bytes_written"],
            meta["n_writers"]) == (3, 2, 2, sizes, 1)
    assert meta["parameters"] == ds.parameters and meta["parameters"]["cutoff_km"] == 150.0
    summary = meta["kept_share"]
    assert summary["evaluated"] == 3 and summary["origins_without_pairs"] == 1
    assert summary["min"] == 0.0
    assert summary["flow_weighted"] == pytest.approx(
        (shares[0] * 100 + shares[1] * 200) / 350, rel=1e-12)
    assert ds.summary() == summary
    assert (ds.n_locations, ds.n_pairs, ds.n_parts, ds.bytes_written) == (3, 2, 2, sizes)
    assert ds.path == folder
    kept = pq.read_table(folder / "_kept_share.parquet").to_pydict()
    assert kept["code"] == ["u0", "u1", "u2"]
    np.testing.assert_allclose(kept["kept_share"], shares, rtol=1e-12)
    assert ds.kept_share.name == "kept_share" and ds.kept_share.index.name == "code"
    np.testing.assert_allclose(ds.kept_share.to_numpy(), shares, rtol=1e-12)


def test_radiation_metadata_all_pairs(tmp_path: Path) -> None:
    """All pairs of 3 units, blocks of 1: 6 pairs in 3 parts, every share 1, none without
    pairs; the trip-weighted share is 1."""
    loc = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0] * 3,
                        "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
    ds = radiation_to_parquet(loc, tmp_path / "r", chunk_rows=1)
    meta = json.loads((tmp_path / "r" / "_flows.json").read_text(encoding="utf-8"))
    assert (meta["n_pairs"], meta["n_parts"], meta["n_locations"]) == (6, 3, 3)
    assert meta["kept_share"] == {"evaluated": 3, "min": 1.0, "p01": 1.0, "median": 1.0,
                                  "mean": 1.0, "flow_weighted": 1.0,
                                  "origins_without_pairs": 0}
    assert ds.writers and len(ds.writers) == 1


def test_block_rows_by_hand() -> None:
    """k_nearest: 2**19 = 524,288 kept pairs a block, within [the 512-row setting, N / 16]."""
    from metroscope.flows._dataset_io import _block_rows

    assert _block_rows(100_000, 200, None) == 2_621  # 524,288 // 200; N / 16 = 6,250
    assert _block_rows(30_000, 200, None) == 1_875  # ceil(30,000 / 16)
    assert _block_rows(30_001, 200, None) == 1_876  # ceil(30,001 / 16)
    assert _block_rows(1_000_000, 100, None) == 5_242  # 524,288 // 100
    assert _block_rows(1_000, 200, None) == 512  # the setting's floor
    assert _block_rows(10_000_000, 1, None) == 524_288  # one pair an origin
    assert _block_rows(100_000, 200, 40) == 40 and _block_rows(100_000, None, 40) == 40
    assert _block_rows(100_000, None, None) is None  # all pairs / cutoff_km: the setting


def test_summary_of_trips_below_one() -> None:
    got = _summary(np.array([0.5, 1.0]), np.array([0.25, 0.5]))
    assert got["flow_weighted"] == pytest.approx((0.125 + 0.5) / 0.75, rel=1e-12)


def test_folder_checks_name_the_files_and_the_dataset(tmp_path: Path) -> None:
    from metroscope._errors import error_text

    odd = tmp_path / "odd"
    odd.mkdir()
    for name in ("_flows.json", "part-1.csv", "x.parquet"):
        (odd / name).write_text("x")
    with pytest.raises(OutputError) as exc:
        check_dataset_dir(odd)
    assert exc.value.args[0].params["shown"] == "part-1.csv, x.parquet"
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as exc:
        check_dataset_dir(tmp_path / "file" / "ds")
    assert exc.value.args[0].params["target"] == str(tmp_path / "file" / "ds")
    assert re.search(r"\bthe flow dataset\b", error_text(exc.value, "en"))
    assert "流量数据集" in error_text(exc.value, "zh")


def _loc3() -> pd.DataFrame:
    return pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0] * 3,
                         "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])


def test_parts_flushed_once_progress_log_and_layout(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Blocks of 2 of 3 origins: 2 progress calls; each part flushed once (by its writer, not
    again by the folder); the log line in full; the metadata one key a line; the kept-share
    file holds its two columns only; the local engine ignores a client given."""
    import logging

    import metroscope._atomic as atomic

    flushed: list[str] = []
    real = atomic._fsync_path

    def record(path: Path, *, directory: bool = False) -> None:
        if not directory:
            flushed.append(Path(path).name)
        real(path, directory=directory)

    monkeypatch.setattr(atomic, "_fsync_path", record)
    calls: list[tuple[int, int]] = []
    with caplog.at_level(logging.INFO, logger="metroscope.flows.dataset"):
        ds = radiation_to_parquet(_loc3(), tmp_path / "r", chunk_rows=2, engine="local",
                                  client=object(),
                                  progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]
    parts = sorted(f for f in flushed if f.startswith("part-"))
    assert parts == ["part-000000000.parquet", "part-000000002.parquet"]
    assert flushed.count("_kept_share.parquet") == 1
    assert [r.getMessage() for r in caplog.records] == [
        f"Wrote 6 pairs of 3 locations in 2 parts ({ds.bytes_written} bytes) to {tmp_path / 'r'}"]
    text = (tmp_path / "r" / "_flows.json").read_text(encoding="utf-8")
    assert text.splitlines()[:2] == ["{", ' "parameters": {'] and text.endswith("}\n")
    assert pq.read_table(tmp_path / "r" / "_kept_share.parquet").column_names == [
        "code", "kept_share"]


@pytest.mark.parametrize(("victim", "what"), [("part-", "flow dataset"),
                                              ("_flows.json", "dataset metadata")])
def test_a_full_disk_names_what_it_was_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               victim: str, what: str) -> None:
    """A full disk while a part or the metadata file is flushed: refused naming the flow
    dataset or its metadata; no folder and no temporary one is left."""
    import errno

    import metroscope._atomic as atomic
    from metroscope._errors import error_text

    real = atomic._fsync_path

    def full(path: Path, *, directory: bool = False) -> None:
        if victim in Path(path).name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, directory=directory)

    monkeypatch.setattr(atomic, "_fsync_path", full)
    with pytest.raises(OutputError) as exc:
        radiation_to_parquet(_loc3(), tmp_path / "r", chunk_rows=2)
    assert exc.value.args[0].key == "err_out_disk_full"
    assert re.search(rf"\bthe {what}\b", error_text(exc.value, "en"))
    assert sorted(p.name for p in tmp_path.iterdir()) == []
