"""The library's errors in the user's language: an error raised with a catalogue message
reads in Chinese under ``--lang zh`` (the command line) and on a Chinese page, and stays the
same English sentence for ``str(exc)``, the API and ``--lang en``.

Found in a trial of the command line: ``metroscope analyze lq --year 1800 --lang zh`` printed
``错误:No unit has complete employment by industry in 1800.``, a Chinese label over an
English sentence. The expected texts below are written out by hand from the catalogue's
templates, not read back from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from metroscope._errors import MissingDataError, ParameterError, error_text
from metroscope.cli import EXIT_USAGE, EXIT_USER, make_app
from metroscope.messages import Message

runner = CliRunner()


def run(*args: str) -> Any:
    argv = list(args)
    return runner.invoke(make_app(argv), argv, env={"COLUMNS": "80"})


@pytest.mark.parametrize(("args", "code", "zh", "en"), [
    (("analyze", "lq", "--level", "county", "--year", "1800"), EXIT_USER,
     "错误:1800 年没有任何单元具有完整的分行业就业数据。",
     "Error: No unit has complete employment by industry in 1800."),
    (("access", "circle", "--mode", "car"), EXIT_USAGE,
     "错误:未知的出行方式 'car':可用 rail、road、fastest。 修正:可取值见该命令的 --help。",
     "Error: Unknown mode 'car': use one of rail, road, fastest. Fix: see the command's --help "
     "for the allowed values."),
    (("access", "circle", "--network-year", "3000"), EXIT_USAGE,
     "错误:路网年份 3000 超出 1949–2100 的范围。",
     "Error: Network year 3000 is outside 1949-2100."),
    (("analyze", "lq", "--codes", "999999"), EXIT_USER,
     "错误:编码不在区域“changchun”中:['999999']。单元编码见 region.units.index。",
     "Error: Codes not in region 'changchun': ['999999']. See region.units.index for the "
     "codes."),
])
def test_cli_errors_read_in_the_chosen_language(args: tuple[str, ...], code: int, zh: str,
                                                en: str) -> None:
    r_zh, r_en = run(*args, "--lang", "zh"), run(*args, "--lang", "en")
    assert (r_zh.exit_code, r_en.exit_code) == (code, code), r_zh.output
    # the terminal may wrap the paragraph: compare without line breaks
    assert zh in r_zh.output.replace("\n", ""), r_zh.output
    assert en in r_en.output.replace("\n", " ").replace("  ", " "), r_en.output
    assert "Traceback" not in r_zh.output + r_en.output


def test_a_missing_locations_file_is_named_in_chinese(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    r = run("flows", "radiation", "--locations", str(missing), "--out",
            str(tmp_path / "f.parquet"), "--lang", "zh")
    assert r.exit_code == EXIT_USER, r.output
    text = r.output.replace("\n", "")
    assert text.startswith(f"错误:无法读取位置文件 {missing}:"), r.output
    assert text.rstrip().endswith("应为带表头行的 CSV。"), r.output


def test_error_text_renders_a_catalogue_message_and_keeps_plain_text() -> None:
    exc = MissingDataError(Message("err_no_complete_employment", year=2020))
    assert str(exc) == "No unit has complete employment by industry in 2020."
    assert error_text(exc, "zh") == "2020 年没有任何单元具有完整的分行业就业数据。"
    assert error_text(exc, "en") == str(exc)
    # a list parameter is joined per language
    many = ParameterError(Message("err_unknown_mode", got="'x'", allowed=["rail", "road"]))
    assert error_text(many, "zh") == "未知的出行方式 'x':可用 rail、road。"
    assert str(many) == "Unknown mode 'x': use one of rail, road."
    plain = ParameterError("as written")
    assert error_text(plain, "zh") == "as written"


def test_a_chinese_page_shows_a_library_error_in_chinese(tmp_path: Path) -> None:
    """The travel fragment with a network year before any railway: the library refuses it;
    the Chinese page's hint is the Chinese sentence (the English one stays as the original,
    for a technician), the English page shows the English sentence only."""
    from _web import client

    url = "/fragments/travel?lang={}&year=1920"
    with client(tmp_path) as c:
        zh = c.get(url.format("zh"), headers={"Accept": "text/html"})
        en = c.get(url.format("en"), headers={"Accept": "text/html"})
    assert zh.status_code == en.status_code == 422, zh.text[:300]
    assert "路网年份 1920 超出 1949–2100 的范围。" in zh.text
    assert "路网年份" not in en.text
    assert "Network year 1920 is outside 1949-2100." in en.text


def test_the_indicator_api_takes_repeated_codes_and_refuses_other_repeats(tmp_path: Path
                                                                          ) -> None:
    """Found in a trial: ``/api/v1/indicators/lq?codes=220100&codes=220200`` kept only the
    last value (one row), silently. Repeated codes now add up, as comma-separated ones do;
    a single-valued option given twice with different values is refused."""
    from _web import client

    with client(tmp_path) as c:
        rep = c.get("/api/v1/indicators/lq?codes=220100&codes=220200")
        comma = c.get("/api/v1/indicators/lq?codes=220100,220200")
        twice = c.get("/api/v1/indicators/lq?year=2020&year=2010")
    assert rep.status_code == comma.status_code == 200, rep.text[:300]
    assert rep.json() == comma.json()
    assert {r["code"] for r in rep.json()} == {"220100", "220200"}
    assert twice.status_code == 422, twice.text[:300]
    assert [d["name"] for d in twice.json()["error"]["details"]] == ["year"]


@pytest.mark.parametrize("name", ["ageing", "urbanisation", "population_change"])
def test_a_reversed_period_is_refused_by_every_change_indicator(name: str) -> None:
    """Found in a trial: ``analyze ageing --start 2020 --end 2010`` printed a change for a
    unit whose series breaks in that decade, with no break note, because the break check
    reads the years in (start, end]; ``population_change`` already refused it."""
    from metroscope import indicators
    from metroscope.datasets import load

    fn = indicators.get(name).function
    with pytest.raises(ParameterError, match=r"^end \(2010\) must be after start \(2020\)\.$"):
        fn(load("changchun"), start=2020, end=2010)
    r = run("analyze", name, "--start", "2020", "--end", "2010", "--lang", "zh")
    assert r.exit_code == EXIT_USAGE, r.output
    assert "结束年份(2010)必须晚于起始年份(2020)。" in r.output.replace("\n", "")


def test_a_named_code_of_another_level_is_refused_not_dropped() -> None:
    """Found in a trial: ``analyze lq --codes 220100,220102`` printed 220100 only: 220102 (a
    district, level county) fell to the default level=prefecture without a word."""
    from metroscope.datasets import load
    from metroscope.indicators.industry import location_quotients

    region = load("changchun")
    assert region.units.at["220102", "level"] == "county"
    with pytest.raises(ParameterError, match=r"^1 code\(s\) are not units at level prefecture: "
                                             r"220102 \(county\)\."):
        location_quotients(region, level="prefecture", codes=["220100", "220102"])
    r = run("analyze", "lq", "--codes", "220100,220102", "--lang", "zh")
    assert r.exit_code == EXIT_USAGE, r.output
    assert "1 个编码不是 prefecture 级单元:220102 (county)。" in r.output.replace("\n", "")
    # codes of the level asked for are taken as before
    both = location_quotients(region, level="prefecture", codes=["220100", "220200"])
    assert set(both.index.get_level_values(0)) == {"220100", "220200"}
