"""The notes of a travel-time result (``network/_result_notes.py``) on links tables written
here: the lines a network year leaves out (each line once, by first opening year then name,
its years as a span, English names from ``line_en`` or marked untranslated, six named and the
rest counted) and the planned links a year opens, counted by hand."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd

from metroscope.network import _result_notes as N
from metroscope.network.selection import selection


def _links(rows: list[tuple[str, str, Any, Any, Any, str]]) -> pd.DataFrame:
    """(link_id, mode, line, line_en, open_year, status) rows."""
    return pd.DataFrame(rows, columns=["link_id", "mode", "line", "line_en", "open_year",
                                       "status"])


def _region(links: pd.DataFrame) -> Any:
    return SimpleNamespace(links=links)


LINKS = _links([
    ("a1", "hsr", "长白快速铁路", "Changbai Railway", 2025, "operating"),
    ("a2", "hsr", "长白快速铁路", None, 2027, "operating"),
    ("b1", "rail", "L9", None, 2025, "operating"),
    ("c1", "urban", "地铁1号线", None, 2026, "operating"),
    ("c2", "urban", "地铁1号线", "  ", 2026, "operating"),
    ("r1", "road", None, None, 2024, "operating"),
    ("r2", "road", "  ", "Ring Road", 2030, "operating"),
    ("p1", "hsr", "沈白高铁", "Shenbai HSR", 2028, "planned"),
    ("p2", "rail", "P2", None, 2029, "under_construction"),
    ("o1", "hsr", "老线", "Old Line", 2000, "operating"),
    ("u1", "road", None, None, None, "operating"),
])


def test_the_lines_a_network_year_leaves_out() -> None:
    notes = N.later_links_note(_region(LINKS), selection("fastest", ["operating"], 2020))
    assert len(notes) == 1
    note: Any = notes[0]
    assert note.key == "net_year_leaves_out"
    # a1 a2 b1 c1 c2 r1 r2 open after 2020 (o1 in 2000; u1 undated; p1, p2 not operating)
    assert note.params["year"] == 2020 and note.params["n"] == 7
    # r1 (2024), 长白 (2025-2027), L9 (2025), 地铁1号线 (2026), r2 (2030): ties by name
    assert note.params["lines"] == [
        {"zh": "r1(2024)", "en": "r1 (2024)"},
        {"zh": "L9(2025)", "en": "L9 (2025)"},
        {"zh": "长白快速铁路(2025–2027)", "en": "Changbai Railway (2025–2027)"},
        {"zh": "地铁1号线(2026)",
         "en": "地铁1号线 (Chinese name; no English name in the data) (2026)"},
        {"zh": "r2(2030)", "en": "r2 (2030)"},
    ]
    assert str(note) == (
        "network year 2020 leaves out 7 operating link(s) opened after 2020, on: r1 (2024), "
        "L9 (2025), Changbai Railway (2025–2027), 地铁1号线 (Chinese name; no English name in "
        "the data) (2026), r2 (2030)")
    assert note.zh == ("网络年份2020不含7个2020年以后才开通的运营路段,涉及:r1(2024)、L9(2025)、"
                       "长白快速铁路(2025–2027)、地铁1号线(2026)、r2(2030)")


def test_a_road_year_names_the_road_links_only() -> None:
    (note,) = N.later_links_note(_region(LINKS), selection("road", ["operating"], 2025))
    # urban roads are roads: c1 and c2 (2026) and r2 (2030)
    assert note.params["n"] == 3
    assert note.params["lines"] == [
        {"zh": "地铁1号线(2026)",
         "en": "地铁1号线 (Chinese name; no English name in the data) (2026)"},
        {"zh": "r2(2030)", "en": "r2 (2030)"}]
    # the statuses asked for do not matter: the note is about operating links
    (same,) = N.later_links_note(_region(LINKS), selection("road", ["planned"], 2025))
    assert same.params == note.params


def test_the_english_name_of_a_line_is_its_first_one_in_the_data() -> None:
    links = _links([("x1", "hsr", "某线", None, 2030, "operating"),
                    ("x2", "hsr", " 某线 ", "Some Line", 2031, "operating")])
    (note,) = N.later_links_note(_region(links), selection("rail", ["operating"], 2020))
    assert note.params["n"] == 2
    assert note.params["lines"] == [{"zh": "某线(2030–2031)", "en": "Some Line (2030–2031)"}]


def test_nothing_left_out_no_year_or_no_links_no_note() -> None:
    assert N.later_links_note(_region(LINKS), selection("fastest", ["operating"], 2030)) == []
    assert N.later_links_note(_region(LINKS), selection("fastest", ["operating"], None)) == []
    assert N.later_links_note(_region(LINKS.iloc[:0]),
                              selection("rail", ["operating"], 2020)) == []


def test_six_lines_are_named_and_the_rest_counted() -> None:
    links = _links([(f"k{i}", "rail", f"L{i}", None, 2021 + i, "operating")
                    for i in range(8)])
    (note,) = N.later_links_note(_region(links), selection("rail", ["operating"], 2020))
    lines = note.params["lines"]
    assert note.params["n"] == 8
    assert lines[:6] == [{"zh": f"L{i}({2021 + i})", "en": f"L{i} ({2021 + i})"}
                         for i in range(6)]
    assert lines[6:] == ["… (+2)"]
    # seven lines: six named and one counted; six: all named
    (note,) = N.later_links_note(_region(links.iloc[:7]), selection("rail", ["operating"], 2020))
    assert note.params["lines"][6:] == ["… (+1)"] and len(note.params["lines"]) == 7
    links = links.iloc[:6]
    (note,) = N.later_links_note(_region(links), selection("rail", ["operating"], 2020))
    assert len(note.params["lines"]) == 6
    assert "…" not in str(note)


def test_later_lines_without_line_columns_name_the_links() -> None:
    later = pd.DataFrame({"link_id": ["z2", "z1"], "open_year": [2031.0, 2030.0]})
    assert N._later_lines(later) == [{"zh": "z1(2030)", "en": "z1 (2030)"},
                                     {"zh": "z2(2031)", "en": "z2 (2031)"}]
    later["line"] = ["线", "线"]
    assert N._later_lines(later) == [
        {"zh": "线(2030–2031)", "en": "线 (Chinese name; no English name in the data) "
                                     "(2030–2031)"}]


def test_a_name_in_latin_letters_or_punctuation_is_not_marked() -> None:
    # U+2E7F is the last code point before the CJK radicals: "—" (U+2014) and "Ⅳ" stay as they are
    later = pd.DataFrame({"link_id": ["a", "b"], "open_year": [2030, 2030],
                          "line": ["Line—A", "⺀x"]})
    got = N._later_lines(later)
    assert got[0] == {"zh": "Line—A(2030)", "en": "Line—A (2030)"}
    assert got[1]["en"] == "⺀x (Chinese name; no English name in the data) (2030)"
    # U+2E7F itself is not yet one
    later = pd.DataFrame({"link_id": ["c"], "open_year": [2030], "line": ["\u2e7f"]})
    assert N._later_lines(later) == [{"zh": "\u2e7f(2030)", "en": "\u2e7f (2030)"}]


def test_planned_links_a_network_year_opens() -> None:
    (note,) = N.planned_links_note(_region(LINKS),
                                   selection("rail", ["operating", "planned"], 2030))
    # p1 (planned, 2028) is opened by 2030; p2 is under construction, not asked for
    assert note.key == "net_year_no_service_patterns"
    assert note.params == {"year": 2030, "n": 1}
    (note,) = N.planned_links_note(
        _region(LINKS), selection("rail", ["operating", "planned", "under_construction"], 2030))
    assert note.params == {"year": 2030, "n": 2}
    assert N.planned_links_note(_region(LINKS),
                                selection("rail", ["operating", "planned"], 2027)) == []
    assert N.planned_links_note(_region(LINKS), selection("rail", ["operating"], 2030)) == []
    assert N.planned_links_note(_region(LINKS),
                                selection("rail", ["operating", "planned"], None)) == []
    assert N.planned_links_note(_region(LINKS.iloc[:0]),
                                selection("rail", ["planned"], 2030)) == []
