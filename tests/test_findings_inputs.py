"""Inputs a user trial found accepted that should be refused or noted (each test failed
before its fix): implausible counts of persons, a parent total below the core, codes,
every problem of a file at once, messages a planner can act on, scenario years."""

from __future__ import annotations

from pathlib import Path

import pytest

from metroscope._errors import DataValidationError

# China's population at the highest published year-end figure (NBS 2021: 141,260 万人)
CHINA_MAX = 141_260 * 10_000


def _import(tmp_path: Path, body: str, **kw: object) -> DataValidationError:
    from metroscope.importers import read_stats

    f = tmp_path / "pop2.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        read_stats(f, indicator="population", unit="persons", source="census", quality="A",
                   **kw)  # type: ignore[arg-type]
    return info.value


def test_implausible_person_counts_are_refused_in_both_languages(tmp_path: Path) -> None:
    """1e30 persons, 537145.7 persons and a county of 0 persons were imported, and
    `summary` printed a 40-digit population."""
    exc = _import(tmp_path, "code,2010,2020\n220303,334884,1e30\n220322,782630,537145.7\n"
                            "220382,-0,0\n")
    got = {(p.line, p.column): p for p in exc.problems}
    # file lines: header 1, 220303 on 2, 220322 on 3, 220382 on 4 (two zero cells)
    assert set(got) == {(2, "2020"), (3, "2020"), (4, "2010"), (4, "2020")}
    en = got[(2, "2020")].text("en")
    zh = got[(2, "2020")].text("zh")
    assert f"at most {CHINA_MAX:,} persons" in en and "2020 census 1,411,778,724" in " ".join(en.split())
    assert f"不超过 {CHINA_MAX:,} 人" in zh and "国家统计局" in zh
    assert "pop2.csv, line 3" in got[(3, "2020")].text("en")
    assert "a whole number of persons" in got[(3, "2020")].text("en")
    assert "整数人数" in got[(3, "2020")].text("zh")
    assert "a population above 0" in got[(4, "2020")].text("en")
    assert "大于 0 的常住人口" in got[(4, "2020")].text("zh")


def test_person_counts_in_10k_persons_and_outside_china(tmp_path: Path) -> None:
    """53.71 万人 is a normal yearbook figure; 1.5e9 persons is refused in China only."""
    from metroscope.importers import read_stats

    f = tmp_path / "p.csv"
    f.write_text("code,2020\n220322,53.71\n", encoding="utf-8")
    df = read_stats(f, indicator="population", unit="10k_persons", source="yb", quality="A")
    assert df["value"].round(6).tolist() == [537100.0]  # converted to persons
    f.write_text("code,2020\nIN,1500000000\n", encoding="utf-8")
    with pytest.raises(DataValidationError):
        read_stats(f, indicator="population", unit="persons", source="x", quality="A")
    df = read_stats(f, indicator="population", unit="persons", source="x", quality="A",
                    outside_china=True)
    assert df["value"].tolist() == [1_500_000_000.0]


def test_locations_file_problems_name_lines_and_plain_values(tmp_path: Path) -> None:
    """`flows radiation --locations` printed "第 C 行" (a code as a line number),
    "np.float64(nan)", "['A']" and "[0.0, inf] 内的有限数", and accepted population 1e308."""
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    f = tmp_path / "locs_bad.csv"
    f.write_text("code,lon,lat,population\nA,125.3,43.9,100\nB,125.4,43.8,\nC,125.5,43.7,-5\n"
                 "A,125.6,43.6,50\nD,125.6,43.6,1e308\n", encoding="utf-8")
    out = {}
    for lang in ("zh", "en"):
        argv = ["flows", "radiation", "--locations", str(f), "--lang", lang]
        # a wide terminal: the problem lines are not wrapped (wrapping is tested elsewhere)
        res = CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400"})
        out[lang] = res.output + (res.stderr if res.stderr_bytes is not None else "")
        assert res.exit_code == 1, out[lang]
        assert "np.float64" not in out[lang] and "inf]" not in out[lang]
        assert "['A']" not in out[lang] and "第 C 行" not in out[lang]
    # B is on file line 3, C (-5) on line 4, the second A on line 5, D (1e308) on line 6
    assert "locs_bad.csv, line 3 (data row 2), column 'population'; expected a value" in " ".join(out["en"].split())
    assert "line 4 (data row 3), column 'population': got -5.0; expected a number of persons" \
        in " ".join(out["en"].split())
    assert "line 5 (data row 4), column 'code': got 'A'; expected unique codes" in " ".join(out["en"].split())
    assert "line 6 (data row 5), column 'population': got 1e+308; expected at most " \
        f"{CHINA_MAX:,} persons" in " ".join(out["en"].split())
    assert "locs_bad.csv,第 4 行(数据第 3 行),列“population”:值为 -5.0;应为不小于 0 的人数" \
        in out["zh"]
    assert f"值为 1e+308;应为不超过 {CHINA_MAX:,} 人" in out["zh"]


