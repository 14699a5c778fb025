"""Defects a new user (a regional planner) found by trying to break the command line and the
monitor: each test failed on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from metroscope.cli import make_app

runner = CliRunner()


def invoke(*argv: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """Run ``metroscope ARGV`` in-process through the root app (its exit codes and messages)."""
    args = list(argv)
    return runner.invoke(make_app(args), args, env=env)


def test_report_with_an_unknown_scenario_is_a_usage_error(tmp_path: Path) -> None:
    """``report --scenario typo`` exited 0 after 20 s with a report that lacked the scenario;
    now it stops at once with exit 2, names the shipped scenarios and writes nothing."""
    out = tmp_path / "r.html"
    res = invoke("report", "changchun", "--scenario", "chang-si-liao-tongg", "--out", str(out))
    assert res.exit_code == 2, res.output
    assert "chang-si-liao-tongg" in res.output and "chang-si-liao-tong" in res.output
    assert "scenario list" in res.output  # the fix
    assert "Traceback" not in res.output
    assert not out.exists()


def test_monitor_demo_refuses_a_folder_with_an_earlier_store(tmp_path: Path) -> None:
    """A second ``monitor demo --workdir X`` (or one after a killed run) reported every
    source failing and 0 new items: the stored sources pointed at the earlier run's port. It
    now refuses the used folder (exit 1), says how to fix it and leaves the store alone."""
    store = tmp_path / "monitor.sqlite"
    store.write_bytes(b"an earlier store")
    res = invoke("monitor", "demo", "--workdir", str(tmp_path), "--quiet")
    assert res.exit_code == 1, res.output
    assert "already holds a monitor store" in res.output and "--workdir" in res.output
    assert store.read_bytes() == b"an earlier store"
    assert "Traceback" not in res.output


def test_monitor_read_commands_refuse_a_missing_store(tmp_path: Path) -> None:
    """``monitor items --db sqlite:///typo.sqlite`` created an empty store and printed an
    empty table (exit 0); reading commands now refuse a missing SQLite file and say how to
    create it, and create nothing."""
    missing = tmp_path / "typo.sqlite"
    db = f"sqlite:///{missing}"
    for argv in (["items"], ["alerts"], ["digest"], ["sources", "list"], ["rules", "list"],
                 ["projects", "list"], ["channels", "list"], ["once", "--quiet"]):
        res = invoke("monitor", *argv, "--db", db)
        assert res.exit_code == 1, (argv, res.output)
        assert f"No monitor store at {missing}" in res.output, (argv, res.output)
        assert f"metroscope monitor init --db {db}" in res.output
        assert not missing.exists(), argv
    zh = invoke("monitor", "items", "--db", db, "--lang", "zh")
    assert zh.exit_code == 1 and "没有监测存储" in zh.output and "No monitor" not in zh.output


def test_monitor_init_checks_everything_before_it_writes(tmp_path: Path) -> None:
    """``monitor init`` with a bad watchlist committed the projects and then failed (a
    half-seeded store), and with an unknown region created an empty store; now neither
    creates or writes anything, and the exit codes are 1 (bad file) and 2 (unknown name)."""
    bad = tmp_path / "watchlist.toml"
    bad.write_text('[[sources]]\nname = "x"\n', encoding="utf-8")  # no url
    store = tmp_path / "m.sqlite"
    db = f"sqlite:///{store}"
    res = invoke("monitor", "init", "--db", db, "--watchlist", str(bad))
    assert res.exit_code == 1 and "invalid watchlist" in res.output, res.output
    assert not store.exists()
    res = invoke("monitor", "init", "--db", db, "--region", "nosuch")
    assert res.exit_code == 2, res.output
    assert not store.exists()
    res = invoke("monitor", "init", "--db", db)
    assert res.exit_code == 0 and "added 3 project(s), 11 source(s), 10 rule(s)" in res.output


def test_monitor_init_monitor_adds_nothing_for_a_bad_watchlist(tmp_path: Path) -> None:
    """The library function too: a watchlist with a bad rule no longer leaves the region's
    projects behind in the store."""
    import pytest

    import metroscope
    from metroscope.monitor import init_monitor, open_store, query
    from metroscope.monitor.watchlist import WatchlistError

    store = open_store(f"sqlite:///{tmp_path / 'm.sqlite'}")
    try:
        with pytest.raises(WatchlistError, match="rules"):
            init_monitor(store, metroscope.load("changchun"),
                         watchlist={"rules": [{"name": "r", "kind": "nosuch"}]})
        assert query.projects(store).empty
    finally:
        store.close()


def test_traveltime_with_codes_it_does_not_have_is_a_usage_error() -> None:
    """``access traveltime --to 999999`` (a typo) and ``--from 220100`` (a prefecture, where
    the table is between county-level units) printed an empty table with exit 0."""
    typo = invoke("access", "traveltime", "--to", "999999", "--format", "csv")
    assert typo.exit_code == 2, typo.output
    assert "'999999'" in typo.output and "unit code of the region" in typo.output
    for argv in (["--from", "220100", "--to", "220102"],
                 ["--from", "220100", "--to", "220202", "--long"]):
        res = invoke("access", "traveltime", *argv, "--format", "csv")
        assert res.exit_code == 2, (argv, res.output)
        assert "'220100'" in res.output and "county-level" in res.output
        assert "'220202'" not in res.output  # only the code at fault is named
    ok = invoke("access", "traveltime", "--from", "220102", "--to", "220202", "--long",
                "--format", "csv")
    assert ok.exit_code == 0 and ok.output.splitlines()[1].startswith("220102,南关区,220202,")


def test_unknown_unit_and_area_get_their_own_fix() -> None:
    """An unknown unit code or metropolitan area was told to 'use a dataset name that
    metroscope data list shows, or the path of a bundle folder'."""
    unit = invoke("access", "isochrone", "--origin", "abc")
    assert unit.exit_code == 2 and "unit code of the region" in unit.output, unit.output
    assert "data list" not in unit.output
    zh = invoke("access", "isochrone", "--origin", "abc", "--lang", "zh")
    assert "修正:使用该区域的单元编码" in zh.output, zh.output
    area = invoke("report", "--area", "nosuch")
    assert area.exit_code == 2 and "metroscope areas lists" in area.output, area.output
    assert "data list" not in area.output


