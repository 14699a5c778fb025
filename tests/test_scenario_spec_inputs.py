"""Bad scenario inputs: every problem reported, in full, with its line and key (YAML and TOML
files, a mapping from a request, a project's JSON edits), and the limits on hostile YAML.

No network is routed here: these are the checks that run before any edit is applied.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from metroscope.scenario import ScenarioSpecError, load_scenario
from metroscope.scenario import spec as SP

OPS = ("add_link, add_node, add_station, complete_project, remove_access, remove_link, "
       "remove_links, remove_node, remove_station, set_access, set_headway, "
       "set_network_year, set_speed, set_stat, set_status, through_service, update_links, "
       "upgrade_links")


#: the input of a bad add_link as a "got" shows it: keys sorted (reprlib), cut at 80 characters
ADD_LINK_REPR = ("{'from_node': 'a', 'length_km': 10, 'link_id': 'x', 'mode': 'hsr', "
                 "'op': 'add_link', 'to_node': 'b'}")


def _problems(call, *args, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ScenarioSpecError) as info:
        call(*args, **kw)
    return info.value.problems


def _file_problems(path: Path) -> list[str]:
    """The problems of a file that cannot be read; the message names the file."""
    with pytest.raises(ScenarioSpecError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{len(info.value.problems)} problem(s) in {path}:\n")
    return info.value.problems


def test_error_lists_each_problem_under_a_count() -> None:
    err = SP.ScenarioSpecError(["first", "second"], context="x.yaml")
    assert str(err) == "2 problem(s) in x.yaml:\n  - first\n  - second"
    assert err.problems == ["first", "second"]
    assert issubclass(SP.UnknownScenarioError, SP.ScenarioSpecError)


def test_unknown_name_lists_the_shipped_ones(tmp_path: Path) -> None:
    with pytest.raises(SP.UnknownScenarioError) as info:
        load_scenario("no-such")
    assert info.value.problems == [
        "'no-such' is neither a shipped scenario (chang-si-liao-tong, hsr-350, network-2030) "
        "nor an existing file."]
    assert str(info.value).startswith("1 problem(s) in scenario:")
    # a shipped name wins over a file of that name in the working folder; a path is read
    assert load_scenario("hsr-350").source_file == str(SP.SPECS_DIR / "hsr-350.yaml")
    f = tmp_path / "mine.yml"
    f.write_text("name: mine\n", encoding="utf-8")
    assert load_scenario(str(f)).source_file == str(f)
    assert load_scenario(f).name == "mine"


def test_file_types_and_encodings(tmp_path: Path) -> None:
    upper = tmp_path / "A.YAML"
    upper.write_text("name: a\nyear: 2030\n", encoding="utf-8")
    assert load_scenario(upper).year == 2030
    bom = tmp_path / "b.toml"
    bom.write_bytes(b"\xef\xbb\xbfname = \"b\"\n")  # a byte-order mark is not an error
    assert load_scenario(bom).name == "b"
    latin = tmp_path / "c.yaml"
    latin.write_bytes("name: c\ntitle: caf\xe9\n".encode("latin-1"))
    (p,) = _file_problems(latin)
    assert p.startswith("cannot read the file as UTF-8 text: 'utf-8' codec can't decode")
    txt = tmp_path / "d.txt"
    txt.write_text("name: d\n", encoding="utf-8")
    assert _file_problems(txt) == [
        "unknown file type '.txt': write the scenario as .yaml, .yml or .toml"]
    toml = tmp_path / "e.toml"
    toml.write_text("name = \n", encoding="utf-8")
    (p,) = _file_problems(toml)
    assert p.startswith("line 1, column 8: TOML syntax error; ")  # name = <nothing>
    lst = tmp_path / "f.yaml"
    lst.write_text("- name: f\n", encoding="utf-8")
    assert _file_problems(lst) == ["the file must hold a mapping with name and edits"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("name: big\n" + "#" * 1_000_000 + "\n", encoding="utf-8")  # 1,000,011 bytes
    assert _file_problems(big) == [
        "the file has 1,000,011 bytes; a scenario spec has at most 1,000,000"]
    edge = tmp_path / "edge.yaml"
    edge.write_text("name: edge\n" + "#" * (1_000_000 - 12) + "\n", encoding="utf-8")
    assert edge.stat().st_size == 1_000_000  # at the limit: read
    assert load_scenario(edge).name == "edge"


def _aliases(n: int) -> str:
    return "x: &a 1\nsources:\n" + "".join("  - *a\n" for _ in range(n)) + "name: al\n"


def test_yaml_aliases_are_limited(tmp_path: Path) -> None:
    assert SP.load_yaml(_aliases(50))["sources"] == [1] * 50
    # the 51st alias is on line 3 + 50 = 53 (the anchor on 1, 'sources:' on 2)
    with pytest.raises(yaml.YAMLError) as info:
        SP.load_yaml(_aliases(51))
    assert str(info.value) == ("line 53: more than 50 aliases (*name); write the values out "
                               "instead of nesting anchors")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_aliases(51), encoding="utf-8")
    assert _file_problems(bomb) == [
        "not valid YAML: line 53: more than 50 aliases (*name); write the values out instead "
        "of nesting anchors"]


def test_yaml_duplicate_keys_are_refused(tmp_path: Path) -> None:
    text = "name: a\nedits:\n  - op: set_speed\n    mode: hsr\n    mode: rail\n"
    with pytest.raises(yaml.YAMLError) as info:
        SP.load_yaml(text)
    assert str(info.value) == ("line 5: duplicate key 'mode' (first at line 4); each key may "
                               "appear once in a mapping: delete one of them")
    top = "name: a\ntitle: t\nname: b\n"
    with pytest.raises(yaml.YAMLError, match=r"^line 3: duplicate key 'name' \(first at "
                       r"line 1\)"):
        SP.load_yaml(top)
    # the same key in two different mappings is fine; an unhashable key is YAML's own error
    assert SP.load_yaml("a: {k: 1}\nb: {k: 2}\n") == {"a": {"k": 1}, "b": {"k": 2}}
    with pytest.raises(yaml.YAMLError, match="unhashable key"):
        SP.load_yaml("? [1, 2]\n: x\n")
    # a duplicate after an unhashable key is still found (the unhashable one is skipped)
    with pytest.raises(yaml.YAMLError, match=r"^line 4: duplicate key 'a' \(first at line 3\)"):
        SP.load_yaml("? [1, 2]\n: x\na: 1\na: 2\n")


def test_shorten_text() -> None:
    assert SP.shorten_text(ValueError("abcdef"), limit=6) == "abcdef"
    assert SP.shorten_text(ValueError("abcdefg"), limit=6) == "abcdef..."
    assert SP.shorten_text(ValueError("x" * 400)) == "x" * 400
    assert SP.shorten_text(ValueError("x" * 401)) == "x" * 400 + "..."


def test_every_problem_of_a_request_with_its_key() -> None:
    probs = _problems(SP.scenario_from_dict, {
        "name": "ok", "year": 999,
        "edits": [{"op": "set_speed", "mode": "hsr", "speed_kph": -5},
                  {"op": "fly"}, {"mode": "hsr"},
                  {"op": "set_stat", "code": "A", "indicator": "population", "year": 2020},
                  {"op": "set_headway", "headway_min": 10},
                  {"op": "add_link", "link_id": "x", "from_node": "a", "to_node": "b",
                   "mode": "hsr", "length_km": 10}]}, context="request")
    assert probs[0].startswith("year: Input should be greater than or equal to ")
    assert probs[0].endswith(" (got 999)")
    assert probs[1:] == [
        "edits.0.speed_kph: Input should be greater than 0 (got -5)",
        f"edits.1: unknown op; expected one of {OPS} (got {{'op': 'fly'}})",
        f"edits.2: every edit needs 'op', one of {OPS} (got {{'mode': 'hsr'}})",
        "edits.3: Value error, give exactly one of value or factor (got {'code': 'A', "
        "'indicator': 'population', 'op': 'set_stat', 'year': 2020})",
        "edits.4: Value error, select links with link_ids, line, mode and/or status_is (got "
        "{'headway_min': 10, 'op': 'set_headway'})",
        "edits.5: Value error, give speed_kph (km/h), operating_speed_kph or minutes (got "
        + ADD_LINK_REPR[:80] + "...)"]
    # a missing field says so without a "got"; no key at all reads "-"
    assert _problems(SP.scenario_from_dict, {"edits": []}) == ["name: Field required"]
    assert _problems(SP.scenario_from_dict, ["name"], context="body") == [
        "expected a mapping with name and edits"]
    with pytest.raises(ScenarioSpecError, match=r"^1 problem\(s\) in body:"):
        SP.scenario_from_dict([], context="body")
    with pytest.raises(ScenarioSpecError, match=r"^1 problem\(s\) in scenario:"):
        SP.scenario_from_dict({"edits": []})
    assert SP._message({"loc": (), "msg": "m", "type": "missing"}) == "-: m"
    # every selector alone is enough; both value and factor are one too many
    for sel in ({"link_ids": ["l1"]}, {"line": "L1"}, {"mode": "hsr"},
                {"status_is": "planned"}):
        hw = SP.scenario_from_dict({"name": "s", "edits": [
            {"op": "set_headway", "headway_min": 10, **sel}]}).edits[0]
        assert isinstance(hw, SP.SetHeadway) and hw.headway_min == 10
    (p,) = _problems(SP.scenario_from_dict, {"name": "s", "edits": [
        {"op": "set_stat", "code": "A", "indicator": "population", "year": 2020, "value": 1,
         "factor": 2}]})
    assert "give exactly one of value or factor" in p
    for time in ({"speed_kph": 100}, {"minutes": 5}, {"operating_speed_kph": 90}):
        edit = {"op": "add_link", "link_id": "x", "from_node": "a", "to_node": "b",
                "mode": "hsr", "length_km": 10, **time}
        added = SP.scenario_from_dict({"name": "s", "edits": [edit]}).edits[0]
        assert isinstance(added, SP.AddLink) and added.link_id == "x"


def test_project_edits_from_json() -> None:
    assert SP.parse_edits("", context="p") == [] and SP.parse_edits("  \n", context="p") == []
    (p,) = _problems(SP.parse_edits, "[{", context="project p1")
    assert p.startswith("not valid JSON: Expecting ")
    with pytest.raises(ScenarioSpecError, match=r"^1 problem\(s\) in project p1:"):
        SP.parse_edits("[{", context="project p1")
    edits = SP.parse_edits('[{"op": "complete_project", "project_id": "p2"}]', context="p")
    assert [type(e).__name__ for e in edits] == ["CompleteProject"]
    assert SP.parse_edits([{"op": "set_network_year", "year": 2030}], context="p")[0].year == 2030
    probs = _problems(SP.parse_edits, [{"op": "set_network_year", "year": 3000}, {"op": "x"}],
                      context="project p1")
    assert probs[0].startswith("edits.0.year: Input should be less than or equal to ")
    assert probs[1] == f"edits.1: unknown op; expected one of {OPS} (got {{'op': 'x'}})"
    with pytest.raises(ScenarioSpecError, match=r"^1 problem\(s\) in project p2:"):
        SP.parse_edits([{"op": "x"}], context="project p2")


def test_file_problems_carry_their_lines(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("name: s\nedits:\n  - op: set_speed\n    mode: hsr\n    speed_kph: 0\n"
                 "  - op: set_stat\n    code: A\n    indicator: population\n    year: 2020\n",
                 encoding="utf-8")
    with pytest.raises(ScenarioSpecError) as info:
        load_scenario(f)
    assert info.value.problems == [
        "line 5, edits.0.speed_kph: Input should be greater than 0 (got 0)",
        "line 6, edits.1: Value error, give exactly one of value or factor (got {'code': "
        "'A', 'indicator': 'population', 'op': 'set_stat', 'year': 2020})"]
    assert str(info.value).startswith(f"2 problem(s) in {f}:")
    # a problem with no key to find gets no line
    g = tmp_path / "g.toml"
    g.write_text('title = "no name"\n', encoding="utf-8")
    assert _problems(load_scenario, g) == ["name: Field required"]


def test_the_place_of_a_syntax_error_by_hand(tmp_path: Path) -> None:
    """1-based line and column counted in the text: the ':' after ``bad`` is the 6th character
    of line 2; an unclosed quote runs to the end of the text (line 2, column 1, after the
    last newline), where the parser says what it was doing and what it found."""
    from metroscope.scenario._spec_yaml import _syntax_place

    for text, place in (
            ("name: x\n  bad: y\n", (2, 6, "mapping values are not allowed here")),
            ('name: "abc\n', (2, 1, "while scanning a quoted scalar; found unexpected end "
                                    "of stream"))):
        with pytest.raises(yaml.YAMLError) as info:
            SP.load_yaml(text)
        assert _syntax_place(info.value) == place
        f = tmp_path / "s.yaml"
        f.write_text(text, encoding="utf-8")
        (p,) = _file_problems(f)
        assert p.startswith(f"line {place[0]}, column {place[1]}: YAML syntax error; ")
        assert p.endswith(f"(parser's text: {place[2]})")
    # TOML's reason without its "(at line, column)"
    toml = tmp_path / "e.toml"
    toml.write_text("name = \n", encoding="utf-8")
    (p,) = _file_problems(toml)
    assert p.startswith("line 1, column 8: TOML syntax error; ")
    assert p.endswith("(parser's text: Invalid value)")
    # an error without a place: none is made up
    assert _syntax_place(yaml.MarkedYAMLError(problem="p")) is None
    assert _syntax_place(ValueError("no place")) is None


def test_a_recursive_anchor_is_read_as_yaml_reads_it() -> None:
    """Mappings are built as PyYAML's safe loader builds them (not deep): a mapping that holds
    itself through an anchor is one object, not an error."""
    d = SP.load_yaml("a: &x\n  b: *x\n")
    assert d["a"]["b"] is d["a"]
