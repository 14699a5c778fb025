"""Rail lines in English notes: the data's ``line_en`` (tools/databuild/data/rail_lines.toml,
from the shared facts' ``line_en``), never the Chinese name unmarked; a line the data has no
English name for keeps its Chinese name, marked as untranslated (none is invented)."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import metroscope
from metroscope.messages import Message
from metroscope.network import unit_travel_times

CJK = re.compile(r"[\u3400-\u9fff]")


def _notes(region: metroscope.Region) -> list[Message]:
    m = unit_travel_times(region, mode="rail")
    return [n for n in m.attrs["metroscope"]["notes"] if isinstance(n, Message)]


def test_the_assumed_headway_note_names_the_lines_in_english() -> None:
    notes = {n.key: n for n in _notes(metroscope.load("changchun"))}
    said = notes["net_assumed_headway"]
    assert said.en.startswith("line Jilin–Hunchun high-speed railway has no published "
                              "frequency"), said.en
    assert ("Harbin–Dalian high-speed railway 12.1, Shenyang–Baihe (Changbaishan) "
            "high-speed railway 25.3") in said.en
    assert said.zh.startswith("线路 吉珲客运专线 (部分或全部区段)没有公布的发车频率")
    assert "哈大高速铁路 12.1、沈白高铁 25.3" in said.zh
    for n in notes.values():
        assert not CJK.search(n.en), n.en


def test_a_line_without_an_english_name_is_marked_not_invented() -> None:
    region = metroscope.load("changchun")
    links = region.links.copy()
    links.loc[links["line"] == "吉珲客运专线", "line_en"] = None
    notes = {n.key: n for n in _notes(replace(region, links=links))}
    said = notes["net_assumed_headway"]
    assert said.en.startswith("line 吉珲客运专线 (Chinese name; no English name in the data) "
                              "has no published frequency"), said.en
    assert said.zh.startswith("线路 吉珲客运专线 (部分"), said.zh


def test_the_english_travel_page_shows_no_chinese_line_name(tmp_path: Path) -> None:
    from _web import client

    with client(tmp_path) as c:
        page = c.get("/fragments/travel?mode=rail&lang=en").text
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "Jilin–Hunchun high-speed railway" in shown
    assert not CJK.search(shown), [m.group(0) for m in re.finditer(r".{0,40}[\u3400-\u9fff]+",
                                                                  shown)][:3]
