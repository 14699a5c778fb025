"""The problems of a user's tables in the user's language: ``data import``, ``data validate``,
the flow models' inputs and an uploaded bundle list every problem (file, line, column, value,
expected, fix) in Chinese under ``--lang zh`` and on a Chinese page, and in the same English
as before for ``--lang en``, ``str(exc)`` and the JSON API.

Found in a trial: ``metroscope data import ... --lang zh`` printed ``错误:3 problem(s) in the
files of region 't':`` followed by English problems. The expected texts below are written out
by hand, not read back from the catalogue."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from metroscope._errors import DataValidationError, error_text
from metroscope.cli import EXIT_USER, make_app
from metroscope.messages import Message

runner = CliRunner()


def run(*args: str) -> Any:
    argv = list(args)
    return runner.invoke(make_app(argv), argv, env={"COLUMNS": "300"})


def bad_files(tmp_path: Path) -> tuple[Path, Path]:
    units = tmp_path / "units.csv"
    units.write_text("code,name_zh,name_en,level,role,lon,lat\n"
                     "220100,长春市,Changchun,prefecture,core,125.3,43.9\n"
                     "220200,吉林市,Jilin,prefcture,member,126.5,91\n", encoding="utf-8")
    stats = tmp_path / "stats.csv"
    stats.write_text("code,year,indicator,value,unit,source,quality\n"
                     "220100,twenty,population,9066906,persons,census,A\n", encoding="utf-8")
    return units, stats


def test_data_import_lists_every_problem_in_chinese(tmp_path: Path) -> None:
    units, stats = bad_files(tmp_path)
    args = ("data", "import", "t", str(tmp_path / "out"), "--units", str(units), "--stats",
            str(stats))
    zh, en = run(*args, "--lang", "zh"), run(*args, "--lang", "en")
    assert (zh.exit_code, en.exit_code) == (EXIT_USER, EXIT_USER), zh.output
    u, s = str(units), str(stats)
    assert zh.output.splitlines() == [
        "错误:区域“t”的文件中有 3 个问题:",
        f"  - {u},第 3 行(数据第 2 行),列“level”:值为 'prefcture';应为以下之一:"
        "province、prefecture、county。修正:改用以下之一:province、prefecture、county",
        f"  - {u},第 3 行(数据第 2 行),列“lon”:值为 126.5;应为经度在 -180..180 之内、"
        "纬度在 -90..90 之内。修正:修正坐标(十进制度数,WGS84/GCJ-02 经纬度)",
        f"  - {s},第 2 行(数据第 1 行),列“year”:值为 'twenty';应为数字。修正:写纯数字"
        "(不带单位、千位分隔符或文字)",
    ], zh.output
    # the English is the sentence the validation always wrote
    assert en.output.splitlines() == [
        "Error: 3 problem(s) in the files of region 't':",
        f"  - {u}, line 3 (data row 2), column 'level': got 'prefcture'; expected one of "
        "province, prefecture, county. Fix: use one of province, prefecture, county",
        f"  - {u}, line 3 (data row 2), column 'lon': got 126.5; expected longitude in "
        "-180..180 and latitude in -90..90. Fix: correct the coordinates (decimal degrees, "
        "WGS84/GCJ-02 lon/lat)",
        f"  - {s}, line 2 (data row 1), column 'year': got 'twenty'; expected a number. Fix: "
        "write a plain number (no units, thousands separators or text)",
    ], en.output


def test_data_validate_names_region_toml_problems_in_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "region.toml").write_text('name = "b"\n[tables.unit]\nfile = "units.csv"\n',
                                        encoding="utf-8")
    r = run("data", "validate", str(folder), "--lang", "zh")
    assert r.exit_code == EXIT_USER, r.output
    toml = folder / "region.toml"
    assert r.output.splitlines() == [
        f"错误:数据包 {folder} 中有 2 个问题:",
        f"  - {toml}:值为 '[tables.unit]';应为名为以下之一的表:units、stats、nodes、links、"
        "access、projects。修正:为该节改名(是否想写 [tables.units]?),或把它移到 [extra] 下",
        f"  - {toml};应为[tables.units] 节。修正:添加带 file = 'units.geojson' 的 "
        "[tables.units]",
    ], r.output


def test_a_missing_required_column_says_what_it_holds_in_chinese() -> None:
    from metroscope import Region

    units = pd.DataFrame({"code": ["220100"], "name_zh": ["长春市"], "name_en": ["Changchun"],
                          "role": ["core"]})
    with pytest.raises(DataValidationError) as err:
        Region(name="x", units=units)
    assert error_text(err.value, "zh") == (
        "区域“x”中有 1 个问题:\n"
        "  - units,列“level”;应为名为“level”的列。修正:添加“level”列(province | prefecture"
        " | county(省、地级、县级)),或为每一行给出同一个值(Python 中 level=...,命令行中 "
        "--level)")
    assert str(err.value) == (
        "1 problem(s) in region 'x':\n"
        "  - units, column 'level'; expected a column named 'level'. Fix: add a 'level' column "
        "(province | prefecture | county), or give one value for every row (level=... in "
        "Python, --level on the command line)")
    # the message survives JSON (the web's caches) in both languages
    again = Message.from_json(err.value.args[0].to_json())
    assert isinstance(again, Message) and again.zh == error_text(err.value, "zh")


def test_flow_inputs_and_ragged_csv_files_in_chinese(tmp_path: Path) -> None:
    from metroscope._readers import read_csv
    from metroscope.flows._observed import flow_values
    from metroscope.flows._table import locations_table

    with pytest.raises(DataValidationError) as err:
        flow_values(pd.Series(["1,234", "-3"]))
    assert error_text(err.value, "zh") == (
        "观测流量中有 2 个问题:\n"
        "  - 观测流量,第 1 行,列“flow”:值为 '1,234';应为纯数字。修正:去掉千位分隔符:写成 "
        "1234(或加引号并去掉逗号)\n"
        "  - 观测流量,第 2 行,列“flow”:值为 '-3';应为不小于 0 的流量。修正:流量是出行次数,"
        "不能为负")
    with pytest.raises(DataValidationError) as err:
        locations_table(pd.DataFrame({"code": ["a"], "population": [5.0]}),
                        need_coordinates=False)
    assert error_text(err.value, "zh") == (
        "地点表中有 1 个问题:\n  - 地点表:值为 1;应为至少 2 个地点。修正:提供更多地点")
    csv = tmp_path / "t.csv"
    csv.write_text("a,b\n1,2\n3,4,5\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_csv(csv)
    assert error_text(err.value, "zh") == (
        f"文件 {csv} 中有 1 个问题:\n"
        f"  - {csv},第 3 行;应为与表头一样的 2 个字段,实际 3 个。修正:检查本行的分隔符和引号"
        "(值中的逗号须加引号;1,234 这样的千位分隔符会把一个数拆开)")


def test_required_column_docs_say_what_the_schema_says() -> None:
    """The English of each ``val_doc_`` message is the schema's doc, word for word (a doc
    edited in the schema but not in the catalogue falls back to the schema's text)."""
    from metroscope import _schema as S
    from metroscope._validate.columns import _doc

    for table, cols in S.TABLES.items():
        for c in cols:
            if c.required:
                doc = _doc(table, c.name)
                assert isinstance(doc, Message), (table, c.name)
                assert doc == c.doc and doc.zh != c.doc, (table, c.name)


