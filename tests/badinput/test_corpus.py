"""Run the bad-input corpus (cases.py) in-process through the real command line.

On every case: no traceback, no raw NumPy warning, the expected exit code (1 user error,
2 usage, 0 success), the expected text, and no file that existed before lost or changed by a
refused command.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from metroscope.cli import make_app

from .cases import CASES, FLOWS_OK, MEXICO, Case

RUNNER = CliRunner()


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _gini(values: list[float]) -> float:
    """PySAL's Gini (sum |x_i - x_j| / (2 n^2 mean)), computed directly."""
    n = len(values)
    mean = sum(values) / n
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


def _check_codes_kept(d: Path, out: str) -> None:
    text = (d / "out" / "units.geojson").read_text(encoding="utf-8")
    assert '"010100"' in text and '"020200"' in text


def _check_gdp_converted(d: Path, out: str) -> None:
    s = pd.read_csv(d / "out" / "stats.csv", dtype={"code": str})
    gdp = s[s["indicator"] == "gdp"].set_index("code")
    assert set(gdp["unit"]) == {"cny_100m"}
    assert gdp.loc["220200", "value"] == pytest.approx(1452.0)
    assert gdp.loc["220300", "value"] == pytest.approx(1223.0)


def _check_wide_years(d: Path, out: str) -> None:
    s = pd.read_csv(d / "out" / "stats.csv", dtype={"code": str})
    assert sorted(s["year"].unique()) == [2020, 2021]
    assert s.set_index(["code", "year"]).loc[("220200", 2021), "value"] == 40


def _check_replaced_bundle(d: Path, out: str) -> None:
    assert 'name = "m"' in (d / "b" / "region.toml").read_text(encoding="utf-8")


def _check_mexico(d: Path, out: str) -> None:
    values = [float(line.split(",")[1]) for line in MEXICO.splitlines()[1:]]
    assert f"{_gini(values):.4g}" in out


def _check_gini_small(d: Path, out: str) -> None:
    assert _gini([1, 2, 3, 10]) == pytest.approx(0.4375)
    assert "0.4375" in out


def _check_dup_total(d: Path, out: str) -> None:
    """Duplicated rows fitted as their sum: the coefficients equal the fit of the summed
    table, and the doubly-constrained prediction keeps every origin's and destination's
    observed total."""
    from io import StringIO

    from metroscope.flows import fit_gravity

    whole = fit_gravity(pd.read_csv(StringIO(FLOWS_OK)), constraint="doubly")
    assert f"{whole.params['cost']:.4g}" in out
    dup = pd.read_csv(d / "f.csv")
    res = fit_gravity(dup, constraint="doubly")
    assert res.params["cost"] == pytest.approx(whole.params["cost"], rel=1e-8)
    f = res.fitted
    for level in ("origin", "destination"):
        obs = dup.groupby(level)["flow"].sum()
        pred = f.groupby(level=level)["predicted"].sum()
        assert pred.reindex(obs.index).to_numpy() == pytest.approx(obs.to_numpy(), rel=1e-6)


def _pre_mkdir_dir(d: Path) -> None:
    (d / "dir").mkdir()
    (d / "dir" / "keep.txt").write_text("x", encoding="utf-8")


CHECKS: dict[str, Callable[[Path, str], None]] = {
    "codes_kept": _check_codes_kept, "gdp_converted": _check_gdp_converted,
    "wide_years": _check_wide_years, "replaced_bundle": _check_replaced_bundle,
    "mexico_gini": _check_mexico, "gini_1_2_3_10": _check_gini_small,
    "dup_same_as_total": _check_dup_total, "mkdir_dir": lambda d, out: None,
}
PRE: dict[str, Callable[[Path], None]] = {"mkdir_dir": _pre_mkdir_dir}


def test_corpus_is_large_and_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 150, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    d = tmp_path
    files = dict(case.files)
    if "bytes" in case.extra:
        files = {next(iter(files)): case.extra["bytes"]}
    _write(d, files)
    if case.check in PRE:
        PRE[case.check](d)
    before = _snapshot(d)
    argv = [a.replace("{d}", str(d)) for a in case.extra.get("argv", case.argv)]
    result = RUNNER.invoke(make_app(argv), argv)
    out = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in out
    assert "RuntimeWarning" not in out and "Internal error" not in out, out
    assert result.exit_code == case.code, out
    # problem lines are wrapped at the terminal with a 4-space hanging indent: a needle may
    # span a break (a space in English, none between Chinese characters)
    joined = (out, out.replace("\n    ", " "), out.replace("\n    ", ""))
    for needle in case.says:
        assert any(needle in o for o in joined), f"{needle!r} not in:\n{out}"
    for needle in case.absent:
        assert needle not in out, f"{needle!r} in:\n{out}"
    after = _snapshot(d)
    if case.code != 0:
        assert out.strip(), "a refusal must say why"
        assert after == before, "a refused command changed or removed files"
        for path in case.not_created:
            assert not (d / path).exists()
    else:
        lost = [p for p in before if p not in after and not p.startswith("b/")]
        assert not lost, lost
        for path in case.creates:
            assert (d / path).is_file(), path
    if case.check in CHECKS:
        CHECKS[case.check](d, out)


def test_json_output_has_no_nan_headline(tmp_path: Path) -> None:
    """A table whose headline cannot be computed exits 1 (not 0 with NaN), in every format."""
    (tmp_path / "t.csv").write_text("city,gdp\na,0\nb,0\n", encoding="utf-8")
    for fmt in ("json", "csv", "table"):
        argv = ["analyze", "gini", "--data", str(tmp_path / "t.csv"), "--id", "city",
                "--value", "gdp", "--weight", "none", "--format", fmt]
        result = RUNNER.invoke(make_app(argv), argv)
        assert result.exit_code == 1
        assert "zero mean" in result.output
        with pytest.raises(json.JSONDecodeError):
            json.loads(result.stdout or "")
