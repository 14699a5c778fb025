"""Bad input through the library API (the same checks as the command line)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from metroscope import DataValidationError, Region
from metroscope.flows import fit_gravity
from metroscope.importers import import_region
from metroscope.indicators.complexity import complexity_from_mcp
from metroscope.indicators.inequality import gini, theil

from .cases import FLOWS_OK, STATS, UNITS


def _files(tmp_path: Path) -> tuple[Path, Path]:
    u = tmp_path / "u.csv"
    u.write_text(UNITS, encoding="utf-8")
    s = tmp_path / "s.csv"
    s.write_text(STATS, encoding="utf-8")
    return u, s


@pytest.mark.parametrize("form", ["str", "path", "list-str", "list-path", "tuple"])
def test_import_region_accepts_a_path_or_a_list(tmp_path: Path, form: str) -> None:
    u, s = _files(tmp_path)
    stats = {"str": str(s), "path": s, "list-str": [str(s)], "list-path": [s],
             "tuple": (s,)}[form]
    region = import_region("mine", str(u) if form == "str" else u, stats=stats)
    assert len(region.stats) == 8
    assert region.table("gdp", 2020).loc["220100", "gdp"] == 6638


def test_numeric_codes_warn_about_lost_leading_zeros(caplog: pytest.LogCaptureFixture) -> None:
    units = pd.DataFrame({"code": [1001, 12001], "name_zh": ["a", "b"], "name_en": ["a", "b"],
                          "level": "county", "role": "member"})
    with caplog.at_level(logging.WARNING):
        region = Region("r", units=units, meta={"outside_china": True})
    assert list(region.units.index) == ["1001", "12001"]
    assert "1001" in caplog.text and "dtype=str" in caplog.text


def test_doubly_fit_conserves_totals_with_duplicates() -> None:
    from io import StringIO

    obs = pd.read_csv(StringIO(FLOWS_OK))
    split = pd.concat([obs, obs.iloc[[0, 4]].assign(flow=[7.0, 3.0])], ignore_index=True)
    res = fit_gravity(split, constraint="doubly")
    f = res.fitted
    assert len(f) == len(obs)
    assert "summed" in res.notes[0]
    for level in ("origin", "destination"):
        got = f.groupby(level=level)["predicted"].sum()
        want = split.groupby(level)["flow"].sum()
        np.testing.assert_allclose(got.reindex(want.index), want, rtol=1e-6)


def test_no_finite_std_error_for_an_infinite_estimate() -> None:
    """An origin without flows is dropped, so every reported estimate and SE is finite; the
    z statistics never pair an infinite coefficient with a finite SE."""
    from io import StringIO

    obs = pd.read_csv(StringIO(FLOWS_OK))
    obs.loc[obs["origin"] == "D", "flow"] = 0.0
    res = fit_gravity(obs, constraint="doubly")
    assert np.isfinite(res.params).all()
    assert not any("origin[D]" in k for k in res.params.index)
    assert "D" in res.notes[0]


def test_eci_same_for_any_order_and_nan_when_sign_undetermined() -> None:
    rng = np.random.default_rng(7)
    m = (rng.random((15, 9)) > 0.55).astype(float)
    base = complexity_from_mcp(m).eci
    for _ in range(3):
        rows, cols = rng.permutation(15), rng.permutation(9)
        np.testing.assert_allclose(complexity_from_mcp(m[rows][:, cols]).eci, base[rows])
    mirrored = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0],
                         [0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    for cols in ([0, 1, 2, 3], [3, 2, 1, 0]):
        res = complexity_from_mcp(mirrored[:, cols])
        assert np.isnan(res.eci).all()
        assert "sign undetermined" in res.notes[0]


def _region(values: list[float], indicator: str = "gdp", unit: str = "cny_100m") -> Region:
    units = pd.DataFrame({"code": [f"u{i}" for i in range(len(values))],
                          "name_zh": "x", "name_en": "x", "level": "prefecture",
                          "role": "member"})
    stats = pd.DataFrame({"code": units["code"], "year": 2020, "indicator": indicator,
                          "value": values, "unit": unit, "source": "t",
                          "quality": "D"})
    return Region("t", units=units, stats=stats, meta={"outside_china": True})


def test_negative_gdp_refused_and_other_negatives_named() -> None:
    with pytest.raises(DataValidationError, match="a value >= 0"):
        _region([1.0, -2.0, 3.0, 10.0])
    region = _region([1.0, -2.0, 3.0, 10.0], indicator="net_income", unit="value")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = gini(region, measure="net_income", weight=None)
    notes = g.attrs["metroscope"]["notes"]
    assert any("negative net_income" in n and "u1" in n for n in notes), notes
    # the rest (1, 3, 10): sum_ij |x_i - x_j| = 36, n = 3, mean = 14/3
    assert g["gini"].iloc[0] == pytest.approx(36 / (2 * 9 * 14 / 3))


def test_gini_all_zero_is_nan_with_a_reason_and_no_warning() -> None:
    region = _region([0.0, 0.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = gini(region, weight=None)
        t = theil(region, weight=None)
    assert np.isnan(g["gini"].iloc[0])
    assert any("zero mean" in n for n in g.attrs["metroscope"]["notes"])
    assert np.isnan(t.loc["total", "theil_t"])


def test_gini_matches_the_direct_formula() -> None:
    region = _region([1.0, 2.0, 3.0, 10.0])
    assert gini(region, weight=None)["gini"].iloc[0] == pytest.approx(0.4375)


def test_region_refuses_inf_and_mixed_units() -> None:
    region = _region([1.0, 2.0, 3.0])
    stats = region.stats.copy()
    stats.loc[0, "value"] = np.inf
    stats.loc[1, "unit"] = "cny_10k"
    with pytest.raises(DataValidationError) as exc:
        Region("t", units=region.units, stats=stats, meta={"outside_china": True})
    text = str(exc.value)
    assert "a finite number" in text and "one unit per indicator" in text