# ---------------------------------------------------------------- web uploads

@pytest.fixture
def site(tmp_path: Path) -> Any:
    from fastapi.testclient import TestClient

    from metroscope.web import WebConfig, create_app
    from metroscope.web.tokens import TokenStore

    tokens = TokenStore(tmp_path / "tokens.json")
    auth = {"Authorization": f"Bearer {tokens.create('write')[1]}"}
    client = TestClient(create_app(WebConfig(data_dir=tmp_path, max_body_bytes=4_000_000,
                                             db_url=f"sqlite:///{tmp_path / 'm.sqlite'}")))
    with client:
        yield client, auth


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _upload(site: Any, data: bytes, lang: str, name: str = "mine") -> str:
    client, auth = site
    r = client.post(f"/data/upload?lang={lang}", data={"name": name}, headers=auth,
                    files={"archive": ("x.zip", data, "application/zip")})
    assert r.status_code == 200 and 'id="upload-problems"' in r.text, r.text
    return r.text


def test_a_refused_archive_reads_in_chinese_on_a_chinese_page(site: Any) -> None:
    data = _zip({"../x": b"1", "region.toml": b"name = 'x'\n"})
    zh, en = _upload(site, data, "zh"), _upload(site, data, "en")
    assert "<p>压缩包被拒绝(共 1 个问题)。</p>" in zh
    assert ("<li>&#39;../x&#39;:该路径跳出了数据包文件夹(zip slip);请在一个文件夹内使用相对"
            "路径</li>") in zh
    assert "<p>The archive was refused (1 problem(s)).</p>" in en
    assert ("<li>&#39;../x&#39;: the path leaves the bundle folder (zip slip); use relative "
            "paths inside one folder</li>") in en
    # no region.toml: the second kind of refusal
    zh = _upload(site, _zip({"a.csv": b"x\n"}), "zh")
    assert "<p>该压缩包不是区域数据包。</p>" in zh
    assert ("<li>压缩包顶层(或唯一的顶层文件夹)中没有 region.toml;请用 &#39;metroscope data "
            "export NAME OUT&#39; 生成,再压缩 OUT</li>") in zh


