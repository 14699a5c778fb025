# ruff: noqa: F811  (the fixtures come from _monitor_fixtures and _web_monitor)
"""Errors read in the reader's language: a monitor source's last error is stored as a catalogue
message and shown in Chinese or English when it is displayed (rows stored as plain English
text before keep showing), and the errors of the accessibility arithmetic, the engine, the
screen's weights and the scenario file limits read in Chinese. Every expected sentence below is
written out by hand."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import sqlalchemy as sa

from _monitor_fixtures import mock_fetcher, sqlite_store  # noqa: F401
from _web_monitor import Site, seeded  # noqa: F401
from metroscope._errors import MetroscopeError, error_text
from metroscope.messages import Message
from metroscope.monitor import query
from metroscope.monitor.config import get_config
from metroscope.monitor.pipeline import Monitor
from metroscope.monitor.store import Source, Store
from metroscope.monitor.watchlist import add_source

# three or more English words in a row (as tests/test_messages.py): a sentence
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")


def _failing_pass(store: Store) -> Any:
    """One pass over two sources: one answers HTTP 503, the other JSON that is not a JSON Feed."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "down.example":
            return httpx.Response(503)
        return httpx.Response(200, content=b'{"version": "1"}')

    add_source(store, "down", "https://down.example/feed")
    add_source(store, "notjson", "https://json.example/feed")
    mon = Monitor(store, config=get_config(host_min_interval_s=0), fetcher=mock_fetcher(handler),
                  compute_effects=False)
    try:
        return mon.run_once(force=True, deliver=False)
    finally:
        mon.close()


def test_a_failed_check_is_stored_as_a_message_and_read_in_either_language(
        sqlite_store: Store) -> None:
    report = _failing_pass(sqlite_store)
    assert [o.status for o in report.outcomes] == ["failed", "failed"]
    rows = query.sources(sqlite_store).set_index("name")["last_error"]
    down, notjson = rows["down"], rows["notjson"]
    assert isinstance(down, Message) and isinstance(notjson, Message)
    assert down.get("zh") == "https://down.example/feed 返回 HTTP 503"
    assert notjson.get("zh") == "JSON 中没有 jsonfeed.org 版本号:不是 JSON Feed"
    # the English text is what it was, and the plain column keeps it for older readers
    assert str(down) == "HTTP 503 from https://down.example/feed"
    assert str(notjson) == "JSON without a jsonfeed.org version: not a JSON Feed"
    with sqlite_store.session() as s:
        stored = dict(s.execute(sa.select(Source.name, Source.last_error)).all())
    assert stored == {"down": "HTTP 503 from https://down.example/feed",
                      "notjson": "JSON without a jsonfeed.org version: not a JSON Feed"}
    # the pass's own report carries the message too (the CLI renders it in its language)
    assert report.outcomes[0].error.get("zh") == "https://down.example/feed 返回 HTTP 503"


def test_a_success_clears_the_stored_message(sqlite_store: Store) -> None:
    _failing_pass(sqlite_store)
    ok = mock_fetcher(lambda r: httpx.Response(200, content=b'{"version": '
                      b'"https://jsonfeed.org/version/1.1", "items": []}'))
    mon = Monitor(sqlite_store, config=get_config(host_min_interval_s=0), fetcher=ok,
                  compute_effects=False)
    mon.run_once(force=True, deliver=False, names=["notjson"])
    mon.close()
    with sqlite_store.session() as s:
        row = s.scalar(sa.select(Source).where(Source.name == "notjson"))
        assert row is not None
        assert (row.last_error, row.last_error_message, row.error_count) == (None, None, 0)


