"""Chinese output of the command line in a planner's trial (``--lang zh``, 80 columns): no
English sentence, no English word where the catalogue has a Chinese one, and messages that fit
the terminal (each test failed before its fix)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from metroscope.cli import EXIT_USAGE, make_app

#: an English word of three letters or more that is not an option (--beta), a file or a
#: command name quoted in the message; the callers strip what is a code or a name
WORD = re.compile(r"(?<![-\w.:/])[A-Za-z]{3,}(?![-\w.:/])")


def run(*args: str, **env: str) -> Any:
    argv = list(args)
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "80", **env})


def english(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """English words of ``text`` other than ``allowed`` and the command's own name."""
    keep = {"metroscope", "help", *allowed}
    return [w for w in WORD.findall(text) if w not in keep]


def test_unknown_scenario_is_one_chinese_sentence() -> None:
    res = run("scenario", "compare", "nope", "--lang", "zh")
    assert res.exit_code == EXIT_USAGE
    out = res.output.strip()
    assert "中有 1 个问题" not in out and "scenario 中" not in out
    assert out.startswith("错误:'nope' 既不是内置情景"), out
    assert "。修正:" in out and "。 修正" not in out


def test_usage_error_joins_its_fix_without_a_space_in_chinese() -> None:
    res = run("analyze", "primacy", "--measure", "gdp", "--year", "2024", "--level",
              "prefecture", "--parent-total", "2024=0", "--lang", "zh")
    assert res.exit_code == EXIT_USAGE
    assert res.output.strip() == "错误:--parent-total 应为正数,收到 2024=0.0。修正:可取值见该命令的 --help。"


def test_exp_deterrence_without_beta_is_a_chinese_usage_error() -> None:
    res = run("flows", "gravity", "--deterrence", "exp", "--lang", "zh")
    assert res.exit_code == EXIT_USAGE
    out = res.output.strip()
    assert out.startswith("错误:--deterrence exp 需要 --beta(每千米)。"), out
    assert "Invalid value" not in out and "╭" not in out
    en = run("flows", "gravity", "--deterrence", "exp").output.strip()
    assert en.startswith("Error: --deterrence exp needs --beta (per km)."), en


def test_radiation_without_population_lists_the_years_that_have_it() -> None:
    res = run("flows", "radiation", "--year", "2015", "--lang", "zh")
    assert res.exit_code != 0
    out = res.output.strip()
    assert "有常住人口数据的年份:2010, 2020" in out, out
    assert english(out, ("changchun",)) == [], out
    en = run("flows", "radiation", "--year", "2015").output
    assert "years with resident population: 2010, 2020" in en


def _scenario(tmp: Path, text: str) -> Path:
    path = tmp / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edit_to_a_missing_node_is_told_once_in_chinese(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "name: bad2\nbase: changchun\nedits:\n  - op: add_link\n"
                     "    link_id: x1\n    from_node: st:nowhere\n    to_node: st:changchun\n"
                     "    mode: hsr\n    length_km: 10\n    speed_kph: 300\n")
    res = run("scenario", "compare", str(path), "--lang", "zh", COLUMNS="200")
    assert res.exit_code != 0
    lines = res.output.strip().splitlines()
    assert lines == ["错误:情景“bad2”应用于区域“changchun”中有 1 个问题:",
                     "  - edits.0 (add_link):路段 'x1' 引用了未知节点 ['st:nowhere'];"
                     "请先用 add_node 添加"], lines


def test_a_problem_after_the_edits_is_in_chinese(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "name: neg\nbase: changchun\nedits:\n  - op: set_stat\n"
                     "    code: '220102'\n    indicator: population\n    year: 2020\n"
                     "    value: -3\n")
    res = run("scenario", "compare", str(path), "--lang", "zh")
    assert res.exit_code != 0
    out = res.output
    assert "编辑之后:stats,第 600 行,列“value”:值为 -3.0;应为不小于 0 的值" in out, out
    assert "got" not in out and "Fix" not in out and "expected" not in out


def test_a_yaml_syntax_error_names_the_file_line_and_column_in_chinese(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "name: x\nedits:\n  - op: a\n b: 2\n")
    res = run("scenario", "compare", str(path), "--lang", "zh", COLUMNS="300")
    assert res.exit_code != 0
    out = res.output
    assert f"错误:{path} 中有 1 个问题:" in out
    assert "  - 第 4 行第 2 列:YAML 语法错误;请检查该行及其上一行的缩进、冒号、引号和括号(解析器提示:" in out
    assert "<unicode string>" not in out and "不是有效的 YAML" not in out


