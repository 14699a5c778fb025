"""The one zh/en message catalogue: every key complete, messages survive copies and caches,
and the Chinese report carries no English note text."""

from __future__ import annotations

import copy
import pickle
import re
from typing import Any

import pytest

from metroscope.messages import CATALOGUE, Message, fields, render

# three or more English words in a row: a sentence, not a code, unit or identifier
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")
COMMAND = re.compile(r"metroscope(?: [a-z][a-z-]*)+")


def test_every_message_has_both_languages_and_the_same_fields() -> None:
    for key, (zh, en) in CATALOGUE.items():
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key
        assert re.fullmatch(r"[a-z0-9_]+", key), key


def test_chinese_templates_have_no_english_sentences() -> None:
    # a command line (``metroscope token create``) is not an English sentence
    bad = {k: zh for k, (zh, _en) in CATALOGUE.items()
           if ENGLISH.search(COMMAND.sub("", zh))}
    assert not bad


def test_message_is_its_english_text_and_renders_chinese() -> None:
    m = Message("net_origin_routed", origin="220100", route="220104")
    assert m == "origin 220100 routed through 220104"
    assert m.zh == "起点 220100 经由 220104 接入路网"
    lines = Message("net_no_headway", lines=["吉珲客运专线", "长吉城际铁路"])
    assert lines.zh.startswith("线路 吉珲客运专线、长吉城际铁路 ")
    assert "吉珲客运专线, 长吉城际铁路" in lines
    nested = Message("ind_across_break", trend=Message("ind_falling"))
    assert nested.zh.startswith("下降") and nested.en.startswith("falling")


def test_message_survives_copy_pickle_and_json() -> None:
    m = Message("ind_sd_log_trend", first=2010, last=2020, first_value="0.3317",
                last_value="0.3581", trend=Message("ind_across_break",
                                                   trend=Message("ind_not_falling")))
    for again in (copy.deepcopy(m), pickle.loads(pickle.dumps(m)),
                  Message.from_json(m.to_json())):
        assert isinstance(again, Message) and again.zh == m.zh and again == m
    assert Message.from_json("plain text") == "plain text"


def test_unknown_key_says_where_to_add_it() -> None:
    with pytest.raises(KeyError, match="metroscope/messages"):
        render("no_such_key", "zh")


def test_travel_time_notes_are_messages_after_the_cache() -> None:
    import metroscope
    from metroscope.network import unit_travel_times

    region = metroscope.load("changchun")
    for _ in range(2):  # computed, then from the cache
        m = unit_travel_times(region, mode="rail")
        notes = m.attrs["metroscope"]["notes"]
        assert notes and all(isinstance(n, Message) for n in notes)
        assert any(n.key == "net_assumed_headway" for n in notes)


def _visible_zh(ctx: Any) -> list[tuple[str, str]]:
    """(where, Chinese text) of every note, source line and missing-headline reason."""
    out = []
    for sec in ctx.sections:
        for b in sec.blocks:
            if b.kind == "note":
                out.append((f"{sec.key} note", b.text.zh))
            if b.kind in ("figure", "table") and b.source is not None:
                out.append((f"{sec.key} source", b.source.text.zh))
            if b.kind == "headlines":
                out += [(f"{sec.key} headline", h.source.text.zh) for h in b.items if h.source]
                out += [(f"{sec.key} missing", h.missing.zh) for h in b.items if h.missing]
    return out


@pytest.fixture(scope="module")
def changchun_zh() -> Any:
    import metroscope
    from metroscope.report import build_report

    return build_report(metroscope.load("changchun"),
                        scenarios=["chang-si-liao-tong", "network-2030"], lang="zh",
                        strict=True)


def test_chinese_report_has_no_english_note_text(changchun_zh: Any) -> None:
    texts = _visible_zh(changchun_zh)
    assert len(texts) > 20
    english = [(w, t) for w, t in texts if ENGLISH.search(COMMAND.sub("", t))]  # a command is not English
    assert not english, english[:5]
    joined = "\n".join(t for _w, t in texts)
    for phrase in ("routed through", "no headway", "operating_speed_factor_hsr="):
        assert phrase not in joined, phrase
    # notes written without the catalogue show in Chinese only as a pointer to the English
    # version (never as English text); the converted ones read in Chinese:
    assert "没有公布的发车频率" in joined  # the assumed-headway note, in Chinese


def test_parameters_go_to_the_method_details_fold(changchun_zh: Any) -> None:
    from metroscope.report import render_html

    lines = [b.source for s in changchun_zh.sections for b in s.blocks
             if b.kind in ("figure", "table") and b.source is not None]
    details = [ln.details.en for ln in lines if ln.details is not None]
    assert any("operating_speed_factor_hsr=0.7056" in d for d in details)
    html = render_html(changchun_zh)
    assert '<details class="method">' in html and "方法细节" in html


def test_a_message_stored_as_data_and_plain_notes_of_older_datasets() -> None:
    import metroscope
    from metroscope.messages import from_record
    from metroscope.network.traveltime import dataset_notes
    from metroscope.region import Region

    m = from_record({"key": "net_estimated_roads", "params": {"detour": 1.3, "speed": 60.0}})
    assert isinstance(m, Message) and "1.3 at 60 km/h" in m.en and "时速 60 公里" in m.zh
    old = ("china network: estimated ordinary roads between neighbouring county seats only "
           "(great-circle x 1.3 at 60 km/h)")
    assert from_record(old) == old and not isinstance(from_record(old), Message)
    # an unknown key, missing parameters or a value its format refuses: the record as text
    for bad in ({"key": "no_such_key"}, {"key": "net_estimated_roads", "params": {"detour": 1}},
                {"key": "net_estimated_roads", "params": {"detour": "x", "speed": 60}}):
        assert not isinstance(from_record(bad), Message)
    r = metroscope.load()
    assert dataset_notes(r) == []
    plain = Region(name="t", units=r.units, meta={"network_note": old})
    assert dataset_notes(plain) == [old]


def test_no_key_is_in_two_topic_files() -> None:
    from metroscope import messages

    assert sum(map(len, messages._TOPICS)) == len(CATALOGUE)


def test_every_key_is_written_once_in_the_topic_files() -> None:
    # a key written twice (in one dict literal, or in a topic file and a file it merges with
    # ``**``) would silently hide one of its texts: every key of the catalogue is written
    # exactly once across the files of metroscope/messages
    import ast
    from collections import Counter
    from pathlib import Path

    from metroscope import messages

    written: Counter[str] = Counter()
    for path in Path(messages.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                written.update(k.value for k, v in zip(node.keys, node.values, strict=True)
                               if isinstance(k, ast.Constant) and isinstance(k.value, str)
                               and isinstance(v, ast.Tuple) and len(v.elts) == 2)
    assert {k: n for k, n in written.items() if n > 1} == {}
    assert set(written) == set(CATALOGUE)
