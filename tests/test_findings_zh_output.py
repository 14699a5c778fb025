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
def web(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The dashboard through the in-process client."""
    from _web import client

    with client(tmp_path_factory.mktemp("pages")) as c:
        yield c


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
    assert [n.zh for n in notes] == ["2010年未计入:2010 年核心单元 220100 没有分行业就业数据。"]
    assert str(notes[0]) == ("2010 skipped: No employment by industry for the core 220100 "
                             "in 2010.")


def test_output_path_errors_read_in_chinese(tmp_path: Any) -> None:
    """Errors about `--out` (a folder, a path under a file, a wrong suffix) were English
    with `--lang zh`; the English text is unchanged."""
    (tmp_path / "afile").write_text("x")
    cases = [(str(tmp_path), f"无法把流量表写到 {tmp_path}:它是文件夹。请给出文件名,例如 "
                             f"{tmp_path / 'output.csv'}。",
              f"Cannot write the flow table to {tmp_path}: it is a folder. Give a file name, "
              f"e.g. {tmp_path / 'output.csv'}."),
             (str(tmp_path / "afile" / "f.csv"),
              f"无法写出流量表 {tmp_path / 'afile' / 'f.csv'}:{tmp_path / 'afile'} 是文件,"
              "不是文件夹。请给出文件夹中的路径。",
              f"Cannot write the flow table {tmp_path / 'afile' / 'f.csv'}: "
              f"{tmp_path / 'afile'} is a file, not a folder. Choose a path inside a folder."),
             (str(tmp_path / "f.txt"), "文件名须以 .csv、.parquet、.csv.gz、.pq 结尾。",
              "the name must end in .csv or .parquet (or .csv.gz, .pq).")]
    for out, zh, en in cases:
        code, _out, err = _run(["flows", "radiation", "--out", out, "--lang", "zh"])
        assert code == 1 and zh in err, err
        assert not ENGLISH.search(err), err
        code, _out, err = _run(["flows", "radiation", "--out", out, "--lang", "en"])
        assert code == 1 and en in err, err


def test_out_into_a_missing_folder_creates_it_and_says_so(tmp_path: Any) -> None:
    """`--out new/dir/f.csv` created the folders silently; it still creates them (the docs'
    `--out out/changchun.html`) and now says so on stderr, in the CLI's language."""
    out = tmp_path / "new" / "dir" / "f.csv"
    code, _out, err = _run(["flows", "radiation", "--out", str(out), "--lang", "zh"])
    assert code == 0, err
    assert out.is_file()
    assert f"已新建文件夹 {tmp_path / 'new'}、{tmp_path / 'new' / 'dir'}(原先不存在)。" in err
    code, _out, err = _run(["flows", "radiation", "--out", str(out), "--lang", "en"])
    assert code == 0 and "Created the folder" not in err, err  # nothing new: nothing said
    code, _out, err = _run(["data", "export", "changchun", str(tmp_path / "b" / "cc"),
                            "--lang", "en"])
    assert code == 0, err
    assert f"Created the folder {tmp_path / 'b'} (it did not exist)." in err
    assert (tmp_path / "b" / "cc" / "region.toml").is_file()


def test_rewriting_a_file_keeps_its_mode_and_a_read_only_file_is_refused(tmp_path: Any) -> None:
    """Writing over a file gave it mode 644 whatever it had (the temporary file's), a
    read-only one included."""
    import os
    import stat

    from metroscope._atomic import write_text
    from metroscope._errors import OutputError, error_text

    f = tmp_path / "shared.html"
    f.write_text("old")
    os.chmod(f, 0o664)
    write_text(f, "new")
    assert (f.read_text(), stat.S_IMODE(f.stat().st_mode)) == ("new", 0o664)
    os.chmod(f, 0o640)
    write_text(f, "newer")
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    os.chmod(f, 0o444)  # read-only: refused, the file and its mode unchanged (also as root)
    with pytest.raises(OutputError) as exc:
        write_text(f, "lost", what="the report")
    assert error_text(exc.value, "zh") == (f"不覆盖报告 {f}:该文件是只读的。要替换它,请先改为可写"
                                           "(chmod u+w),或另选输出文件。")
    assert (f.read_text(), stat.S_IMODE(f.stat().st_mode)) == ("newer", 0o444)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]  # no leftover
    code, _out, err = _run(["flows", "radiation", "--out", str(tmp_path / "ro.csv")])
    assert code == 0, err
    os.chmod(tmp_path / "ro.csv", 0o444)  # the command refuses before computing
    code, _out, err = _run(["flows", "radiation", "--out", str(tmp_path / "ro.csv")])
    assert code == 1 and "the file is read-only" in err, err


