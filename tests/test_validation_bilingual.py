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
        "错误:区域“t”的文件 中有 3 个问题:",
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
        "区域“x” 中有 1 个问题:\n"
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
        "观测流量 中有 2 个问题:\n"
        "  - 观测流量,第 1 行,列“flow”:值为 '1,234';应为纯数字。修正:去掉千位分隔符:写成 "
        "1234(或加引号并去掉逗号)\n"
        "  - 观测流量,第 2 行,列“flow”:值为 '-3';应为不小于 0 的流量。修正:流量是出行次数,"
        "不能为负")
    with pytest.raises(DataValidationError) as err:
        locations_table(pd.DataFrame({"code": ["a"], "population": [5.0]}),
                        need_coordinates=False)
    assert error_text(err.value, "zh") == (
        "地点表 中有 1 个问题:\n  - 地点表:值为 1;应为至少 2 个地点。修正:提供更多地点")
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
