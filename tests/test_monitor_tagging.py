"""Tagging: the shipped dictionary, units, projects (fuzzy), topics; search of 2-char words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _monitor_fixtures import changchun  # noqa: F401
from metroscope.monitor.tagging import ProjectRef, Tagger, language_of, short_name

HSR = ProjectRef("changsiliaotong_hsr", ("长四辽通高铁", "长四辽通",
                                         "Changchun–Siping–Liaoyuan–Tonghua high-speed railway"))


@pytest.fixture(scope="module")
def tagger(changchun):  # type: ignore[no-untyped-def]
    return Tagger.from_region(changchun, [HSR])


def test_user_dictionary_keeps_words_whole(tagger: Tagger) -> None:
    tokens = tagger.tokenize("国家发展改革委批复长四辽通高铁，发改委推动长春都市圈和综合保税区建设")
    for word in ("国家发展改革委", "长四辽通高铁", "发改委", "长春都市圈", "综合保税区"):
        assert word in tokens
    assert "发展" not in tokens


def test_units_by_full_short_and_english_names(tagger: Tagger) -> None:
    t = tagger.tag("线路经四平、辽源、梅河口至通化，伊通满族自治县同步受益")
    assert t.units == ["220300", "220400", "220500", "220581", "220323"] or \
        set(t.units) == {"220300", "220400", "220500", "220581", "220323"}
    en = tagger.tag("Changchun and Siping sign a deal")
    assert set(en.units) == {"220100", "220300"} and en.language == "en"


def test_district_short_names_are_not_matched(tagger: Tagger) -> None:
    assert "220104" not in tagger.tag("北京市朝阳区举行会议").units
    assert "220104" in tagger.tag("长春市朝阳区举行会议").units


def test_projects_exact_and_fuzzy(tagger: Tagger) -> None:
    assert tagger.tag("长四辽通高铁开工").projects == ["changsiliaotong_hsr"]
    assert tagger.tag("长四辽通高速铁路建设进展").projects == ["changsiliaotong_hsr"]
    assert tagger.tag("Changchun-Siping-Liaoyuan-Tonghua high speed railway").projects == \
        ["changsiliaotong_hsr"]
    assert tagger.tag("长白高铁开通运营").projects == []


def test_topics(tagger: Tagger) -> None:
    assert "transport" in tagger.tag("长白高铁开通").tags
    assert "automotive" in tagger.tag("新能源汽车产业").tags
    assert "trade" in tagger.tag("Changchun bonded zone exports grow").tags
    assert tagger.tag("今天天气很好").tags == []


def test_short_names_and_language() -> None:
    assert short_name("长春市", "prefecture") == "长春"
    assert short_name("伊通满族自治县", "county") == "伊通"
    assert short_name("朝阳区", "county") is None
    assert short_name("长白朝鲜族自治县", "county") == "长白"
    assert language_of("长春都市圈 plan") == "zh" and language_of("a plan") == "en"


GOLDEN = Path(__file__).parent / "data" / "monitor" / "tag_golden.json"


def test_tags_equal_the_golden_file_written_with_jieba_042(changchun) -> None:  # type: ignore[no-untyped-def]
    """The faster tokenizer gives the same tokens, index tokens, tags, units and projects as
    jieba 0.42 on every fixture item and on texts naming every unit and project. (The tags of
    21 rows were updated when topic keywords began to match inside compound tokens:
    开工建设 = 开工 + 建设 is now `investment`; the tokens are jieba 0.42's, unchanged.)"""
    tagger = Tagger.from_region(changchun)
    rows = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(rows) > 150
    for row in rows:
        t = tagger.tag(row["title"], row["text"])
        got = {"language": t.language, "tokens": t.tokens, "index_tokens": t.index_tokens,
               "tags": t.tags, "units": t.units, "projects": t.projects}
        assert got == {k: row[k] for k in got}, row["title"]


@pytest.mark.parametrize(("text", "expected"), [
    # tokens of jieba 0.42 (HMM on), after dropping punctuation and lower-casing
    ("GDP增长5.2%，1-9月累计", ["gdp", "增长", "5.2%", "1", "9", "月", "累计"]),
    ("见www.stats.gov.cn/sj/zxfb", ["见", "www", "stats", "gov", "cn", "sj", "zxfb"]),
    ("e.g. U.S.A", ["e", "g", "u", "s", "a"]),
    ("C++和AT&T", ["c++", "和", "at&t"]),
    ("v2.0版 3.14159 50%以上", ["v2.0", "版", "3.14159", "50%", "以上"]),
    ("x_y z#1 a+b", ["x", "y", "z", "1", "a", "b"]),
])
def test_non_han_runs_split_as_jieba_does(tagger: Tagger, text: str,
                                          expected: list[str]) -> None:
    assert tagger.tokenize(text) == expected


def test_fuzzy_prefilter_skips_only_texts_below_the_cutoff(tagger: Tagger) -> None:
    """The character-count bound before rapidfuzz never drops a match: on 3,000 random
    edits of the project's names the tagger agrees with partial_ratio run on every text."""
    import random

    from rapidfuzz import fuzz

    from metroscope.monitor.tagging import FUZZY_CUTOFF

    rng = random.Random(7)
    pool = "长四辽通高速铁路建设进展开工城际白山吉林春平源化 -abcdefghilnoprstuwy"
    hits = 0
    for _ in range(3000):
        name = rng.choice(HSR.names).lower()
        chars = list(name)
        for _ in range(rng.randint(0, 4)):
            op, i = rng.random(), rng.randrange(len(chars))
            if op < 0.4:
                chars[i] = rng.choice(pool)
            elif op < 0.7:
                del chars[i]
            else:
                chars.insert(i, rng.choice(pool))
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 8))) + "".join(chars)
        expected = any(n.lower() in text.lower() or (len(n) >= 4 and fuzz.partial_ratio(
            n.lower(), text.lower(), score_cutoff=FUZZY_CUTOFF)) for n in HSR.names)
        assert (tagger.match_projects(text) == ["changsiliaotong_hsr"]) == expected, text
        hits += expected
    assert 300 < hits < 2700  # both outcomes are exercised


def test_a_taggers_tokens_do_not_depend_on_other_taggers(changchun) -> None:  # type: ignore[no-untyped-def]
    """Words of one tagger (an alias 长四辽通高速铁路) do not leak into another's segmentation
    (they did when every tagger added its words to one process-wide tokenizer)."""
    text = "长四辽通高速铁路建设进展"
    plain = Tagger.from_region(changchun).tokenize(text)
    alias = ProjectRef("changsiliaotong_hsr", ("长四辽通高铁", "长四辽通高速铁路"))
    with_alias = Tagger.from_region(changchun, [alias]).tokenize(text)
    assert with_alias[0] == "长四辽通高速铁路"
    assert Tagger.from_region(changchun).tokenize(text) == plain != with_alias
    assert plain[:2] == ["长四辽通", "高速铁路"]