def test_report_command_lines_follow_its_language(tmp_path: Any) -> None:
    """`report --lang zh` printed `Report PATH (6.0 MB, 20.1 s)` and `--pdf and --out name
    the same file.` in English."""
    out = tmp_path / "out" / "cc.html"
    code, _out, err = _run(["report", "changchun", "--lang", "zh", "--out", str(out), "--pdf",
                            str(out)])
    assert code == 2 and "--pdf 与 --out 指向同一个文件。" in err, err
    assert not out.parent.exists()  # refused before anything is created
    code, stdout, err = _run(["report", "changchun", "--lang", "zh", "--out", str(out)])
    assert code == 0, err
    assert f"已新建文件夹 {out.parent}(原先不存在)。" in err
    # Rich wraps the line at the terminal's width, anywhere (also inside the path)
    flat = "".join(err.split())
    assert re.search(rf"报告{re.escape(str(out))}\(\d+\.\dMB,\d+\.\d秒[),]", flat), err
    assert not ENGLISH.search(err), err
    assert stdout.strip() == str(out)


def test_analyze_option_errors_read_in_chinese() -> None:
    """`analyze ageing --year 2015 --lang zh` said `--year does not apply to 'ageing'` in
    English; the English text is unchanged."""
    code, _out, err = _run(["analyze", "ageing", "--year", "2015", "--set", "foo=1",
                            "--lang", "zh"])
    assert code == 2, err
    assert "选项有 2 个问题" in err and "--year 不适用于“ageing”(可用的参数:start、end、level、codes)" in err
    assert "“ageing”没有参数 'foo'" in err, err
    assert not ENGLISH.search(err.replace("start, end, level, codes", "")), err  # the names
    code, _out, err = _run(["analyze", "ageing", "--year", "2015", "--lang", "en"])
    assert "--year does not apply to 'ageing' (it accepts: start, end, level, codes)." in err


def test_primacy_notes_and_denominator_read_in_chinese() -> None:
    """`analyze primacy --lang zh` printed `denominator: sum of the units of 220000`, `refused:
    needs at least 11 units, the set has 9 ...` and `parent_basis=sum of the units of 220000`;
    the English text is unchanged."""
    import csv
    import io

    code, out, err = _run(["analyze", "primacy", "--lang", "zh", "-f", "csv"])
    assert code == 0, err
    notes = {r["metric"]: r["note"] for r in csv.DictReader(io.StringIO(out))}
    # no 2024 province figure: the share stays on the official series (missing, as in
    # primacy-trend); the units' sum in its own row
    assert notes["share_of_parent_pct"] == (
        "220000在2024年没有官方公布的总量:其他年份均以220000的官方公布的总量为分母,因此该年份额"
        "留空,而不改用各单元之和(以各单元之和为分母的份额见 share_of_units_sum_pct)")
    assert notes["share_of_units_sum_pct"] == "分母:220000各单元之和"
    assert notes["eleven_city_index"] == ("不计算:至少需要 11 个单元,这组只有 9 个"
                                          "(请改用 --level county)")
    assert notes["rank_size_r2"] == "秩-规模回归(OLS)的 R²"
    assert "parent_basis=220000在2024年没有公布的 gdp" in err
    code, out, err = _run(["analyze", "primacy", "--lang", "en", "-f", "csv"])
    notes = {r["metric"]: r["note"] for r in csv.DictReader(io.StringIO(out))}
    assert notes["share_of_units_sum_pct"] == "denominator: sum of the units of 220000"
    assert notes["share_of_parent_pct"].startswith("220000 has no official total in 2024")
    assert notes["eleven_city_index"] == ("refused: needs at least 11 units, the set has 9 "
                                          "(switch to --level county)")


def test_industry_page_flags_lq_cells_at_the_threshold_of_the_cli(web: Any) -> None:
    # the page and `metroscope analyze lq` flag small samples at one threshold: 30 persons
    # (n >= 30 rule of thumb; relative standard error 1/sqrt(30) = 18 %)
    import metroscope
    from metroscope.indicators.industry import location_quotients
    from metroscope.indicators.lq_evidence import lq_evidence

    html = re.sub(r"<script.*?</script>", " ", web.get("/industry?lang=zh").text, flags=re.S)
    zh = re.sub(r"<[^>]+>", " ", html)
    m = re.search(r"普查样本少于(\d+)人\(相对标准误差约大于(\d+)%\).*?\((\d+) / (\d+)\)", zh)
    assert m is not None, zh[:500]
    assert (int(m.group(1)), int(m.group(2))) == (30, 18)
    ev = lq_evidence(metroscope.load("changchun"))  # the cells of the CLI, counted by hand
    # the page flags by the CLI's whole rule (the sample, or a 95 % interval containing 1)
    assert int(m.group(3)) == int((~ev["reliable"]).sum())
    assert int(m.group(4)) == len(ev)
    note = [n.zh for n in location_quotients(metroscope.load("changchun")).attrs["metroscope"]
            ["notes"] if getattr(n, "key", "") == "ind_lqs_unreliable"]
    assert note and "少于30人" in note[0]