def test_a_bad_flow_model_option_is_a_usage_error() -> None:
    """``flows fit --constraint nosuch`` (and the other choice options of the flow models)
    exited 1, the code of a data problem, instead of 2 (a bad option value)."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    for argv in (["fit", "--observed", str(examples / "austria_migration.csv"),
                  "--constraint", "nosuch"],
                 ["gravity", "--deterrence", "nosuch"],
                 ["radiation", "--normalisation", "nosuch"]):
        res = invoke("flows", *argv)
        assert res.exit_code == 2, (argv, res.output)
        assert "'nosuch'; expected one of" in res.output and "Traceback" not in res.output


def test_zh_titles_and_captions_of_access_scenario_flows_and_the_monitor_demo(
        tmp_path: Path) -> None:
    """With ``--lang zh`` these commands printed English titles ("Commuting circle by mode",
    "Scenario comparison by fastest", "Radiation flows", "First pass (fixtures on
    127.0.0.1)", "Webhook receiver: ...")."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    cases = [
        (["access", "circle"], "各方式通勤圈", "Commuting circle"),
        (["access", "traveltime", "--mode", "rail", "--from", "220102"], "铁路出行时间(分钟)",
         "Travel times"),
        (["access", "isochrone", "--minutes", "30"], "最快方式等时圈", "Isochrone"),
        (["scenario", "list"], "情景", "Scenarios"),
        (["scenario", "run", "chang-si-liao-tong"], "通勤圈内:", "inside the circle"),
        (["flows", "radiation", "--region", "changchun"], "辐射模型流量", "Radiation flows"),
        (["flows", "fit", "--observed", str(examples / "austria_migration.csv")],
         "双约束引力模型(幂函数)", "doubly gravity"),
    ]
    for argv, zh, en in cases:
        res = invoke(*argv, "--lang", "zh", env={"COLUMNS": "80"})
        assert res.exit_code == 0, (argv, res.output)
        assert zh in res.output and en not in res.output, (argv, res.output[:400])
    demo = invoke("monitor", "demo", "--workdir", str(tmp_path / "d"), "--quiet", "--lang",
                  "zh", env={"COLUMNS": "80"})
    assert demo.exit_code == 0, demo.output
    for zh in ("第一轮(样例服务于 127.0.0.1)", "第二轮:", "条目(样例:虚构,非真实新闻)",
               "Webhook 接收端:收到 25 条提醒", "存储:sqlite:///", "指标提醒「"):
        assert zh in demo.output, zh
    for en in ("First pass", "Second pass", "Items (fixtures", "alert(s) received",
               "Store: ", "Indicator alert 'gdp"):
        assert en not in demo.output.split("都市圈监测摘要")[0], en  # the digest is bilingual


