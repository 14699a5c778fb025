"""A YAML or TOML syntax error of a rule or scenario file says its reason in Chinese: the
commonest complaints of PyYAML and tomllib each have a catalogue sentence, the line and
column are kept, and the English message keeps the parser's own text."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from metroscope.cli import make_app
from metroscope.messages import Message
from metroscope.scenario._parser_reasons import parser_reason
from metroscope.scenario._spec_yaml import load_yaml, syntax_problem

# three or more English words in a row (the rule of tests/test_messages.py)
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")

#: (YAML text, the reason's key, a phrase of its Chinese text, line, column)
YAML_CASES = [
    ("name: x\nkeywords: [a, b\n", "scn_parse_unclosed_sequence", "遇到的是文件结尾", 3, 1),
    ("name: x\nk: {a: 1\n", "scn_parse_unclosed_mapping", "花括号 { } 中的映射没有闭合", 3, 1),
    ("name: x\nkind keyword\nother: 1\n", "scn_parse_missing_colon", "缺少冒号", 3, 1),
    ("name: x\n  kind: y\n", "scn_parse_mapping_not_here", "缩进有误", 2, 7),
    ("a:\n  b: 1\n c: 2\n", "scn_parse_indentation", "一个新的、缩进不同的映射", 3, 2),
    ("name: x\n\tkind: y\n", "scn_parse_tab", "只能用空格缩进", 2, 1),
    ("name: 'x\nkind: y\n", "scn_parse_unclosed_quote", "引号没有闭合", 3, 1),
    ('name: "x\nkind: y\n', "scn_parse_unclosed_quote", "引号没有闭合", 3, 1),
    ("name: a: b\n", "scn_parse_mapping_not_here", "未加引号的“: ”", 1, 8),
    ("name: x\n- a\n", "scn_parse_indentation", "遇到的是'-'", 2, 1),
    ("a: *b\n", "scn_parse_undefined_alias", "别名 'b' 引用的锚点没有定义", 1, 4),
    ("a: !!python/object:os.system x\n", "scn_parse_unknown_tag", "只接受普通的值", 1, 4),
    ("a: !foo x\n", "scn_parse_unknown_tag", "不接受标签 '!foo'", 1, 4),
    ('a: "\\q"\n', "scn_parse_bad_escape", "未知的转义字符 'q'", 1, 6),
    ("a: @x\n", "scn_parse_bad_start", "值不能以字符 '@' 开头", 1, 4),
    ("a: 1\n---\nb: 2\n", "scn_parse_two_documents", "多余的“---”", 2, 1),
    ("? [a]\n: 1\n", "scn_parse_unhashable_key", "键不能是列表或映射", 1, 3),
    ("%x\na: 1\n", "scn_parse_document_start", "文件开头有无法识别的内容", 2, 1),
    ("a: |x\n b\n", "scn_parse_block_scalar", "“|”或“>”之后", 1, 5),
    ("a: &\n", "scn_parse_anchor_name", "遇到的是换行", 1, 5),
    ("- a\nb: 1\n", "scn_parse_indentation", "遇到的是'?'", 2, 1),
    ("a: ]\n", "scn_parse_missing_value", "此处缺少值", 1, 4),
]


def _yaml_error(text: str) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as info:
        load_yaml(text)
    return info.value


@pytest.mark.parametrize(("text", "key", "phrase", "line", "column"), YAML_CASES)
def test_each_common_yaml_problem_has_a_chinese_reason(text: str, key: str, phrase: str,
                                                       line: int, column: int) -> None:
    exc = _yaml_error(text)
    said = syntax_problem(exc, "YAML")
    assert said.key == "scn_err_syntax"
    assert (said.params["line"], said.params["column"]) == (line, column)
    reason = said.params["detail"]["zh"]
    assert isinstance(reason, Message) and reason.key == key
    assert phrase in said.zh, said.zh
    assert said.zh.startswith(f"第 {line} 行第 {column} 列:YAML 语法错误;")
    assert not ENGLISH.search(said.zh), said.zh
    # English: the parser's own context and problem, as before
    parts = "; ".join(str(x) for x in (exc.context, exc.problem) if x)  # type: ignore[attr-defined]
    assert said.en.endswith(f"(parser's text: {parts})")
    assert said == said.en  # the message as text is its English


@pytest.mark.parametrize(("text", "key"), [
    ("a = \n", "scn_parse_toml_value"),
    ("a 1\n", "scn_parse_toml_equals"),
    ("a = [1, 2\n", "scn_parse_unclosed_sequence_toml"),
    ("a = {b = 1\n", "scn_parse_unclosed_mapping_toml"),
    ('a = "x\n', "scn_parse_toml_character"),
    ("[[a]\n", "scn_parse_unclosed_sequence_toml"),
    ("a = 1\na = 2\n", "scn_parse_toml_twice"),
    ("a = 1 b = 2\n", "scn_parse_toml_newline"),
])
def test_common_toml_problems_have_a_chinese_reason(text: str, key: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(text)
    said = syntax_problem(info.value, "TOML")
    assert said.params["detail"]["zh"].key == key
    # with the place when tomllib gives a line and column (not for "at end of document")
    assert (said.zh.startswith("第 ") and "TOML 语法错误" in said.zh) \
        or said.zh.startswith("不是有效的 TOML:")
    assert not ENGLISH.search(said.zh), said.zh
    assert said.params["detail"]["en"] in str(info.value)


def test_an_unknown_reason_points_to_the_english_message() -> None:
    other = parser_reason("while doing something new; found a surprise")
    assert other.key == "scn_parse_other" and "--lang en" in other.zh
    assert not ENGLISH.search(other.zh)


def test_a_control_character_is_named_with_its_position() -> None:
    said = syntax_problem(_yaml_error("a: \x00\n"), "YAML")
    assert said.key == "scn_err_not_valid_format"
    assert said.zh == "不是有效的 YAML:文件中第 4 个字符处有不允许的字符 #x0000(如 NUL 等控制字符):请删去它"
    assert said.en == ("not valid YAML: a character that is not allowed, #x0000, at position 4 "
                       "of the file (a control character such as NUL): remove it")


def test_the_message_survives_json_and_pickle() -> None:
    import pickle

    said = syntax_problem(_yaml_error("name: x\nkeywords: [a, b\n"), "YAML")
    for again in (Message.from_json(said.to_json()), pickle.loads(pickle.dumps(said))):
        assert isinstance(again, Message) and again.zh == said.zh and again == said


def run(*args: str) -> Any:
    argv = list(args)
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "300"})


def test_rule_and_scenario_files_in_chinese(tmp_path: Path) -> None:
    rule = tmp_path / "rule.yaml"
    rule.write_text("name: hsr\nkind: keyword\nkeywords: [高铁, 长四\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    zh = run("monitor", "rules", "add", "--file", str(rule), "--db", db, "--lang", "zh")
    assert zh.exit_code != 0
    assert zh.output.splitlines()[1].strip() == (
        "- 第 4 行第 1 列:YAML 语法错误;请检查该行及其上一行的缩进、冒号、引号和括号(解析器提示:"
        "方括号 [ ] 中的列表没有闭合,或其中的值之间缺少逗号;解析器在此遇到的是文件结尾)")
    assert not ENGLISH.search(zh.output.replace(str(tmp_path), "")), zh.output
    en = run("monitor", "rules", "add", "--file", str(rule), "--db", db, "--lang", "en")
    assert "but got '<stream end>'" in en.output
    spec = tmp_path / "s.yaml"
    spec.write_text("name: x\nedits:\n  - op: a\n b: 2\n", encoding="utf-8")
    zh = run("scenario", "compare", str(spec), "--lang", "zh")
    assert "第 4 行第 2 列:YAML 语法错误" in zh.output
    assert "缩进与上文不一致" in zh.output
    assert not ENGLISH.search(zh.output.replace(str(tmp_path), "")), zh.output
