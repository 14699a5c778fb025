"""The reason a YAML or TOML parser gives for a syntax error, as a catalogue message: PyYAML's
and tomllib's commonest complaints (an unclosed bracket or quote, a missing colon, a bad
indentation, a tab, an unknown tag...) have a sentence in each language; any other reason
says that the parser's own (English) text is in the English message. The scenario files and
the monitor's rule files show it after the line and column of the error
(:func:`metroscope.scenario._spec_yaml.syntax_problem`).
"""

from __future__ import annotations

import re
from typing import Final

from ..messages import Message

__all__ = ["parser_reason"]

#: PyYAML's names of the tokens it found, as catalogue keys (a character is shown as written)
_TOKENS: Final = {
    "'<stream end>'": "scn_token_stream_end",
    "'<block end>'": "scn_token_block_end",
    "'<block mapping start>'": "scn_token_block_mapping",
    "'<block sequence start>'": "scn_token_block_sequence",
    "'<scalar>'": "scn_token_scalar",
    "'<alias>'": "scn_token_alias",
    "'<anchor>'": "scn_token_anchor",
    "'<tag>'": "scn_token_tag",
    "'<document start>'": "scn_token_document_start",
    "'<document end>'": "scn_token_document_end",
    "'\\n'": "scn_token_newline",
    "'\\t'": "scn_token_tab",
    "' '": "scn_token_space",
}

#: (pattern searched in the parser's text, key); a named group ``found`` (a token or a
#: character), ``name`` or ``char`` becomes the message's parameter of that name
_REASONS: Final = (
    # YAML (PyYAML: scanner, parser, composer, constructor)
    (r"expected ',' or '\]', but got (?P<found>.+)$", "scn_parse_unclosed_sequence"),
    (r"expected ',' or '\}', but got (?P<found>.+)$", "scn_parse_unclosed_mapping"),
    (r"quoted scalar; found unexpected end of stream", "scn_parse_unclosed_quote"),
    (r"found unexpected end of stream", "scn_parse_unexpected_end"),
    (r"could not find expected ':'", "scn_parse_missing_colon"),
    (r"mapping values are not allowed here", "scn_parse_mapping_not_here"),
    (r"expected <block end>, but found (?P<found>.+)$", "scn_parse_indentation"),
    (r"found character '\\t' that cannot start any token", "scn_parse_tab"),
    (r"found character (?P<char>.+) that cannot start any token", "scn_parse_bad_start"),
    (r"expected the node content, but found (?P<found>.+)$", "scn_parse_missing_value"),
    (r"found undefined alias (?P<name>.+)$", "scn_parse_undefined_alias"),
    (r"could not determine a constructor for the tag (?P<name>.+)$", "scn_parse_unknown_tag"),
    (r"found unknown escape character (?P<char>.+)$", "scn_parse_bad_escape"),
    (r"but found another document", "scn_parse_two_documents"),
    (r"found unhashable key", "scn_parse_unhashable_key"),
    (r"expected '<document start>', but found (?P<found>.+)$", "scn_parse_document_start"),
    (r"expected chomping or indentation indicators, but found (?P<found>.+)$",
     "scn_parse_block_scalar"),
    (r"expected alphabetic or numeric character, but found (?P<found>.+)$",
     "scn_parse_anchor_name"),
    # TOML (tomllib)
    (r"^Expected '=' after a key in a key/value pair", "scn_parse_toml_equals"),
    (r"^Invalid value", "scn_parse_toml_value"),
    (r"^Unclosed array|^Expected ']]' at the end", "scn_parse_unclosed_sequence_toml"),
    (r"^Unclosed inline table", "scn_parse_unclosed_mapping_toml"),
    (r"^Unterminated string", "scn_parse_unclosed_quote"),
    (r"^Cannot overwrite a value|^Cannot declare .* twice", "scn_parse_toml_twice"),
    (r"^Expected newline or end of document after a statement", "scn_parse_toml_newline"),
    (r"^Invalid statement", "scn_parse_toml_statement"),
    (r"^Illegal character (?P<char>.+)$", "scn_parse_toml_character"),
)


def _token(found: str) -> Message | str:
    key = _TOKENS.get(found.strip())
    return Message(key) if key else found.strip()


def parser_reason(text: str) -> Message:
    """The parser's reason ``text`` (PyYAML's "context; problem", tomllib's message without
    its place) as a catalogue message; ``scn_parse_other`` when it is not a known kind.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> parser_reason("while parsing a flow sequence; expected ',' or ']', but got '<stream end>'").zh
    '方括号 [ ] 中的列表没有闭合,或其中的值之间缺少逗号;解析器在此遇到的是文件结尾'
    >>> parser_reason("something new").key
    'scn_parse_other'
    """
    for pattern, key in _REASONS:
        m = re.search(pattern, text)
        if m is not None:
            params = {k: _token(v) if k == "found" else v.strip()
                      for k, v in m.groupdict().items()}
            return Message(key, **params)
    return Message("scn_parse_other")