def test_a_plain_text_row_of_an_older_database_still_shows(tmp_path: Path) -> None:
    # a database at revision 0002 (before messages were stored), with a failing source
    from alembic import command

    from metroscope.monitor.migrate import alembic_config, current_revision, head_revision
    from metroscope.monitor.store import make_engine, open_store

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO sources (name, kind, url, tags, interval_min, state, error_count, "
            "last_error, created_at) VALUES ('old', 'feed', 'https://a.example/feed.xml', '[]', "
            "60, 'failing', 3, 'HTTP 503 from https://a.example/feed.xml', "
            "'2026-03-01 00:00:00')"))
    assert current_revision(engine) == "0002"
    engine.dispose()
    store = open_store(url)  # upgrades to the head revision
    try:
        assert current_revision(store.engine) == head_revision() == "0004"
        said = query.sources(store).set_index("name").loc["old", "last_error"]
        assert said == "HTTP 503 from https://a.example/feed.xml"
        assert not isinstance(said, Message)  # shown as stored (the web page translates it)
    finally:
        store.close()


@pytest.fixture
def failing_site(seeded: Path, tmp_path: Path) -> Any:
    """A site whose feed-a failed with a stored message and feed-b with a plain text row."""
    s = Site(seeded, tmp_path)
    store = s.library()
    try:
        mon = Monitor(store, compute_effects=False)
        mon.record_failure("feed-a", Message("err_feed_not_html", reason="Document is empty"))
        mon.record_failure("feed-b", "HTTP 404 from https://b.example/list")
        mon.close()
    finally:
        store.close()
    with s.client:
        yield s


