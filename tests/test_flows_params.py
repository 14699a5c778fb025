"""The flow models' numeric parameters are refused the same way everywhere (library, streamed
dataset, Dask engine, command line, web API): a trial printed negative and all-zero flows with
exit 0 for ``--alpha -1``, ``--alpha 0``, ``--alpha 1e6``, ``--beta -2``, ``--beta 1e9`` and
``--beta nan``, and ``--mode fastes`` fell back to great-circle distance."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from metroscope._errors import ParameterError, error_text
from metroscope.cli import EXIT_USAGE, make_app
from metroscope.flows import gravity, radiation
from metroscope.flows.dataset import gravity_to_parquet, radiation_to_parquet
from metroscope.geo import EARTH_RADIUS_KM

runner = CliRunner()

# three places on the equator at 0, 1 and 3 degrees: a's and b's nearest is 111.2 km away,
# c's (b) 222.4 km; populations 100, 50, 200 (M = 350, smallest 50)
LOC = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
                    "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180  # great circle along the equator
LN_MAX = 709.782712893384    # ln(1.7976931348623157e308)
LN_TINY = 708.3964185322641  # -ln(2.2250738585072014e-308), the smallest normal float64


def run(*args: str) -> Any:
    argv = list(args)
    return runner.invoke(make_app(argv), argv, env={"COLUMNS": "80"})


@pytest.mark.parametrize("alpha", [-1.0, 0.0, math.nan, math.inf, 1e6])
def test_radiation_refuses_an_impossible_alpha(alpha: float) -> None:
    with pytest.raises(ParameterError) as exc:
        radiation(LOC, model="extended", alpha=alpha)
    en, zh = error_text(exc.value, "en"), error_text(exc.value, "zh")
    assert "alpha" in en and "alpha" in zh
    assert "Yang" in en or "float64" in en


def test_alpha_bounds_follow_the_populations() -> None:
    """By hand: the largest alpha is 709.78 / (2 ln 350) = 60.58; the smallest is
    1e4 * 2.22e-16 / ln(1 + 50/350) = 1.66e-11."""
    high = LN_MAX / (2 * math.log(350.0))
    low = 1e4 * 2.220446049250313e-16 / math.log1p(50 / 350)
    assert high == pytest.approx(60.58, abs=0.01) and low == pytest.approx(1.66e-11, rel=1e-2)
    for a in (high * 0.99, low * 1.01, 0.5, 2.0):
        f = radiation(LOC, model="extended", alpha=a)
        sums = f["flow"].groupby(level="origin").sum()
        assert np.isfinite(f["flow"]).all() and (f["flow"] >= 0).all()
        np.testing.assert_allclose(sums.reindex(LOC.index), LOC["population"], rtol=1e-9)
    for a in (high * 1.01, low * 0.99):
        with pytest.raises(ParameterError, match="alpha"):
            radiation(LOC, model="extended", alpha=a)


def test_alpha_one_is_still_the_hand_value() -> None:
    """alpha = 1 (the default): p_ab from Yang's formula by hand, row-normalised."""
    # from a: b at 111 km (s = 0), c at 333 km (s = 50)
    def p(mi: float, mj: float, s: float) -> float:
        a1, a2 = mi + s, mi + mj + s
        return (a2 - a1) * (mi + 1) / ((a1 + 1) * (a2 + 1))
    pab, pac = p(100, 50, 0), p(100, 200, 50)
    f = radiation(LOC, model="extended", alpha=1.0)
    assert f.loc[("a", "b"), "flow"] == pytest.approx(100 * pab / (pab + pac), rel=1e-12)


@pytest.mark.parametrize("beta", [-2.0, 0.0, math.nan, math.inf])
@pytest.mark.parametrize("det", ["power", "exp"])
def test_gravity_refuses_a_beta_that_is_not_decay(beta: float, det: str) -> None:
    with pytest.raises(ParameterError) as exc:
        gravity(LOC, deterrence=det, beta=beta)  # type: ignore[arg-type]
    assert "beta" in error_text(exc.value, "en") and "beta" in error_text(exc.value, "zh")
    with pytest.raises(ParameterError):  # the Dask engine is refused before it starts
        gravity(LOC, deterrence=det, beta=beta, engine="dask")  # type: ignore[arg-type]


@pytest.mark.parametrize(("det", "limit"), [
    ("power", LN_TINY / math.log(2 * KM_PER_DEG)),  # 222.4^-beta >= 2.2e-308: beta <= 131.1
    ("exp", LN_TINY / (2 * KM_PER_DEG)),            # e^(-222.4 beta) >= 2.2e-308: beta <= 3.19
])
def test_beta_bound_is_the_nearest_destination_underflow(det: str, limit: float) -> None:
    ok = gravity(LOC, deterrence=det, beta=limit * 0.99)  # type: ignore[arg-type]
    sums = ok["flow"].groupby(level="origin").sum()
    np.testing.assert_allclose(sums.reindex(LOC.index), LOC["population"], rtol=1e-12)
    for kw in ({}, {"k_nearest": 2}):
        with pytest.raises(ParameterError, match="beta") as exc:
            gravity(LOC, deterrence=det, beta=limit * 1.01, **kw)  # type: ignore[arg-type]
        assert "2.2e-308" in error_text(exc.value, "zh")