def _cli(argv: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from metroscope.cli import make_app

    res = CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400"})  # lines unwrapped
    return res.exit_code, res.output + (res.stderr if res.stderr_bytes is not None else "")


def test_parent_total_below_the_core_is_refused_with_its_unit() -> None:
    """`analyze primacy --parent-total 100` printed a share of 7,632 %: Changchun's GDP 2024
    is 7,632.19 亿元, above the total given."""
    base = ["analyze", "primacy", "--measure", "gdp", "--year", "2024", "--level",
            "prefecture", "--parent-total", "100", "--format", "csv"]
    code, en = _cli([*base, "--lang", "en"])
    assert code == 2, en
    assert "parent total 100 100 million yuan is below the core 220100's own gdp in 2024, " \
        "7,632.19 100 million yuan" in en
    code, zh = _cli([*base, "--lang", "zh"])
    assert code == 2, zh
    assert "上级单元总量 100 亿元 小于核心 220100 自身 2024 年的 gdp 7,632.19 亿元" in zh
    code, out = _cli(["analyze", "primacy", "--help"])
    assert "亿元" in out.replace("\n", "").replace("│", "").replace(" ", "")


def test_primacy_shares_are_shown_to_a_tenth_of_a_percent() -> None:
    """`--parent-total 14400` showed share_of_parent_pct 53 next to share_of_units_sum_pct
    53.93: 7,632.19 / 14,400 = 53.0 %, both to 0.1 % as the README promises."""
    code, out = _cli(["analyze", "primacy", "--measure", "gdp", "--year", "2024", "--level",
                      "prefecture", "--parent-total", "14400", "--format", "csv"])
    assert code == 0, out
    rows = dict(line.split(",")[:2] for line in out.splitlines() if "_pct," in line)
    assert rows["share_of_parent_pct"] == f"{100 * 7632.19 / 14400:.1f}" == "53.0"
    assert rows["share_of_units_sum_pct"] == "53.9"


def test_observed_flows_report_every_problem_with_file_and_line(tmp_path: Path) -> None:
    """`flows fit --observed` reported only the first problem, as "row 2" of "observed
    flows" (the -3 is on file line 3; no file name); the negative cost and the flow 1e300
    were never mentioned."""
    f = tmp_path / "obs.csv"
    f.write_text("origin,destination,flow,cost\nA,B,10,0\nB,A,-3,5\nA,C,1e300,3\nC,A,4,-2\n"
                 "B,C,5,2\nC,B,6,2\n", encoding="utf-8")
    code, en = _cli(["flows", "fit", "--observed", str(f), "--lang", "en"])
    assert code == 1, en
    assert "4 problem(s) in" in " ".join(en.split())
    assert "obs.csv, line 2 (data row 1), column 'cost': got 0; expected a cost above 0 for " \
        "the pair A->B" in " ".join(en.split())
    assert "obs.csv, line 3 (data row 2), column 'flow': got -3" in " ".join(en.split())
    assert f"line 4 (data row 3), column 'flow': got 1e+300; expected a flow of at most " \
        f"{2**53:,}" in en
    assert "obs.csv, line 5 (data row 4), column 'cost': got -2; expected a cost of 0 or more " \
        "for the pair C->A" in en
    code, zh = _cli(["flows", "fit", "--observed", str(f), "--lang", "zh"])
    assert "obs.csv 中有 4 个问题" in zh
    assert "obs.csv,第 3 行(数据第 2 行),列“flow”:值为 -3" in zh
    assert "第 5 行(数据第 4 行),列“cost”:值为 -2;应为起讫点对 C->A 不小于 0 的成本" in zh
    assert "第 2 行(数据第 1 行),列“cost”:值为 0;应为起讫点对 A->B 大于 0 的成本" in zh


def test_scenario_year_range_is_the_network_year_range(tmp_path: Path) -> None:
    """A scenario's `year: 1800` or `2500` was accepted while --network-year refuses years
    outside 1949-2100."""
    for year, bound in ((1800, "greater than or equal to 1949"), (2500, "less than or equal "
                                                                       "to 2100")):
        f = tmp_path / f"y{year}.yaml"
        f.write_text(f"name: y{year}\nyear: {year}\nedits: []\n", encoding="utf-8")
        code, en = _cli(["access", "circle", "--scenario", str(f), "--lang", "en"])
        assert code != 0 and f"line 2, year: Input should be {bound} (got {year})" in en, en
        code, zh = _cli(["access", "circle", "--scenario", str(f), "--lang", "zh"])
        assert code != 0 and "第 2 行,year:" in zh and f"(实际为 {year})" in zh, zh


def test_scenario_year_before_todays_links_is_noted() -> None:
    """A scenario's `year: 2000` silently gave today's network (the year only opens and
    completes links); the note says so and points to --network-year."""
    import metroscope
    from metroscope.scenario import Scenario
    from metroscope.scenario.editing import year_notes

    region = metroscope.load("changchun")
    links = region.links
    later = int((links["status"].eq("operating") & (links["open_year"] > 2000)).sum())
    assert later > 0
    (note,) = year_notes(Scenario(name="y2000", year=2000), region)
    assert f"{later} operating link(s) opened after 2000 stay in the network" in str(note)
    assert "--network-year 2000" in str(note)
    assert f"{later} 条现状运营连线开通于 2000 年之后" in note.get("zh")
    newest = int(links.loc[links["status"].eq("operating"), "open_year"].max())
    assert year_notes(Scenario(name="late", year=newest), region) == []


def test_a_chinese_looking_code_with_a_letter_is_noted(tmp_path: Path) -> None:
    """The code `22030X` in units.csv was not flagged at all."""
    rows = ["code,name_zh,name_en,level,role,lon,lat",
            "220302,铁西区,Tiexi District,county,core,124.34572,43.14616",
            "22030X,铁东区,Tiedong District,county,core,124.40959,43.16210",
            "zone01,开发区,A zone,county,member,124.4,43.2"]
    f = tmp_path / "units.csv"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for lang, want in (("en", "units.csv, line 3 (data row 2), column 'code': got '22030X'; "
                              "expected a 6-digit administrative code"),
                       ("zh", "units.csv,第 3 行(数据第 2 行),列“code”:值为 '22030X';"
                              "应为6 位数字的行政区划代码")):
        code, out = _cli(["data", "import", "t", str(tmp_path / f"out_{lang}"), "--units",
                          str(f), "--lang", lang])
        assert code == 0, out
        assert want in out and "zone01" not in out  # a user id of another shape is left alone