def test_language_of_one_run_does_not_leak_into_the_next() -> None:
    """A sub-command app run in-process with ``--lang zh`` left zh as the language of the next
    run without ``--lang`` (the sub-apps do not pass through the root's reset)."""
    from metroscope.cli.data import app as data_app

    zh = runner.invoke(data_app, ["list", "--lang", "zh"], env={"COLUMNS": "80"})
    assert zh.exit_code == 0 and "内置数据集" in zh.output
    en = runner.invoke(data_app, ["list"], env={"COLUMNS": "80", "METROSCOPE_LANGUAGE": "en"})
    assert en.exit_code == 0 and "Embedded datasets" in en.output and "内置数据集" not in en.output


def test_the_bilingual_digest_gives_indicator_changes_and_status_moves_in_both_languages(
        tmp_path: Path) -> None:
    """The digest is bilingual, but its indicator changes and the status moves of projects
    were English only ("Indicator alert 'gdp-new-release': ...", "planned -> approved")."""
    res = invoke("monitor", "demo", "--workdir", str(tmp_path / "d"), "--quiet")
    assert res.exit_code == 0, res.output
    digest = res.output.split("都市圈监测摘要")[1]
    assert "规划 -> 已批复 / planned -> approved:" in digest
    indicators = digest.split("## 指标变化 / Indicator changes")[1].split("## ")[0]
    lines = [ln for ln in indicators.splitlines() if ln.startswith("  - ")]
    assert len(lines) == 15
    assert all(ln.startswith("  - 指标提醒「") and " / Indicator alert '" in ln for ln in lines)


def test_units_file_that_is_a_folder_and_an_all_missing_year_read_well(tmp_path: Path) -> None:
    """``data import --units <folder>`` said "Unknown units file type ''"; ``analyze primacy
    --year 1900`` said "every value value is NaN"."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    res = invoke("data", "import", "x", str(tmp_path / "out"), "--units", str(tmp_path),
                 "--stats", str(examples / "pop.csv"), "--indicator", "population")
    assert res.exit_code == 1 and f"{tmp_path} is a folder, not a units file" in res.output, \
        res.output
    nan = invoke("analyze", "primacy", "--year", "1900")
    assert nan.exit_code == 1 and "column 'value' is NaN in every row" in nan.output, nan.output
    assert "value value" not in nan.output


def test_scenario_edit_without_or_with_an_unknown_op_reads_plainly(tmp_path: Path) -> None:
    """An edit without ``op`` was reported as "Unable to extract tag using discriminator
    'op'" (pydantic's wording); an unknown op as "Input tag ... found using 'op' ..."."""
    missing = tmp_path / "missing.yaml"
    missing.write_text("name: x\nedits:\n  - kind: add_link\n", encoding="utf-8")
    res = invoke("scenario", "show", str(missing))
    assert res.exit_code == 1, res.output
    assert "line 3, edits.0: every edit needs 'op', one of add_link, " in res.output
    assert "discriminator" not in res.output
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("name: x\nedits:\n  - op: add_lnk\n", encoding="utf-8")
    res = invoke("scenario", "show", str(unknown))
    assert res.exit_code == 1 and "unknown op; expected one of add_link" in res.output
    assert "Input tag" not in res.output


def test_monitor_run_refuses_negative_passes_and_sleep(tmp_path: Path) -> None:
    """``monitor run --passes -1`` ran a pass over every source (reaching for the network)
    and ``--max-sleep -5`` was accepted; both are usage errors now, checked before anything
    is opened."""
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    for argv in (["--passes", "-1"], ["--max-sleep", "-5"], ["--max-sleep", "nan"]):
        res = invoke("monitor", "run", *argv, "--db", db)
        assert res.exit_code == 2, (argv, res.output)
        assert "Invalid value for '--" in res.output
    assert not (tmp_path / "m.sqlite").exists()