def test_streamed_datasets_refuse_the_same_values(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="alpha"):
        radiation_to_parquet(LOC, tmp_path / "r", model="extended", alpha=-1)
    for beta in (-2.0, 1e9, math.nan):
        with pytest.raises(ParameterError, match="beta"):
            gravity_to_parquet(LOC, tmp_path / "g", beta=beta)
    assert not (tmp_path / "r").exists() and not (tmp_path / "g").exists()


TRIAL = [  # the trial's commands (Changchun), each printed flows with exit 0 before
    ("radiation", "--core-share", "--model", "extended", "--alpha", "-1"),
    ("radiation", "--core-share", "--model", "extended", "--alpha", "0"),
    ("radiation", "--core-share", "--model", "extended", "--alpha", "1e6"),
    ("gravity", "--core-share", "--beta", "-2"),
    ("gravity", "--core-share", "--beta", "1e9", "--mode", "distance"),
    ("gravity", "--core-share", "--beta", "nan"),
    ("gravity", "--core-share", "--mode", "fastes"),
    ("gravity", "--core-share", "--mode", "boat"),
]


@pytest.mark.parametrize("args", TRIAL)
def test_cli_refuses_with_exit_2_in_both_languages(args: tuple[str, ...]) -> None:
    name = "mode" if "--mode" in args and args[-1] in ("fastes", "boat") else \
        "alpha" if "--alpha" in args else "beta"
    got = args[args.index(f"--{name}") + 1]
    en = run("flows", *args, "--format", "csv", "--lang", "en")
    zh = run("flows", *args, "--format", "csv", "--lang", "zh")
    for res in (en, zh):
        assert res.exit_code == EXIT_USAGE, res.output
        assert "Traceback" not in res.output and name in res.output
        assert "220184" not in res.output  # no table
    assert en.output.startswith("Error:") and zh.output.startswith("错误:")
    if name == "mode":
        assert f"'{got}'" in en.output and "rail、road、fastest、distance" in zh.output
        assert "fastest, distance" in en.output
    else:
        assert "(0, " in en.output or "too large" in en.output


def test_api_refuses_with_the_same_sentence(tmp_path: Path) -> None:
    from _web import client

    with client(tmp_path) as c:
        for url, lib in [
            ("/api/v1/flows/radiation?model=extended&alpha=-1",
             lambda: radiation(LOC, model="extended", alpha=-1)),
            ("/api/v1/flows/gravity?beta=-2", lambda: gravity(LOC, beta=-2)),
        ]:
            r = c.get(url)
            assert r.status_code == 422, r.text
            with pytest.raises(ParameterError) as exc:
                lib()
            assert r.json()["error"]["message"] == error_text(exc.value, "en").replace(
                "-1 ", "-1.0 ").replace("-2 ", "-2.0 ")
        r = c.get("/api/v1/flows/gravity?mode=fastes")
        assert r.status_code == 422 and "fastest" in r.text


# --- the streamed radiation and co-located units (the trial's finding 3) --------------------

def test_streamed_radiation_refuses_to_drop_or_split_colocated_units(tmp_path: Path) -> None:
    """``--dataset`` left the 5 development zones out (n_locations 60, 公主岭's core share
    26.0 % instead of 30.6 %) with exit 0; now refused in both languages, nothing written."""
    base = ("flows", "radiation", "--region", "changchun", "--k-nearest", "64", "-q")
    for lang, head in (("en", "Error:"), ("zh", "错误:")):
        res = run(*base, "--dataset", str(tmp_path / lang), "--lang", lang)
        assert res.exit_code == EXIT_USAGE, res.output
        assert res.output.startswith(head) and "--out" in res.output
        assert "--colocated keep" in res.output and "220171" in res.output
        assert not (tmp_path / lang).exists()
    twin = pd.concat([LOC, LOC.iloc[:1].rename(index={"a": "a2"})])
    with pytest.raises(ParameterError, match="a \\+ a2"):
        radiation_to_parquet(twin, tmp_path / "lib")


def test_streamed_keep_equals_the_in_process_keep_on_the_region(tmp_path: Path) -> None:
    """With ``--colocated keep`` the dataset holds all 65 units and the same rows as
    ``radiation(colocated="keep")``; ``_flows.json`` names no machine or process."""
    import json
    import os
    import socket

    from metroscope import load
    from metroscope.flows import locations_from_region

    res = run("flows", "radiation", "--region", "changchun", "--k-nearest", "64", "-q",
              "--colocated", "keep", "--dataset", str(tmp_path / "ds"))
    assert res.exit_code == 0, res.output
    back = pd.read_parquet(tmp_path / "ds").astype({"origin": str, "destination": str})
    back = back.set_index(["origin", "destination"]).sort_index()
    loc = locations_from_region(load("changchun"))
    ref = radiation(loc, k_nearest=64, colocated="keep").sort_index()
    assert len(loc) == 65 and back.index.equals(ref.index)
    np.testing.assert_allclose(back["flow"], ref["flow"], rtol=1e-12, atol=0)
    np.testing.assert_allclose(back["probability"], ref["probability"], rtol=1e-12, atol=0)
    meta_text = (tmp_path / "ds" / "_flows.json").read_text(encoding="utf-8")
    meta = json.loads(meta_text)
    assert meta["n_locations"] == 65 and meta["parameters"]["colocated"] == "keep"
    assert "writers" not in meta and meta["n_writers"] >= 1
    assert socket.gethostname() not in meta_text and f":{os.getpid()}" not in meta_text
