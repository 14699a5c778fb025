"""Findings of a new user's trial of ``--lang zh`` and of ``--out``: English left in Chinese
output, an ageing error that advised an option that does not help, and output paths (each
test failed before its fix)."""

from __future__ import annotations

import re
from typing import Any

import pytest

#: three English words in a row (the test of the catalogue's Chinese templates)
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")


def _run(argv: list[str]) -> tuple[int, str, str]:
    """``metroscope ARGV`` in-process: exit code, stdout, stderr."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    res = CliRunner().invoke(make_app(argv), argv)
    return res.exit_code, res.stdout, (res.stderr if res.stderr_bytes is not None else "")


@pytest.fixture(scope="module")
def cc() -> Any:
    """The embedded Changchun region (loaded once)."""
    import metroscope

    return metroscope.load("changchun")


def test_lq_reference_and_measure_read_in_chinese() -> None:
    """`analyze lq --lang zh` printed `reference=province: 吉林省 220000 (its own census
    figures)` and an English measure; the English run is unchanged."""
    code, _out, err = _run(["analyze", "lq", "--lang", "zh", "-f", "csv"])
    assert code == 0, err
    line = next(ln for ln in err.splitlines() if ln.startswith("参数"))
    assert "reference=本省:吉林省 220000(本省普查数据)" in line, line
    measure = next(ln for ln in err.splitlines() if ln.startswith("度量"))
    assert measure == "度量:分行业就业(普查长表抽样,仅用其份额)"
    assert "层级:地级" in err
    assert not ENGLISH.search(line + measure), (line, measure)
    code, _out, err = _run(["analyze", "lq", "--lang", "en", "-f", "csv"])
    assert code == 0, err
    assert "parameters: reference=province: 吉林省 220000 (its own census figures)" in err
    assert "measure: employment by industry (census long-form sample; shares only)" in err


def test_ageing_stage_and_note_read_in_chinese(cc: Any) -> None:
    """`analyze ageing --lang zh` printed `ageing (老龄化, ≥7%)` and `series break between
    2010 and 2020 (not comparable)` in its cells."""
    import csv
    import io

    from metroscope.indicators.population_structure import ageing

    code, out, err = _run(["analyze", "ageing", "--lang", "zh", "-f", "csv"])
    assert code == 0, err
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    # 220102 南关区: 13.5 % aged 65+ in 2020 (7 <= 13.5 < 14: 老龄化), boundary change since 2010
    assert rows["220102"]["stage_end"] == "老龄化(≥7%)"
    assert rows["220102"]["note"] == "2010至2020年间存在序列断点(不可比)"
    assert rows["220104"]["stage_end"] == "深度老龄化(≥14%)"  # 14.2 %
    for r in rows.values():
        assert not re.search(r"[A-Za-z]{3,}", r["stage_end"] + r["note"]), r
    assert "文献:联合国 1956;2010年和2020年人口普查" in err
    # the English output is unchanged
    code, out, err = _run(["analyze", "ageing", "--lang", "en", "-f", "csv"])
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["220102"]["stage_end"] == "ageing (老龄化, ≥7%)"
    assert rows["220102"]["note"] == "series break between 2010 and 2020 (not comparable)"
    assert ageing(cc).at["220104", "stage_end"] == "aged (深度老龄化, ≥14%)"


def test_ageing_without_a_census_year_names_the_census_years() -> None:
    """`analyze ageing --start 2012` said the column is NaN and advised `--year`, which
    `ageing` does not take; it now names the census years that have values."""
    for lang, want in (("zh", "有数值的普查年份:2010、2020"),
                       ("en", "the census years that have values: 2010, 2020")):
        code, out, err = _run(["analyze", "ageing", "--start", "2012", "--lang", lang])
        assert code == 1, (out, err)
        assert want in err and "--start" in err and "--year" not in err, err
    code, out, err = _run(["analyze", "urbanisation", "--end", "2023", "--lang", "zh"])
    assert code == 1 and "2023年没有" in err and "2010、2020" in err, err


def test_integration_panel_skip_note_is_chinese(cc: Any, monkeypatch: Any) -> None:
    """A year the panel skipped carried the English error text in its Chinese note."""
    from metroscope._errors import MissingDataError
    from metroscope.indicators import _integration_panel as panel
    from metroscope.messages import Message

    real = panel._derived_year

    def no_2010(region: Any, year: int, *args: Any) -> Any:
        if year == 2010:
            raise MissingDataError(Message("err_no_core_employment", core="220100", year=2010))
        return real(region, year, *args)

    monkeypatch.setattr(panel, "_derived_year", no_2010)
    res = panel.integration_panel(cc)
    notes = [n for n in res.attrs["metroscope"]["notes"] if getattr(n, "key", "") ==
             "ind_year_skipped"]
    assert [n.zh for n in notes] == ["2010年未计入:核心 220100 在2010年没有分行业就业数据。"]
    assert str(notes[0]) == ("2010 skipped: No employment by industry for the core 220100 "
                             "in 2010.")