def test_a_refused_apprise_url_prints_one_message_not_apprise_log_lines(tmp_path: Path) -> None:
    """``monitor channels add c mailtox://user:pw@host`` printed Apprise's own log line
    ("ERROR apprise: Unparseable URL mailtox://user:s...w@...") before metroscope's message."""
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    res = invoke("monitor", "channels", "add", "c", "mailtox://user:s3cretpw@smtp.example.org",
                 "--db", db)
    assert res.exit_code == 1, res.output
    assert "Apprise does not accept the URL" in res.output
    assert "apprise:" not in res.output and "s3cretpw" not in res.output
    assert res.output.count("\n") == 1


def test_alerts_show_titles_the_alert_in_the_run_language(tmp_path: Path) -> None:
    """``monitor alerts --show ID --lang zh`` printed the English title above the body."""
    res = invoke("monitor", "demo", "--workdir", str(tmp_path), "--quiet")
    assert res.exit_code == 0, res.output
    db = f"sqlite:///{tmp_path / 'monitor.sqlite'}"
    zh = invoke("monitor", "alerts", "--show", "1", "--db", db, "--lang", "zh")
    assert zh.exit_code == 0 and zh.output.startswith("指标提醒「"), zh.output[:200]
    en = invoke("monitor", "alerts", "--show", "1", "--db", db)
    assert en.output.startswith("Indicator alert '"), en.output[:200]


def test_a_source_name_with_spaces_is_refused_like_a_rule_name(tmp_path: Path) -> None:
    """`sources add "my feed" …` was accepted, so `sources remove my feed` could never name it."""
    from metroscope.monitor.watchlist import source_problems

    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    res = invoke("monitor", "sources", "add", "my feed", "https://a.example/f.xml", "--db", db)
    assert res.exit_code == 1, res.output  # a data error, like a bad interval
    assert "name 'my feed'" in " ".join(res.output.split())
    for bad in ("", " lead", "a b", "tab\there", "-dash-first", "x" * 101, "semi;colon"):
        assert any(p.startswith("name ") for p in
                   source_problems(bad, "feed", "https://a.example/f.xml", None, 60)), bad
    for good in ("ndrc-news", "长春统计局", "jilin.drc_policy", "x" * 100):
        assert source_problems(good, "feed", "https://a.example/f.xml", None, 60) == [], good
    # a refused name is echoed at most 100 characters long
    (problem,) = source_problems("y" * 5000, "feed", "https://a.example/f.xml", None, 60)
    assert len(problem) < 300