def _visible(page: str) -> str:
    import html

    main = page[page.index("<main"):page.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def test_the_sources_page_shows_stored_messages_in_the_page_language(
        failing_site: Site) -> None:
    zh = _visible(failing_site.client.get("/monitor/sources?lang=zh").text)
    assert "不是 HTML 网页;错误原文:Document is empty" in zh
    assert "https://b.example/list 返回 HTTP 404" in zh  # the older plain row, translated
    assert "not an HTML page" not in zh and "HTTP 404 from" not in zh
    en = _visible(failing_site.client.get("/monitor/sources?lang=en").text)
    assert "not an HTML page: Document is empty" in en
    assert "HTTP 404 from https://b.example/list" in en and "错误原文" not in en


def test_the_digest_shows_a_stored_message_in_both_languages(sqlite_store: Store) -> None:
    import datetime as dt

    from metroscope.monitor.digest import collect

    _failing_pass(sqlite_store)
    now = dt.datetime.now(dt.UTC)
    data = collect(sqlite_store, now - dt.timedelta(days=7), now + dt.timedelta(days=1))
    health = {h["name"]: h["error"] for h in data["health"]}
    assert health["down"] == ("https://down.example/feed 返回 HTTP 503 / "
                              "HTTP 503 from https://down.example/feed")


def _raised(call: Any) -> BaseException:
    with pytest.raises(MetroscopeError) as info:  # the project's own errors, nothing else
        call()
    return info.value


_T = np.array([[0.0, 10.0], [10.0, 0.0]])
_M = np.array([1.0, 2.0])


def _potential(**kw: Any) -> Any:
    from metroscope.network._access_compute import potential

    args: dict[str, Any] = {"decay": "power", "decay_param": 1.0, "include_self": False,
                            "min_cost": 0.0, "labels": ["a", "b"]} | kw
    return lambda: potential(_T, _M, **args)


def _engine(name: str, *args: Any, **kw: Any) -> Any:
    from metroscope import engine

    return lambda: getattr(engine, name)(*args, **kw)


def _scoring(name: str, *args: Any) -> Any:
    from metroscope.screen import scoring

    return lambda: getattr(scoring, name)(*args)


CASES = [
    (_potential(min_cost=-1.0), "min_cost 须为不小于 0 的有限数(成本的单位),而非 -1.0。",
     "min_cost must be a finite number >= 0 (the cost's unit), not -1.0."),
    (_potential(decay_param=float("nan")),
     "decay_param 须为不小于 0 的有限数(幂函数衰减的 a,或指数衰减中每单位成本的 β),而非 nan。",
     "decay_param must be a finite number >= 0 (a of power decay, β per cost unit of "
     "exponential decay), not nan."),
    (_potential(decay="linear"), "衰减函数须为 'power' 或 'exponential',而非 'linear'。",
     "decay must be 'power' or 'exponential', not 'linear'."),
    (_potential(include_self=True),
     "幂函数衰减下计入自身(include_self)需要正的自身成本;2 个单元到自身的成本为 0(a、b)。"
     "请给出 min_cost > 0(命令行 --min-minutes;PySAL access 截断在 0.5 公里),"
     "或在矩阵对角线上填入内部成本。",
     "include_self with power decay needs a positive own cost; 2 unit(s) have cost 0 to "
     "themselves (a, b). Give min_cost > 0 (--min-minutes on the command line; PySAL access "
     "clips at 0.5 km) or put an internal cost on the diagonal of the matrix."),
    (_engine("resolve_engine", "spark"), "未知的计算引擎 'spark';应为 'local' 或 'dask'。",
     "Unknown engine 'spark'; expected 'local' or 'dask'."),
    (_engine("blocks", 3, 0), "chunk_rows 须为正的行数,而非 0。",
     "chunk_rows must be a positive number of rows, got 0."),
    (_engine("map_blocks", print, 3, shared={}, engine="dask"),
     "engine='dask' 需要 distributed.Client 或调度器地址(client=...);请用 "
     "`distributed.Client(n_workers=2)` 启动一个,或改用 engine='local'。",
     "engine='dask' needs a distributed.Client or a scheduler address (client=...); start one "
     "with `distributed.Client(n_workers=2)` or pass engine='local'."),
    (_engine("local_cluster", 0), "n_workers 至少为 1,而非 0。",
     "n_workers must be at least 1, got 0."),
    (_scoring("parse_weights", "growth=abc,growth=1,growth=2"),
     "--weights 参数:权重 ['growth=abc'] 有误:请写成 名称=数值(数值不小于 0),以逗号分隔,如 "
     "--weights growth=2,lq_nation=1。权重 ['growth'] 给了两次;每个分项只给一次。",
     "--weights: Bad weight(s) ['growth=abc']: write name=number with a number >= 0, separated "
     "by commas, e.g. --weights growth=2,lq_nation=1. Weight(s) given twice: ['growth']; give "
     "each component once."),
    (_scoring("parse_weights", ","),
     "--weights 参数:没有给出权重:请写成 名称=数值,...(如 --weights growth=2,lq_nation=1),"
     "或不写 --weights 以取等权重。",
     "--weights: No weight given: write name=number,... (e.g. --weights growth=2,lq_nation=1), "
     "or leave --weights out for equal weights."),
    (_scoring("resolve_weights", ["growth"], {"foo": 1.0, "growth": -1.0}, ["growth", "density"]),
     "未知的分项 ['foo']。权重 ['growth'] 有误:权重为不小于 0 的数。可用的分项:growth、density。",
     "Unknown component(s) ['foo']. Bad weight(s) ['growth']: weights are numbers >= 0. The "
     "components are: growth, density."),
    (_scoring("resolve_weights", ["growth"], {"growth": 0.0}, ["growth"]),
     "此处能计算的分项(growth)权重全为 0;请至少给一个正的权重。",
     "Every weight of the components that can be computed here is 0 (growth); give at least "
     "one a positive weight."),
    (_scoring("resolve_weights", [], None, ["growth"]), "对这些单元,筛选的任何分项都无法计算。",
     "No component of the screen can be computed for these units."),
]


@pytest.mark.parametrize(("call", "zh", "en"), CASES)
def test_library_errors_read_in_chinese(call: Any, zh: str, en: str) -> None:
    exc = _raised(call)
    assert error_text(exc, "zh") == zh
    assert not ENGLISH.search(zh.replace("distributed.Client", ""))
    assert str(exc) == en == error_text(exc, "en")


def test_sensitivity_change_pct_reads_in_chinese() -> None:
    import pandas as pd

    from metroscope.screen.scoring import sensitivity

    z = pd.DataFrame({"a": [0.0, 1.0]}, index=["x", "y"])
    exc = _raised(lambda: sensitivity(z, pd.Series({"a": 1.0}), top=1, change_pct=150.0))
    assert error_text(exc, "zh") == "change_pct 须在 (0, 100) 之间,而非 150.0。"
    assert str(exc) == "change_pct must be in (0, 100); got 150.0."


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("name: x\nedits: []\nname: y\n",
     "不是有效的 YAML:第 3 行:键 'name' 重复(首次出现在第 1 行);一个映射中每个键只能出现一次:"
     "请删去其中一个",
     "not valid YAML: line 3: duplicate key 'name' (first at line 1); each key may appear once "
     "in a mapping: delete one of them"),
    ("a: &x 1\nb: [" + ", ".join(["*x"] * 51) + "]\n",
     "不是有效的 YAML:第 2 行:别名(*name)超过 50 个;请把值直接写出,不要嵌套锚点",
     "not valid YAML: line 2: more than 50 aliases (*name); write the values out instead of "
     "nesting anchors"),
])
def test_scenario_file_limits_read_in_chinese(tmp_path: Path, text: str, zh: str,
                                              en: str) -> None:
    from metroscope.scenario.spec import ScenarioSpecError, load_scenario

    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioSpecError) as info:
        load_scenario(path)
    assert error_text(info.value, "zh") == f"{path} 中有 1 个问题:\n  - {zh}"
    assert str(info.value) == f"1 problem(s) in {path}:\n  - {en}"