def test_an_uploaded_bundle_with_bad_tables_lists_them_in_chinese(site: Any) -> None:
    toml = b'name = "b"\n[tables.unit]\nfile = "units.csv"\n'
    zh = _upload(site, _zip({"region.toml": toml}), "zh", name="bad")
    assert "<p>上传的数据包 &#39;bad&#39; 中有 2 个问题:</p>" in zh
    assert ("<li>region.toml:值为 &#39;[tables.unit]&#39;;应为名为以下之一的表:units、stats、"
            "nodes、links、access、projects。修正:为该节改名(是否想写 [tables.units]?),"
            "或把它移到 [extra] 下</li>") in zh
    # the JSON API keeps its English envelope
    client, auth = site
    r = client.post("/api/v1/bundles?name=bad", content=_zip({"region.toml": toml}),
                    headers={**auth, "Content-Type": "application/zip"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["message"] == "2 problem(s) in the uploaded bundle 'bad':"
    assert err["details"][1]["message"] == ("region.toml; expected a [tables.units] section. "
                                            "Fix: add [tables.units] with file = 'units.geojson'")


# ---------------------------------------------------------------- monitor sources

def test_a_bad_monitor_source_lists_its_problems_in_chinese(tmp_path: Path) -> None:
    args = ("monitor", "sources", "add", "bad name", "ftp://example.org/", "--interval", "0",
            "--language", "fr", "--db", f"sqlite:///{tmp_path / 'm.sqlite'}")
    zh, en = run(*args, "--lang", "zh"), run(*args, "--lang", "en")
    assert (zh.exit_code, en.exit_code) == (EXIT_USER, EXIT_USER), zh.output
    assert zh.output.splitlines() == [
        "错误:来源 'bad name':",
        "  - 名称 'bad name':应以一个字母、数字或下划线开头,之后最多 99 个字母、数字、下划线、"
        "点或连字符(不含空格),如 'ndrc-news'",
        "  - 拒绝 'ftp://example.org/':只抓取 http 和 https 网址(得到 'ftp')。",
        "  - interval_min 0.0:应为大于 0、至多 527040 的分钟数(一年)",
        "  - 语言 'fr':应为以下之一:zh、en(或不填:自动识别)",
    ], zh.output
    assert en.output.splitlines()[2] == ("  - Refused 'ftp://example.org/': only http and "
                                         "https URLs are fetched (got 'ftp').")


def test_a_refused_address_reads_in_chinese() -> None:
    from metroscope.monitor.gate import UnsafeURLError, check_url

    with pytest.raises(UnsafeURLError) as err:
        check_url("http://a.example/", resolver=lambda host, port: ["10.1.2.3"])
    assert error_text(err.value, "zh") == (
        "拒绝 'http://a.example/':a.example 解析到被拒绝的地址:10.1.2.3 不是公网地址(私有、"
        "回环、链路本地或保留地址)。若这是有意使用的本地服务(如自建的 RSSHub),请把该主机"
        "加入 METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS。")
    assert str(err.value) == (
        "Refused 'http://a.example/': a.example resolves to a refused address: 10.1.2.3 is not "
        "a global address (private, loopback, link-local or reserved). If this is an intended "
        "local service (e.g. your own RSSHub), add the host to "
        "METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS.")


def test_an_invalid_watchlist_names_each_source_in_chinese() -> None:
    from metroscope.monitor.watchlist import WatchlistError, check_watchlist

    with pytest.raises(WatchlistError) as err:
        check_watchlist({"sources": [{"name": "s", "kind": "tweet",
                                      "url": "https://a.example/"}]})
    assert error_text(err.value, "zh") == (
        "关注清单无效:\n  - sources[0](s):类型 'tweet':应为以下之一:feed、rsshub、page、"
        "releases")
    assert str(err.value) == ("invalid watchlist:\n  - sources[0] (s): kind 'tweet': expected "
                              "one of feed, rsshub, page, releases")


# ---------------------------------------------------------------- network graph

def test_a_network_that_cannot_be_routed_on_reads_in_chinese() -> None:
    """A link with negative minutes (a Region built without validation, as a scenario edit
    could leave it): the graph refuses it and says which link and how to fix it."""
    import dataclasses

    import metroscope
    from metroscope._errors import NetworkError, ParameterError
    from metroscope.network.graph import build_graph, build_graphs

    region = metroscope.load("changchun")
    links = region.links.copy()
    links.loc[links["link_id"] == "hada:01", "minutes"] = -2.5
    broken = dataclasses.replace(region, links=links, validate=False)
    with pytest.raises(NetworkError) as err:
        build_graph(broken, mode="rail")
    assert error_text(err.value, "zh") == (
        "区域“changchun”的rail 路网(operating)中有 1 个问题:\n"
        "  - 连线 'hada:01':负的分钟数;请给出为正的 length_km 和 speed_kph,或为正的 minutes"
        "(得到 -2.5)")
    assert str(err.value) == (
        "1 problem(s) in the rail network (operating) of region 'changchun':\n"
        "  - link 'hada:01': negative minutes; give it a positive length_km and speed_kph, or "
        "positive minutes (got -2.5)")
    with pytest.raises(ParameterError) as err2:
        build_graphs(region, "rail")  # type: ignore[arg-type]
    assert error_text(err2.value, "zh") == (
        "modes 须为非空的出行方式列表(rail、road、fastest),而非 'rail';单一方式请用 "
        "build_graph(region, mode=...)。")


def test_a_bad_monitor_rule_lists_its_problems_in_chinese(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    assert run("monitor", "init", "--db", db, "--lang", "en").exit_code == 0
    rule = '{"name": "x", "kind": "keyword", "keywords": [], "statuses": ["gone"]}'
    zh = run("monitor", "rules", "add", "--json", rule, "--db", db, "--lang", "zh")
    en = run("monitor", "rules", "add", "--json", rule, "--db", db, "--lang", "en")
    assert (zh.exit_code, en.exit_code) == (EXIT_USER, EXIT_USER), zh.output
    got = ("{'name': 'x', 'kind': 'keyword', 'keywords': [], 'statuses': ['gone']}")
    # pydantic stops at the first failing model check: the keywords
    assert zh.output.splitlines() == [
        "错误:规则中有 1 个问题:",
        f"  - 规则:关键词规则需要 'keywords'(词语列表)(实际为 {got})",
    ], zh.output
    assert en.output.splitlines() == [
        "Error: 1 problem(s) in rule:",
        f"  - rule: Value error, a keyword rule needs 'keywords' (a list of words) (got {got})",
    ], en.output
    bad_name = run("monitor", "rules", "add", "--json", '{"name": "a b", "kind": "tags", '
                   '"tags": ["hsr"]}', "--db", db, "--lang", "zh")
    assert bad_name.output.splitlines()[1] == (
        "  - name:应符合模式 '^[\\w][\\w.-]{0,99}$'(实际为 'a b')"), bad_name.output


def test_a_page_watch_and_a_route_read_in_chinese(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    page = run("monitor", "sources", "add", "p", "https://a.example/news", "--kind", "page",
               "--selector", "when=.date", "--db", db, "--lang", "zh")
    assert page.exit_code == EXIT_USER, page.output
    assert page.output.splitlines() == [
        "错误:来源 'p':",
        "  - 未知的选择器键 ['when'];应为 ['item', 'link', 'title', 'date', 'date_format', "
        "'summary'] 中的若干个",
        "  - 必须给出选择器 'item'(如 'ul.list li' 或 '//ul/li')",
    ], page.output
    route = run("monitor", "sources", "add", "r", "gov/ndrc", "--kind", "rsshub", "--db", db,
                "--lang", "zh")
    assert route.output.splitlines() == [
        "错误:来源 'r':",
        "  - RSSHub 路由 'gov/ndrc' 必须是路径,如 /gov/ndrc/xwdt/tzgg",
    ], route.output


def test_calibration_inputs_that_do_not_fit_read_in_chinese() -> None:
    import metroscope
    from metroscope._errors import MissingDataError
    from metroscope.network.calibration import calibrate, published_times

    region = metroscope.load("changchun")
    targets = published_times()
    with pytest.raises(MissingDataError) as err:
        calibrate(region, targets=targets.assign(role="validation"))
    assert error_text(err.value, "zh") == "没有校准目标(role == 'calibration')。"
    assert str(err.value) == "No calibration targets (role == 'calibration')."
    with pytest.raises(MissingDataError) as err:
        calibrate(region, targets=targets.assign(line="nosuch"))
    assert error_text(err.value, "zh") == "区域“changchun”的 nosuch 线上没有名为 长春 的车站。"
    assert str(err.value) == "No station named 长春 on line nosuch in region 'changchun'."