def test_adding_a_loopback_or_private_source_warns_that_the_gate_will_refuse_it(
        tmp_path: Path) -> None:
    """`sources add s http://127.0.0.1/…` was accepted silently; every later fetch failed."""
    from metroscope.monitor.gate import known_local_problem

    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    for url in ("http://127.0.0.1:1200/feed", "http://localhost/feed", "http://10.1.2.3/",
                "http://[::1]/f", "http://[::ffff:192.168.0.1]/f"):
        res = invoke("monitor", "sources", "add", "s", url, "--replace", "--db", db)
        assert res.exit_code == 0, res.output
        assert "METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS" in " ".join(res.stderr.split()), url
    zh = invoke("monitor", "sources", "add", "s", "http://127.0.0.1/", "--replace", "--db", db,
                env={"METROSCOPE_LANGUAGE": "zh"})
    assert "不是公网地址" in zh.stderr
    # a global address or a host name (not resolved at add time) draws no note
    for url in ("https://8.8.8.8/feed", "https://www.ndrc.gov.cn/xxgk/"):
        res = invoke("monitor", "sources", "add", "s", url, "--replace", "--db", db)
        assert res.exit_code == 0 and "ALLOW_PRIVATE" not in res.stderr, res.output
    # an allow-listed host draws none either
    env = {"METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}
    res = invoke("monitor", "sources", "add", "s", "http://127.0.0.1:1200/feed", "--replace",
                 "--db", db, env=env)
    assert res.exit_code == 0 and "ALLOW_PRIVATE" not in res.stderr, res.output
    assert known_local_problem("http://a.localhost/") is not None
    assert known_local_problem("http://LOCALHOST./", allow_hosts=["localhost"]) is None


def test_a_numeric_ipv4_host_is_flagged_like_the_dotted_quad(tmp_path: Path) -> None:
    """`http://2130706433/`, `http://0x7f.1/` and `http://127.1/` are 127.0.0.1 to the system
    resolver (inet_aton forms), so the gate refuses them at every fetch; adding one drew no
    note because only dotted quads were read as IP literals."""
    import socket

    from metroscope.monitor.gate import UnsafeURLError, check_url, known_local_problem

    for url in ("http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://0/",
                "http://0X7F000001./", "http://0xa.0x1.0x2.0x3/"):
        host = url.split("/")[2].rstrip(".")
        address = socket.inet_ntoa(socket.inet_aton(host))  # what the system resolver reads
        problem = known_local_problem(url)
        assert problem is not None and address in problem, (url, problem)
        with pytest.raises(UnsafeURLError, match=address.replace(".", r"\.")):
            check_url(url)  # the gate refuses the same host at fetch time
    # numeric forms of a global address, too large parts, and names stay unflagged
    for url in ("http://134744072/", "http://0x8.8.8.8/", "http://4294967296/",
                "http://0x/", "http://12ab/", "http://1.2.3.4.5/",
                "http://www.0x7f.example/"):
        assert known_local_problem(url) is None, url
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    res = invoke("monitor", "sources", "add", "s", "http://2130706433/feed", "--db", db)
    assert res.exit_code == 0, res.output
    assert "METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS" in " ".join(res.stderr.split())


def test_monitor_init_notes_watchlist_sources_the_gate_will_refuse(tmp_path: Path) -> None:
    """`sources add` notes a loopback or private host, but the same source in a watchlist
    given to `monitor init --watchlist` was added silently (every fetch then refused)."""
    wl = tmp_path / "wl.toml"
    wl.write_text('[[sources]]\nname = "loop"\nurl = "http://127.0.0.1:1200/feed"\n\n'
                  '[[sources]]\nname = "intranet"\nurl = "http://0x7f.1/f"\n\n'
                  '[[sources]]\nname = "public"\nurl = "https://www.ndrc.gov.cn/xxgk/"\n\n'
                  '[[sources]]\nname = "route"\nkind = "rsshub"\nurl = "/gov/ndrc/xwdt/tzgg"\n',
                  encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    res = invoke("monitor", "init", "--db", db, "--watchlist", str(wl))
    assert res.exit_code == 0, res.output
    err = " ".join(res.stderr.split())
    assert err.count("METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS") == 2, err
    assert "127.0.0.1" in err and "0x7f.1" in err and "ndrc" not in err
    # a re-run adds nothing and so notes nothing
    again = invoke("monitor", "init", "--db", db, "--watchlist", str(wl))
    assert again.exit_code == 0 and "ALLOW_PRIVATE" not in again.stderr, again.output


def test_projection_with_a_past_horizon_is_a_usage_error() -> None:
    """``analyze population_projection --set horizon=2000`` printed 881,318 persons for 德惠
    in "2000" (a back-calculation) with exit 0; it is refused with exit 2, in Chinese too."""
    res = invoke("analyze", "population_projection", "--set", "horizon=2000", "--codes",
                 "220183", "--format", "csv", "--lang", "zh")
    assert res.exit_code == 2, res.output
    assert "881318" not in res.output and "Traceback" not in res.output
    assert "2000" in res.output and "晚于" in res.output


@pytest.mark.parametrize("argv", [["areas", "-q"], ["screen", "-q", "--top", "1"]])
def test_areas_and_screen_follow_metroscope_language(argv: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`METROSCOPE_LANGUAGE=en metroscope areas` (and `screen`) printed Chinese tables: their
    `--lang` defaulted to zh and never read the variable the README names for every command.
    The variable now chooses when --lang is not given; unset, they stay Chinese."""
    res = invoke(*argv, env={"METROSCOPE_LANGUAGE": "en", "COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert ("National metropolitan areas" in res.output if argv[0] == "areas"
            else "Opportunity screen" in res.output)
    assert "国家级都市圈" not in res.output and "机会筛查" not in res.output
    monkeypatch.delenv("METROSCOPE_LANGUAGE", raising=False)
    res = invoke(*argv, env={"COLUMNS": "160"})
    assert ("国家级都市圈" in res.output if argv[0] == "areas" else "机会筛查" in res.output)


@pytest.mark.parametrize(("argv", "zh"), [
    (["screen", "--top", "0", "--lang", "zh"], "--top 至少为 1,收到 0"),
    (["screen", "--weights", "growth=1", "--entropy", "--lang", "zh"], "只能给一个"),
])
def test_screen_usage_errors_in_chinese(argv: list[str], zh: str) -> None:
    """`screen --top 0 --lang zh` printed a typer box "--top must be at least 1, not 0." and
    `--weights ... --entropy --lang zh` "Give either --weights or --entropy, not both.":
    English raises outside the catalogue. Both are catalogue usage errors now (exit 2)."""
    res = invoke(*argv)
    assert res.exit_code == 2, res.output
    assert zh in res.output and "must be" not in res.output and "Give either" not in res.output


@pytest.mark.parametrize("field", ["speed_kph", "operating_speed_kph"])
def test_scenario_speed_beyond_any_vehicle_is_refused(tmp_path: Path, field: str) -> None:
    """`set_speed` with `speed_kph: 1e9` ran: every HSR trip became instantaneous and the
    comparison printed 朝阳区's 60-minute population +788,667 with exit 0. Speeds above
    1,000 km/h (no train or car runs near it) are refused at the line of the file; 600 runs."""
    spec = tmp_path / "fast.yaml"
    text = ("name: fast\ntitle: t\nbase: changchun\nedits:\n  - op: set_speed\n    mode: hsr\n"
            f"    {field}: VALUE\n")
    spec.write_text(text.replace("VALUE", "1e9"), encoding="utf-8")
    res = invoke("scenario", "compare", str(spec), "--format", "csv", "--lang", "zh")
    assert res.exit_code == 1, res.output  # a problem in the user's file, as for speed 0
    assert "第 7 行" in res.output and "1000" in res.output and "Traceback" not in res.output
    spec.write_text(text.replace("VALUE", "600"), encoding="utf-8")
    res = invoke("scenario", "compare", str(spec), "--format", "csv")
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(("edit", "column"), [
    ("{op: update_links, mode: hsr, minutes: 1.0e-300}", "'minutes'"),
    ("{op: update_links, line: 哈大高速铁路, minutes: 0.01}", "'minutes'"),
])
def test_scenario_minutes_that_imply_an_absurd_speed_are_refused(tmp_path: Path, edit: str,
                                                                 column: str) -> None:
    """After the 1,000 km/h cap on `speed_kph`, `update_links` with `minutes: 1e-300` still ran
    with exit 0: every HSR link took no time and 南关区's 120-minute population rose by
    3,972,486. A link's length / minutes above 1,000 km/h is now refused after the edits."""
    spec = tmp_path / "quick.yaml"
    spec.write_text(f"name: quick\ntitle: t\nbase: changchun\nedits:\n  - {edit}\n",
                    encoding="utf-8")
    res = invoke("scenario", "compare", str(spec), "--format", "csv")
    assert res.exit_code == 1, res.output
    assert "after the edits: links" in res.output and column in res.output
    assert "1,000 km/h" in res.output and "Traceback" not in res.output
    res = invoke("scenario", "compare", str(spec), "--format", "csv", "--lang", "zh")
    assert res.exit_code == 1 and "编辑之后" in res.output and "1,000 公里/小时" in res.output


@pytest.mark.parametrize("argv", [
    ["access", "circle", "--minutes", "1e308"],
    ["access", "circle", "--minutes", "1441", "--format", "csv"],
    ["scenario", "compare", "network-2030", "--minutes", "5000"],
])
def test_minutes_beyond_a_day_are_refused_as_the_api_does(argv: list[str]) -> None:
    """`access circle --minutes 1e308` ran with exit 0 while `/api/v1/circle?minutes=1e308`
    answered 422 (at most 1,440). The CLI takes the API's bound now; with `--lang zh` the
    message is Chinese (it was English: the option's check ran before --lang was read)."""
    res = invoke(*argv, "--lang", "zh")
    assert res.exit_code == 2, res.output
    assert "不超过 1,440" in res.output and "must be" not in res.output
    res = invoke(*argv)
    assert res.exit_code == 2 and "at most 1,440" in res.output
    ok = invoke("access", "circle", "--minutes", "1440", "--format", "csv")
    assert ok.exit_code == 0, ok.output
