"""More refusals through the catalogue: datasets, seats, the report's language, the web
server's regions and the monitor's alerts, projects, rules and demo; and a bad ``--lang``
said in METROSCOPE_LANGUAGE's language. English wording unchanged; the Chinese has no English
sentence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from metroscope._errors import error_text
from metroscope.cli import make_app
from metroscope.messages import Message

# three or more English words in a row (the rule of tests/test_messages.py); a command line
# is not an English sentence
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")
COMMAND = re.compile(r"metroscope(?: [a-z][a-z-]*)+")


def no_english(text: str) -> bool:
    return not ENGLISH.search(COMMAND.sub("", text))


def run(*args: str, **env: str) -> Any:
    argv = list(args)
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400", **env})


def refused(exc_type: type[BaseException], call: Any, *args: Any, **kw: Any
            ) -> tuple[str, str, str]:
    with pytest.raises(exc_type) as info:
        call(*args, **kw)
    msg = info.value.args[0]
    assert isinstance(msg, Message)
    zh = error_text(info.value, "zh")
    assert no_english(zh), zh
    return msg.key, str(info.value), zh


def test_datasets_seats_report_language_and_web_regions() -> None:
    import metroscope
    from metroscope._errors import MissingDataError, ParameterError, UnknownRegionError
    from metroscope.datasets import path
    from metroscope.geo import seat_distance_km

    key, en, zh = refused(UnknownRegionError, path, "nope")
    assert en == "No embedded dataset named 'nope'. Available: changchun, china."
    assert zh == "没有名为 'nope' 的内置数据集。可用:changchun、china。"
    from metroscope.datasets import open_region

    key, en, zh = refused(UnknownRegionError, open_region, "nope")
    assert en == "'nope' is neither an embedded dataset (changchun, china) nor a bundle folder."
    assert zh == "'nope' 既不是内置数据集(changchun、china),也不是数据包文件夹。"
    units = pd.DataFrame({"seat_lon": [125.0, None], "seat_lat": [43.0, None]},
                         index=pd.Index(["a", "b"], name="code"))
    key, en, zh = refused(MissingDataError, seat_distance_km, units)
    assert en == ("No seat coordinates for 1 unit(s): ['b']. Add seat_lon and seat_lat to "
                  "units, or leave these units out (codes=...).")
    assert zh.startswith("1 个单元没有驻地坐标:['b']。")
    from metroscope.report import build_report

    key, en, zh = refused(ParameterError, build_report, metroscope.load("changchun"), lang="fr")
    assert key == "err_report_lang"
    assert (en, zh) == ("Unknown report language 'fr'; use 'zh' or 'en'.",
                        "未知的报告语言 'fr';请用 'zh' 或 'en'。")
    m = Message("err_web_unknown_region", got="'x'", served=["changchun", "china"])
    assert m == "Unknown region 'x'; this server serves: changchun, china."
    assert m.zh == "未知的区域 'x';本服务器提供:changchun、china。"


def test_the_command_line_in_chinese(tmp_path: Path) -> None:
    out = run("data", "show", "nope", "--lang", "zh")
    assert out.output.startswith("错误:'nope' 既不是内置数据集(changchun、china),也不是数据包文件夹。")
    assert no_english(out.output)
    bad = run("report", "--lang", "fr", METROSCOPE_LANGUAGE="zh")
    assert bad.exit_code == 2 and bad.output.startswith("错误:--lang 应为 zh 或 en,收到 'fr'。")
    assert run("report", "--lang", "fr").output.startswith("Error: --lang must be zh or en")
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    assert run("monitor", "init", "--db", db).exit_code == 0
    for argv, said in (
            (["alerts", "--show", "99"],
             "错误:没有编号为 99 的告警;请用 metroscope monitor alerts 查看已有的告警。"),
            (["projects", "history", "nope"], "错误:未知的项目 'nope'(已有:"),
            (["projects", "set", "nope", "built"], "错误:未知的状态 'built';可用 proposed、")):
        res = run("monitor", *argv, "--db", db, "--lang", "zh")
        assert res.exit_code == 2, res.output
        assert res.output.startswith(said), res.output
        assert no_english(res.output) and "Invalid value" not in res.output
    en = run("monitor", "alerts", "--show", "99", "--db", db)
    assert en.exit_code == 2 and en.output.strip() == "Error: no alert 99"
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "monitor.sqlite").write_bytes(b"earlier")
    demo = run("monitor", "demo", "--workdir", str(tmp_path / "demo"), "--quiet", "--lang", "zh")
    assert demo.exit_code == 1
    assert "中已有监测存储(monitor.sqlite,来自之前的或被中断的演示)" in demo.output
    assert no_english(demo.output.replace(str(tmp_path), ""))


def test_a_rule_that_exists_and_an_unknown_project() -> None:
    m = Message("err_mon_rule_exists", name="'hsr'")
    assert m == "a rule named 'hsr' exists (remove it or use replace)"
    assert m.zh == "已有名为 'hsr' 的规则(请先删除它,或选择替换)"
    p = Message("err_mon_unknown_project_see", got="'nope'")
    assert p == "unknown project 'nope'; see `metroscope monitor projects`"
    assert no_english(p.zh)


def test_flows_fit_title_headers_and_notes_in_chinese(tmp_path: Path) -> None:
    flows = tmp_path / "f.csv"
    flows.write_text("origin,destination,flow,cost\nA,B,70,10\nA,B,50,10\nA,C,40,25\n"
                     "A,D,30,30\nB,A,0,10\nB,C,0,18\nB,D,0,26\nC,A,30,25\nC,B,45,18\n"
                     "C,D,60,12\nD,A,20,30\nD,B,25,26\nD,C,70,12\n", encoding="utf-8")
    zh = run("flows", "fit", "--observed", str(flows), "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    lines = [ln.strip(" ┃│") for ln in zh.output.splitlines()]
    assert lines[0] == "双约束引力模型(幂函数),beta=1.19639"
    header = next(ln for ln in lines if "参数" in ln).split()
    assert header[:4] == ["参数", "┃", "系数", "┃"] and "标准误" in header and "z" in header
    assert "parameter" not in zh.output and "std_" not in zh.output
    assert "注意:2 行重复了 1 个起讫点对(A->B);每个起讫点对的流量已相加为一个观测值" in zh.output
    assert "注意:1 个观测流出量为 0 的起点未参与拟合(其固定效应没有有限的估计值):B" in zh.output
    csv = run("flows", "fit", "--observed", str(flows), "--lang", "zh", "--format", "csv")
    assert csv.stdout.splitlines()[0] == "parameter,coef,std_err,z"  # field names stay English
    en = run("flows", "fit", "--observed", str(flows), "--lang", "en")
    assert "doubly gravity (power), beta=1.19639" in en.output and "parameter" in en.output
