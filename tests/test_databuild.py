"""Unit tests of the dataset builder (``tools/databuild``): name matching and length apportioning.

Every expected value is worked out by hand in the comments; none is copied from a build.
The byte-identical rebuild itself is tested in tests/test_datasets_build.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from databuild import facts  # noqa: E402
from databuild.apportion import (  # noqa: E402
    chainage_lengths,
    fastest_times,
    time_lengths,
    time_spans,
)
from databuild.census import map_2010_codes  # noqa: E402
from databuild.expressways import (  # noqa: E402
    EXPRESSWAYS,
    Locator,
    Place,
    joined_in_city,
    merge_city_places,
)
from databuild.names import PlaceStems, english_name, level_of, pinyin, stem  # noqa: E402
from databuild.rail_facts import LINES, STATION_OVERRIDES  # noqa: E402

NO_STEMS = PlaceStems.of([])

# ---------------------------------------------------------------- names


@pytest.mark.parametrize(("name", "expected"), [
    ("德惠市", "德惠"),  # 市 removed
    ("延边朝鲜族自治州", "延边"),  # the longest listed suffix first
    ("伊通满族自治县", "伊通"),
    ("前郭尔罗斯蒙古族自治县", "前郭尔罗斯"),
    ("东区", "东区"),  # a suffix is removed only when two characters stay
    ("九台巿", "九台"),  # the variant character 巿 (U+5DFF) read as 市
    (" 长春市 ", "长春"),
])
def test_stem(name: str, expected: str) -> None:
    assert stem(name) == expected


def test_level_of() -> None:
    assert [level_of(c) for c in ("220000", "220100", "220102", "220171")] == [
        "province", "prefecture", "county", "county"]


@pytest.mark.parametrize(("name", "expected"), [
    ("长春", "Changchun"),  # 长 first reads chang, not zhang
    ("长汀", "Changting"),  # listed phrase (长 not first would otherwise be read by pypinyin)
    ("西安", "Xi'an"),  # apostrophe before a syllable starting with a
    ("六安", "Lu'an"),  # polyphonic 六 in a place name
    ("都江堰", "Dujiangyan"),  # 都 in a place name is du
    ("单", "Shan"),  # one-character name (单县)
    ("朝阳", "Chaoyang"),
])
def test_pinyin(name: str, expected: str) -> None:
    assert pinyin(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("朝阳区", "Chaoyang District"),
    ("延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"),
    ("保亭黎族苗族自治县", "Baoting Li Miao Autonomous County"),  # two groups, in order
    ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),  # 维吾尔 without 族
    ("内蒙古自治区", "Inner Mongolia Autonomous Region"),  # override
    ("长春", "Changchun"),  # no suffix
])
def test_english_name(name: str, expected: str) -> None:
    assert english_name(name, NO_STEMS) == expected


def test_english_zone_names_use_the_stems_passed_in() -> None:
    zone = "长春净月高新技术产业开发区"
    places = PlaceStems.of(["长春", "吉林"])
    assert english_name(zone, places) == (
        "Changchun Jingyue High-tech Industrial Development Zone")
    # no global table: another object in the same process gives another split
    assert english_name(zone, NO_STEMS) == "Changchunjingyue High-tech Industrial Development Zone"
    assert english_name("吉林市经济技术开发区", places) == (
        "Jilin Economic and Technological Development Zone")  # the 市 after a stem is dropped


def test_place_stems_from_the_code_table() -> None:
    table = {"220000": "吉林省", "220100": "长春市", "220102": "南关区",
             "150000": "内蒙古自治区", "450000": "广西壮族自治区", "222400": "延边朝鲜族自治州"}
    # counties left out; province endings then the stem suffixes removed; longest first, then
    # by code point: 内蒙古 (3 characters), 吉 U+5409 < 广 U+5E7F < 延 U+5EF6 < 长 U+957F
    assert PlaceStems.from_code_table(table).stems == ("内蒙古", "吉林", "广西", "延边", "长春")
    assert PlaceStems.of(["长春", "长春新", "长春"]).split("长春新区") == ["长春新", "区"]
    assert PlaceStems.of(["长春"]).split("") == []


def _locator() -> Locator:
    rows = {"220183": "德惠市", "220721": "前郭尔罗斯蒙古族自治县", "220106": "绿园区",
            "220521": "通化县", "220104": "朝阳区"}
    seats = pd.DataFrame({"name_zh": list(rows.values()),
                          "stem": [stem(n) for n in rows.values()],
                          "parent": [c[:4] + "00" for c in rows], "lon": 125.0, "lat": 44.0},
                         index=list(rows))
    return Locator(seats, {"长春": ("220100", "220104")})


@pytest.mark.parametrize(("place", "code", "how"), [
    ("德惠市", "220183", "county name"),
    ("德惠", "220183", "county"),  # by stem
    ("德惠西", "220183", "interchange named after county"),  # a direction after the stem
    ("德惠枢纽", "220183", "county"),  # the interchange suffix removed
    ("长春(绿园区)", "220106", "county named in brackets"),  # a district in brackets wins
    ("长春", "220104", "prefecture 220100 (its core district)"),
    ("前郭", "220721", "county (its name starts with the place)"),
    ("(德惠)", "220183", "county (inferred by the source)"),
    ("快大茂(通化县快大茂)", "220521", "town of 通化县"),
    ("九台", None, "no coordinate in the data"),
])
def test_expressway_places_located(place: str, code: str | None, how: str) -> None:
    p = _locator().locate(place)
    assert (p.code, p.how) == (code, how)


# On the equator one degree of longitude is 2 pi x 6371.0088 / 360 = 111.195 km of great circle:
# 0.10 degree = 11.12 km and 0.13 = 14.46 km (within URBAN_MAX_KM = 15), 0.14 = 15.57 km (not).
@pytest.mark.parametrize(("a", "b", "dlon", "joined"), [
    ("220106", "220103", 0.10, True),  # 绿园区 and 宽城区, 11.1 km: one city
    ("220106", "220103", 0.13, True),  # 14.5 km
    ("220106", "220103", 0.14, False),  # 15.6 km: beyond URBAN_MAX_KM
    ("220106", "220202", 0.10, False),  # 长春 and 吉林 districts: two prefectures
    ("220204", "220221", 0.10, True),  # a county seat of the same prefecture counts too
])
def test_joined_in_city(a: str, b: str, dlon: float, joined: bool) -> None:
    assert joined_in_city(a, b, (125.0, 0.0), (125.0 + dlon, 0.0)) is joined


def _chain(*places: tuple[str, str, float]) -> list[tuple[Place, tuple[float, float]]]:
    return [(Place(text, code, "county name", k), (lon, 0.0))
            for k, (text, code, lon) in enumerate(places)]


LVYUAN = ("长春(绿园区)", "220106", 125.0)
KUANCHENG = ("宽城区", "220103", 125.1)  # 11.1 km from 绿园: the intra-city leg joins them
CHANGLING = ("长岭", "220722", 124.0)
JILIN = ("吉林", "220204", 126.5)


@pytest.mark.parametrize(("chain", "kept", "merged"), [
    # 长太: the run 绿园, 宽城 starts the route: its terminus 绿园 is kept
    ((LVYUAN, KUANCHENG, CHANGLING), ["220106", "220722"], ["宽城区"]),
    # the same run ending the route: its terminus (the last place, 宽城) is kept
    ((CHANGLING, LVYUAN, KUANCHENG), ["220722", "220103"], ["长春(绿园区)"]),
    # inside the route: the first place listed
    ((CHANGLING, LVYUAN, KUANCHENG, JILIN), ["220722", "220106", "220204"], ["宽城区"]),
    # two seats of one prefecture 22.2 km apart are a section of their own
    ((LVYUAN, ("宽城区", "220103", 125.2), CHANGLING), ["220106", "220103", "220722"], []),
])
def test_no_expressway_section_inside_a_city(chain: tuple[tuple[str, str, float], ...],
                                             kept: list[str], merged: list[str]) -> None:
    out, gone = merge_city_places(_chain(*chain))
    assert [p.code for p, _ in out] == kept
    assert gone == merged


def test_2010_codes_mapped_by_name_stem() -> None:
    c2010 = pd.DataFrame({"code": ["220100", "220102", "220181", "220381", "220199", None],
                          "name": ["长春市", "南关区", "九台市", "公主岭市", "某某区", "合计"]})
    said: list[str] = []
    inp = SimpleNamespace(c2010=c2010, say=said.append)
    current = {"220102": "南关区", "220113": "九台区", "220184": "公主岭市"}
    # prefecture skipped; same code kept; 九台市 -> 九台区 and 公主岭市 -> 220184 by stem;
    # 220199 has no current unit of that stem and is dropped (and said)
    assert map_2010_codes(inp, current, "22") == {  # type: ignore[arg-type]
        "220102": "220102", "220181": "220113", "220381": "220184"}
    assert any("220199" in s and "dropped" in s for s in said)


# ---------------------------------------------------------------- length apportioning


def test_lengths_by_great_circle_only() -> None:
    # 100 km over great circles 10 and 30: 100 x 10/40 = 25, 100 x 30/40 = 75
    lengths, notes = chainage_lengths(100.0, [10.0, 30.0], [None, None], chainage=False)
    assert lengths == pytest.approx([25.0, 75.0])
    assert notes == ["line length 100 km shared in proportion to great-circle distance"] * 2


def test_lengths_with_chainage() -> None:
    # the middle section has chainage 40; the other 60 km go 10:20 to the great circles 10, 20
    lengths, notes = chainage_lengths(100.0, [10.0, 30.0, 20.0], [None, 40.0, None],
                                      chainage=True)
    assert lengths == pytest.approx([20.0, 40.0, 40.0])
    assert notes[1] == "chainage difference"
    assert "less chainage sections" in notes[0]


def test_fastest_times_parsed() -> None:
    text = "opened 2021; fastest 沈阳北–通化 1 h 01 min, –白山东 1 h 23 min, –长白山 1 h 53 min"
    assert fastest_times(text) == {"沈阳北": 0.0, "通化": 61.0, "白山东": 83.0, "长白山": 113.0}
    assert fastest_times("fastest 长春–吉林 33 min") == {"长春": 0.0, "吉林": 33.0}
    assert fastest_times("design 350") == {}


SHENBAI = ["沈阳北", "伯官", "抚顺", "新宾", "通化", "白山东", "江源东", "长白山西", "长白山"]
SHENBAI_TIMES = {"沈阳北": 0.0, "通化": 61.0, "白山东": 83.0, "长白山西": 99.0, "长白山": 113.0}


def test_time_spans_by_hand() -> None:
    # sections 0-3 (沈阳北–通化) 61/113, 4 (–白山东) 22/113, 5-6 (–长白山西) 16/113, 7 14/113
    spans = time_spans(SHENBAI, SHENBAI_TIMES, "沈白")
    assert [(i, j) for i, j, _ in spans] == [(0, 4), (4, 5), (5, 7), (7, 8)]
    assert [s for _, _, s in spans] == pytest.approx([61 / 113, 22 / 113, 16 / 113, 14 / 113])


def test_time_lengths_by_hand() -> None:
    gc = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    said: list[str] = []
    lengths, notes = time_lengths("沈白", SHENBAI, SHENBAI_TIMES, 430.0, gc,
                                  lambda a, b: 100.0, say=said.append)
    first = 430 * 61 / 113  # 232.12 km, shared 10:20:30:40 among the first four sections
    expected = [first * 0.1, first * 0.2, first * 0.3, first * 0.4,
                430 * 22 / 113,  # 83.72 km, one section
                430 * 16 / 113 * 60 / 130, 430 * 16 / 113 * 70 / 130,  # 60.88 km, 60:70
                430 * 14 / 113]  # 53.27 km
    assert lengths == pytest.approx(expected)
    assert sum(lengths) == pytest.approx(430.0)
    # spans shorter than the 100 km straight line are flagged: all but the first (232 km)
    flagged = ["shorter than the 100.0 km great circle" in n for n in notes]
    assert flagged == [False] * 4 + [True] * 4
    assert "通化–白山东 22 of 113 min = 83.7 km" in notes[4]
    assert len(said) == 3  # one line per flagged span


@pytest.mark.parametrize(("times", "why"), [
    ({"沈阳北": 0.0, "大连": 30.0, "长白山": 113.0}, "not in the station list"),
    ({"沈阳北": 0.0, "通化": 61.0}, "from the first to the last station"),
    ({"伯官": 0.0, "长白山": 113.0}, "from the first to the last station"),
    ({"沈阳北": 0.0, "通化": 61.0, "白山东": 61.0, "长白山": 113.0}, "do not increase"),
])
def test_time_spans_refuse_bad_times(times: dict[str, float], why: str) -> None:
    with pytest.raises(SystemExit, match=why):
        time_spans(SHENBAI, times, "沈白")


# ---------------------------------------------------------------- the data files


def test_data_files_are_well_formed() -> None:
    assert len({s.key for s in LINES}) == len(LINES)
    assert all(len(code) == 6 and code.isdigit() for code, _ in STATION_OVERRIDES.values())
    assert all(why for _, why in STATION_OVERRIDES.values())  # every override says why
    # every expressway opening is backed by a text and dated or explained
    for row in EXPRESSWAYS:
        for op in row.openings:
            assert op.fact and (op.year is not None or op.note), row
    assert len(facts.rows("census_industries.csv")) == 20


def test_entry_point_runs() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_datasets.py"), "--help"],
                         check=True, capture_output=True, text=True)
    assert "--shared" in out.stdout