@pytest.mark.parametrize(("edit", "zh", "en"), [
    ({"op": "set_stat", "code": "220102", "indicator": "population", "year": 2020},
     "value 与 factor 须恰好给出其一", "Value error, give exactly one of value or factor"),
    ({"op": "remove_links"}, "请用 link_ids、line、mode 和/或 status_is 选择路段",
     "Value error, select links with link_ids, line, mode and/or status_is"),
    ({"op": "add_link", "link_id": "n", "from_node": "a", "to_node": "b", "mode": "rail",
      "length_km": 10},
     "请给出 speed_kph(公里/小时)、operating_speed_kph 或 minutes",
     "Value error, give speed_kph (km/h), operating_speed_kph or minutes"),
])
def test_a_spec_edit_checks_read_in_chinese(edit: dict[str, Any], zh: str, en: str) -> None:
    from metroscope.scenario.spec import ScenarioSpecError, scenario_from_dict

    with pytest.raises(ScenarioSpecError) as info:
        scenario_from_dict({"name": "x", "edits": [edit]})
    assert error_text(info.value, "zh").startswith("情景中有 1 个问题:\n")  # not "scenario"
    assert str(info.value).startswith("1 problem(s) in scenario:\n")
    assert f"edits.0:{zh}(实际为 " in error_text(info.value, "zh")
    assert en not in error_text(info.value, "zh")
    assert f"edits.0: {en} (got " in str(info.value)


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "https://down.example/feed 返回 HTTP 503"),
    ("en", "HTTP 503 from https://down.example/feed")])
def test_the_sources_list_of_the_command_line_says_the_error_in_its_language(
        sqlite_store: Store, lang: str, said: str) -> None:
    from typer.testing import CliRunner

    from metroscope.cli.monitor import app

    _failing_pass(sqlite_store)
    out = CliRunner().invoke(app, ["sources", "list", "--db", sqlite_store.url, "-f", "csv",
                                   "--lang", lang])
    assert out.exit_code == 0, out.output
    row = next(line for line in out.output.splitlines() if line.startswith("down,"))
    assert said in row


def test_the_source_health_alert_says_the_error_in_each_language(sqlite_store: Store) -> None:
    from metroscope.monitor.alerts import TITLE_ZH
    from metroscope.monitor.store import Alert
    from metroscope.monitor.watchlist import add_rule

    add_source(sqlite_store, "down", "https://down.example/feed")
    add_rule(sqlite_store, {"name": "health", "kind": "source_health"})
    mon = Monitor(sqlite_store, config=get_config(failing_after=1), compute_effects=False)
    mon.record_failure("down", Message("err_fetch_http", status=503,
                                       url="https://down.example/feed"))
    mon.close()
    with sqlite_store.session() as s:
        alert = s.scalar(sa.select(Alert).where(Alert.kind == "source_health"))
        assert alert is not None
        assert alert.payload[TITLE_ZH] == ("来源连续失败:down(1次):"
                                           "https://down.example/feed 返回 HTTP 503")
        assert alert.title == ("Source failing: down (1 times): "
                               "HTTP 503 from https://down.example/feed")
