"""``metroscope screen`` without ``--lang`` says its errors in METROSCOPE_LANGUAGE's language,
and the screen's and the metropolitan areas' refusals are catalogue messages (English wording
unchanged)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from typer.testing import CliRunner

import metroscope
from metroscope._errors import ParameterError, UnknownAreaError, UnknownRegionError, error_text
from metroscope.cli import make_app
from metroscope.messages import Message

# three or more English words in a row (the rule of tests/test_messages.py); a command line
# is not an English sentence
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")
COMMAND = re.compile(r"metroscope(?: [a-z][a-z-]*)+")


def run(*args: str, **env: str) -> Any:
    argv = list(args)
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "400", **env})


def no_english(text: str) -> bool:
    return not ENGLISH.search(COMMAND.sub("", text))


def test_screen_errors_follow_the_environment_without_lang() -> None:
    zh = run("screen", "--level", "village", "-q", METROSCOPE_LANGUAGE="zh")
    assert zh.exit_code == 2
    assert zh.output.startswith("错误:未知的层级 'village';可选 prefecture、county。")
    assert no_english(zh.output), zh.output
    en = run("screen", "--level", "village", "-q", METROSCOPE_LANGUAGE="en")
    assert en.output.startswith("Error: Unknown level 'village'; choose one of prefecture, "
                                "county.")
    # --lang still wins over the environment
    asked = run("screen", "--level", "village", "-q", "--lang", "zh", METROSCOPE_LANGUAGE="en")
    assert asked.output.startswith("错误:未知的层级")


def test_an_unknown_area_in_chinese() -> None:
    zh = run("screen", "--area", "北京", "-q", METROSCOPE_LANGUAGE="zh")
    assert zh.exit_code == 2
    first = zh.output.splitlines()[0]
    assert first.startswith("错误:未知的都市圈 '北京'。18 个国家级都市圈(国家发展改革委批复,按批复"
                            "顺序)为:南京都市圈(南京)、福州都市圈(福州)、")
    assert no_english(zh.output), zh.output
    en = run("screen", "--area", "北京", "-q", METROSCOPE_LANGUAGE="en")
    assert "The 18 national metropolitan areas (NDRC-approved, in approval order) are: " \
        "南京都市圈 (南京), 福州都市圈 (福州), " in en.output


def test_the_library_refusals_in_both_languages() -> None:
    from metroscope.screen import screen

    region = metroscope.load("changchun")
    with pytest.raises(ParameterError) as info:
        screen(region, level="village")
    assert str(info.value) == "Unknown level 'village'; choose one of prefecture, county."
    with pytest.raises(ParameterError) as info:
        screen(region, weights={"growth": 1.0}, entropy=True)
    assert str(info.value) == "Give either weights or entropy weights, not both."
    assert error_text(info.value, "zh") == "请只给权重或熵权法之一,不要同时给出。"
    with pytest.raises(UnknownRegionError) as info:
        region.metro_area("南京")
    assert str(info.value) == ("Region 'changchun' has no national metropolitan-area tables; "
                               "use metroscope.load('china').metro_area(name).")
    assert error_text(info.value, "zh") == ("区域“changchun”没有全国都市圈表;请使用 "
                                            "metroscope.load('china').metro_area(name)。")
    with pytest.raises(UnknownAreaError) as info:
        metroscope.load("china").metro_area("不存在")
    assert info.value.args[0].key == "err_unknown_metro_area"
    assert no_english(error_text(info.value, "zh"))


def test_messages_without_an_easy_input() -> None:
    m = Message("err_screen_no_employment", level="'county'", region="china")
    assert m == ("No metropolitan unit at level 'county' of region 'china' has census "
                 "employment by industry; try --level prefecture or another area.")
    assert m.zh == ("区域“china”中没有 'county' 级的都市圈单元具有分行业的普查就业数据;"
                    "请试 --level prefecture 或其他都市圈。")
    n = Message("err_metro_area_no_unit", area="'南京都市圈'", region="toy")
    assert n == "No unit of '南京都市圈' is in region 'toy'."
    assert n.zh == "'南京都市圈' 的单元都不在区域“toy”中。"