def test_an_undecodable_csv_says_where_each_encoding_stopped(tmp_path: Path) -> None:
    """Line 2 is ``220102,长\\xff``: as UTF-8 bytes 8-10 are 长 and byte 11 (0xff) cannot
    start a character; as GB18030 bytes 8-9 are one character and 0xbf 0xff (byte 10) is not."""
    path = tmp_path / "units.csv"
    path.write_bytes(b"code,name\n220102,\xe9\x95\xbf\xff\n")
    res = run("data", "import", "t", str(tmp_path / "out"), "--units", str(path), "--lang", "zh")
    assert res.exit_code == 1
    out = res.output
    assert (f"{path} 既不是 UTF-8 也不是 GB18030 编码的有效文本:按 UTF-8 读取时第 2 行第 11 个字节"
            "无法解码;按 GB18030 读取时第 2 行第 10 个字节无法解码。请另存为“CSV UTF-8”") in out, out
    assert "utf-8-sig" not in out and "byte" not in out


def test_import_problems_have_no_stray_gaps(tmp_path: Path) -> None:
    """The heading has no gap after a Chinese context, a missing reference reads as a sentence
    and a missing file names the path first."""
    from metroscope._errors import DataValidationError, error_text
    from metroscope.messages import Message

    exc = DataValidationError([], context=Message("val_ctx_region_files", name="t"))
    assert error_text(exc, "zh").startswith("区域“t”的文件中有 0 个问题")
    assert Message("val_exp_exists_in", target="units.code").zh == "已在 units.code 中出现的值"
    res = run("data", "import", "t", str(tmp_path / "out"), "--units",
              str(tmp_path / "none.csv"), "--lang", "zh")
    assert f"找不到文件 {tmp_path / 'none.csv'}(" in res.output, res.output
    assert "没有这个CSV" not in res.output


def test_an_unknown_language_in_the_environment_is_reported(monkeypatch: Any,
                                                            capsys: Any) -> None:
    from metroscope.cli import _lang

    monkeypatch.setenv("METROSCOPE_LANGUAGE", "zz")
    monkeypatch.setattr(_lang, "_warned", set())
    _lang.reset()
    assert _lang.current() == "en"
    err = capsys.readouterr().err
    assert "METROSCOPE_LANGUAGE='zz' is not zh or en; showing en." in err
    assert "环境变量 METROSCOPE_LANGUAGE='zz' 无效(应为 zh 或 en),按 en 输出。" in err
    _lang.current()
    assert capsys.readouterr().err == ""  # once a process


def test_readme_says_the_demo_prints_chinese() -> None:
    """``make demo`` runs ``metroscope demo``, whose --lang defaults to zh."""
    import inspect

    from metroscope.cli import demo

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`demo`, which `make demo`\nruns, prints its summary in Chinese" in readme
    assert '"zh", "--lang"' in inspect.getsource(demo)


def test_report_flows_table_names_units_in_both_scripts() -> None:
    """Report §8: the core-share table carries name_en only, the row of 公主岭 shows both
    names (zh first on the Chinese page)."""
    import metroscope
    from metroscope.report.context import Text
    from metroscope.report.sections.flows import _table

    region = metroscope.load("changchun")
    cs = metroscope.flows.core_share(metroscope.flows.region_flows(region), region)
    names_zh = {str(c): n for c, n in region.units["name_zh"].items()}
    table = _table({"radiation": (Text.same("r"), cs, cs)}, names_zh)
    first = str(table.rows[0][0])
    assert cs.index[0] == "220184"
    assert "公主岭市 Gongzhuling City" in first, first


def test_import_problem_lines_fit_the_terminal_with_a_hanging_indent(tmp_path: Path) -> None:
    from rich.cells import cell_len

    units = tmp_path / "u.csv"
    units.write_text("code,name_zh,level,role,lon,lat\n220102,南关区,county,membr,224,43.8\n"
                     "220102,南关区,town,core,125.3,43.8\n", encoding="utf-8")
    res = run("data", "import", "t", str(tmp_path / "o"), "--units", str(units), "--lang", "zh")
    assert res.exit_code == 1
    lines = res.output.rstrip().splitlines()
    assert lines[0] == "错误:区域“t”的文件中有 4 个问题:"
    assert all(cell_len(ln) <= 80 for ln in lines), lines
    assert all(ln.startswith(("  - ", "    ")) for ln in lines[1:]), lines
    assert len(lines) > 5  # each problem is longer than a line
