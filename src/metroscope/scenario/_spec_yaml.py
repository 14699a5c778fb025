"""Reading a scenario file's text safely: YAML without duplicate keys or alias bombs, the
size limit, and the place of a syntax error (the file half of :mod:`.spec`, which re-exports
:func:`load_yaml` and :func:`shorten_text`).
"""

from __future__ import annotations

from typing import Any

import yaml

from .._errors import shorten
from ..messages import Message

__all__ = ["MAX_SPEC_BYTES", "MAX_YAML_ALIASES", "load_yaml", "shorten_text", "syntax_problem"]

#: Limits of a scenario file: a spec is a few kB; these stop hostile input (an "alias bomb"
#: whose anchors expand to billions of nodes, or a huge file) before it costs memory.
MAX_SPEC_BYTES = 1_000_000
MAX_YAML_ALIASES = 50


class _SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses duplicate keys and more than ``MAX_YAML_ALIASES``
    aliases (``*ref``)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                msg = Message("scn_err_yaml_aliases", line=mark.line + 1, limit=MAX_YAML_ALIASES)
                raise yaml.YAMLError(msg)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: let the base class report it
                continue
            if first is not None:
                msg = Message("scn_err_yaml_duplicate_key", line=line, key=shorten(key),
                              first=first)
                raise yaml.YAMLError(msg)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse YAML safely: no duplicate keys, at most ``MAX_YAML_ALIASES`` aliases.

    Raises
    ------
    yaml.YAMLError
        For malformed YAML, a duplicate key or too many aliases (the message has the line).

    Examples
    --------
    >>> load_yaml("name: x\\nedits: []")
    {'name': 'x', 'edits': []}
    """
    return yaml.load(text, Loader=_SafeLoader)


def _syntax_place(exc: BaseException) -> tuple[int, int, str] | None:
    """Line and column (1-based) of a YAML or TOML syntax error and the parser's own reason
    without its copy of the text (``None`` when the parser gave no place)."""
    import re

    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        said = "; ".join(str(x) for x in (exc.context, exc.problem) if x)
        return mark.line + 1, mark.column + 1, said
    m = re.search(r"^(.*?)\s*\(at line (\d+), column (\d+)\)\s*$", str(exc))
    if m is not None:
        return int(m.group(2)), int(m.group(3)), m.group(1)
    return None


def syntax_problem(exc: BaseException, fmt: str) -> Message:
    """What a YAML or TOML parser's error ``exc`` says, as a catalogue message: a limit of
    :func:`load_yaml` (a duplicate key, too many aliases) as it is; a syntax error with its
    line and column (``scn_err_syntax``, the parser's text kept without its copy of the file);
    anything else as "not valid YAML" with the parser's text. The scenario files and the
    monitor's rule files say their problems through it.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> try:
    ...     load_yaml("name: x\\nedits: [\\n")
    ... except yaml.YAMLError as exc:
    ...     said = syntax_problem(exc, "YAML")
    >>> said.zh[:20]
    '第 3 行第 1 列:YAML 语法错误'
    >>> said.params["detail"]["zh"].zh
    '此处缺少值;解析器在此遇到的是文件结尾'
    >>> said.params["detail"]["en"]
    "while parsing a flow node; expected the node content, but found '<stream end>'"
    """
    from ._parser_reasons import parser_reason

    said = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else None
    if said is None:
        at = _syntax_place(exc)
        if at is not None:  # in English the parser's own text, in Chinese its kind
            line, column, detail = at
            return Message("scn_err_syntax", fmt=fmt, line=line, column=column,
                           detail={"zh": parser_reason(detail), "en": detail})
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
            char = f"#x{exc.character:04x}" if isinstance(exc.character, int) \
                else repr(exc.character)
            return Message("scn_err_not_valid_format", fmt=fmt, detail=Message(
                "scn_parse_bad_character", position=exc.position + 1, char=char))
        return Message("scn_err_not_valid_format", fmt=fmt,
                       detail={"zh": parser_reason(str(exc)), "en": shorten_text(exc)})
    return Message("scn_err_not_valid_format", fmt=fmt, detail=said)


def shorten_text(exc: BaseException, limit: int = 400) -> str:
    """The message of ``exc`` cut to ``limit`` characters (``...`` marks a cut).

    Raises
    ------
    Nothing of its own; whatever ``str(exc)`` raises propagates.

    Examples
    --------
    >>> shorten_text(ValueError("x" * 50), limit=10)
    'xxxxxxxxxx...'
    """
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + "..."
