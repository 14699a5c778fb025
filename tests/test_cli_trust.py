"""The command line as a planner trying every command sees it: usage errors exit 2 with what
was given, what is expected and how to fix it; data problems exit 1 with every problem; no
traceback; ``--lang zh`` reads in Chinese; tables fit 80 columns; outputs are never
half-written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from metroscope.cli import EXIT_INTERNAL, EXIT_USAGE, EXIT_USER, classify, make_app

runner = CliRunner()


def run(*args: str, **env: str) -> Any:
    """``metroscope ARGS`` in-process through the root command (its exit codes)."""
    argv = list(args)
    return runner.invoke(make_app(argv), argv, env={"COLUMNS": "80", **env})


@pytest.mark.parametrize(("args", "given", "fix"), [
    (("analyze", "primacy", "--region", "nowhere"), "'nowhere'", "metroscope data list"),
    (("summary", "nowhere"), "'nowhere'", "metroscope data list"),
    (("data", "show", "nowhere"), "'nowhere'", "metroscope data list"),
    (("analyze", "nosuch"), "'nosuch'", "metroscope analyze --list"),
    (("scenario", "show", "nosuch"), "'nosuch'", "metroscope scenario list"),
    (("data", "show", "changchun", "--table", "nope"), "'nope'", "--help"),
    (("analyze", "primacy", "--lang", "fr"), "'fr'", "--help"),
    (("analyze", "primacy", "--parent-total", "abc", "--year", "2023"), "'abc'", "YEAR=VALUE"),
    (("analyze", "primacy", "--set", "bogus=1"), "'bogus'", "--help"),
    (("access", "circle", "--minutes", "-5"), "-5.0", "--help"),
    (("scenario", "run", "hsr-350", "--minutes", "nan"), "nan", "--help"),
])
def test_usage_errors_exit_2_with_one_paragraph(args: tuple[str, ...], given: str,
                                                fix: str) -> None:
    res = run(*args)
    assert res.exit_code == EXIT_USAGE, res.output
    text = res.output.strip()
    assert text.startswith("Error: ") and "\n" not in text, text  # one paragraph
    assert given in text and fix in text
    assert "Traceback" not in text


def test_usage_error_in_chinese() -> None:
    res = run("analyze", "primacy", "--region", "nowhere", "--lang", "zh")
    assert res.exit_code == EXIT_USAGE
    assert res.output.startswith("错误:") and "修正:" in res.output


def test_data_problems_exit_1_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("city,gdp\na,1\nb,x\nc,zz\n", encoding="utf-8")
    res = run("analyze", "gini", "--data", str(bad), "--id", "city", "--value", "gdp",
              "--year", "2020")
    assert res.exit_code == EXIT_USER, res.output
    assert "data row(s) [2, 3]" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(("content", "says"), [
    ("", "Cannot read"),
    ('a,b\n"x,1\n', "line 2 (data row 1), column 'a': got '\"x'"),  # the unclosed quote's place
])
def test_empty_or_malformed_csv_is_a_file_problem(tmp_path: Path, content: str,
                                                  says: str) -> None:
    f = tmp_path / "in.csv"
    f.write_text(content, encoding="utf-8")
    res = run("analyze", "gini", "--data", str(f), "--id", "a", "--value", "b", "--year", "2020")
    assert res.exit_code == EXIT_USER, res.output
    assert says in " ".join(res.output.split()) and "Fix:" in res.output, res.output


def test_missing_file_and_folder_given_as_file(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.csv", tmp_path):
        res = run("analyze", "gini", "--data", str(path), "--id", "a", "--value", "b")
        assert res.exit_code == EXIT_USER, res.output
        assert str(path) in res.output and "Traceback" not in res.output


def test_a_plain_value_error_is_a_bug_not_a_user_error() -> None:
    code, message = classify(ValueError("boom"))
    assert code == EXIT_INTERNAL and "bug" in message and "--debug" in message
    from metroscope._errors import FileFormatError, ParameterError, UnknownRegionError

    assert classify(ParameterError("x"))[0] == EXIT_USAGE
    assert classify(UnknownRegionError("x"))[0] == EXIT_USAGE
    assert classify(FileFormatError("x"))[0] == EXIT_USER


def test_scenario_names_a_usage_error_but_a_bad_file_is_data(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("name: x\nedits: 5\n", encoding="utf-8")
    res = run("scenario", "show", str(spec))
    assert res.exit_code == EXIT_USER and "edits" in res.output


def test_analyze_in_chinese_has_chinese_title_and_caption() -> None:
    res = run("analyze", "primacy", "--measure", "gdp", "--year", "2023", "--lang", "zh")
    assert res.exit_code == 0, res.output
    out = res.output
    assert "首位度" in out and "指标:" in out and "来源:" in out
    for english in ("indicator:", "sources:", "parameters:", "columns shown"):
        assert english not in out
    assert max(len(line) for line in out.splitlines()) <= 80 or all(
        _cells(line) <= 80 for line in out.splitlines())


def _cells(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


def test_lang_resets_between_runs() -> None:
    assert "内置数据集" in run("data", "list", "--lang", "zh").output
    assert "Embedded datasets" in run("data", "list").output


@pytest.mark.parametrize("args", [("data", "list"), ("data", "list", "--lang", "zh"),
                                  ("analyze", "--list"),
                                  ("analyze", "primacy", "--measure", "gdp", "--year", "2023")])
def test_tables_fit_80_columns_without_cutting_words(args: tuple[str, ...]) -> None:
    res = run(*args)
    assert res.exit_code == 0, res.output
    assert all(_cells(line) <= 80 for line in res.output.splitlines())
    # a mixed Chinese/English description wraps at its spaces, not in a 12-cell column
    if args[:2] == ("data", "list"):
        assert "Metropolitan Area" in res.output or "Metropolitan" in res.output


def test_monitor_commands_take_lang(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    res = run("monitor", "init", "--db", db, "--lang", "zh")
    assert res.exit_code == 0, res.output
    assert "新增" in res.output and "project(s)" not in res.output
    res = run("monitor", "rules", "list", "--db", db, "--lang", "zh")
    assert res.exit_code == 0 and "规则" in res.output
    res = run("monitor", "rules", "list", "--db", db, "--lang", "de")
    assert res.exit_code == EXIT_USAGE


def test_refused_export_leaves_the_existing_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "keep.csv"
    target.write_text("precious\n", encoding="utf-8")
    res = run("data", "export", "changchun", str(target))
    assert res.exit_code == EXIT_USER, res.output
    assert target.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permission bits do not bind the superuser")
def test_read_only_output_folder_is_a_clean_error(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        res = run("data", "export", "changchun", str(ro / "out"))
    finally:
        ro.chmod(0o755)
    assert res.exit_code == EXIT_USER and "Traceback" not in res.output
    assert not (ro / "out").exists()


def test_interrupted_write_keeps_the_old_file(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the middle of a write: exit 130, the old file intact, no temp file left."""
    import metroscope._atomic as atomic

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "digest.html"
    target.write_text("old\n", encoding="utf-8")

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    db = f"sqlite:///{tmp_path / 'm.db'}"
    assert run("monitor", "init", "--db", db, "--no-watchlist").exit_code == 0
    res = run("monitor", "digest", "--db", db, "--out", str(target))
    assert res.exit_code == 130, res.output
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in target.parent.iterdir()] == ["digest.html"]  # no temp file left
