"""The one zh/en message catalogue of metroscope, shared by the analyses, the CLI and the report.

Every label, note and message a reader sees is a catalogue key with a Chinese and an English
template (``str.format`` fields). Analyses do not write sentences: they return
``Message(key, **params)``, which *is* a ``str`` (its English text, so logs, tests and
``"; ".join(notes)`` keep working) and also renders in either language::

    >>> from metroscope.messages import Message
    >>> m = Message("net_origin_routed", origin="220100", route="220104")
    >>> str(m)
    'origin 220100 routed through 220104'
    >>> m.zh
    '起点 220100 经由 220104 接入路网'

Parameters that are lists are joined per language (``、`` in Chinese, ``, `` in English);
a parameter that is itself a :class:`Message` renders in the same language.

Adding a message: put ``"key": ("中文模板", "English template")`` in the topic file
(``report.py`` for the report's page furniture, ``web.py`` for the web dashboard, ``weberrors.py`` for its error pages,
``areas.py`` for the national metropolitan-area comparison, ``screen.py`` for the opportunity
screen, ``notes.py`` for notes of analyses (``notes_indicators.py`` for the indicators', ``labels.py`` for
source lines), ``errors.py`` for the library's error messages (with ``errors_flows.py``,
``errors_indicators.py`` and ``errors_monitor.py``),
``scenarios.py`` for problems of scenario specs, ``validation.py`` for the problems
of a user's tables, ``columns.py`` for the headers of table columns (:func:`column_label`); a
new topic file is added to ``_TOPICS`` below). Keys are snake_case with a topic prefix
(``net_``, ``ind_``, ``scn_``, ``ov_``, ``src_``...); both templates take the same fields.
``tests/test_messages.py`` checks every key: both languages present, same fields, no English
words in the Chinese template. This module imports nothing from metroscope, so any module
(analyses included) may import it without importing the report or the CLI.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from typing import Any, Final

from .areas import AREAS
from .cli import CLI
from .columns import COLUMNS
from .errors import ERRORS
from .notes import NOTES
from .report import REPORT
from .scenarios import SCENARIOS
from .screen import SCREEN
from .validation import VALIDATION
from .web import WEB
from .weberrors import WEB_ERRORS

_TOPICS: Final = (REPORT, AREAS, WEB, WEB_ERRORS, NOTES, SCREEN, CLI, ERRORS, SCENARIOS,
                  VALIDATION, COLUMNS)
CATALOGUE: Final[dict[str, tuple[str, str]]] = {k: v for t in _TOPICS for k, v in t.items()}
LANGS: Final = ("zh", "en")
_SEP: Final = {"zh": "、", "en": ", "}


def fields(template: str) -> set[str]:
    """The ``str.format`` field names of ``template``.

    Raises
    ------
    ValueError
        From :class:`string.Formatter` when ``template`` is malformed (e.g. an unmatched
        brace).

    Examples
    --------
    >>> sorted(fields("{a} of {b:.1f}"))
    ['a', 'b']
    """
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f}


def _value(v: Any, lang: str) -> Any:
    if isinstance(v, Message):
        return v.get(lang)
    if isinstance(v, dict) and set(v) == set(LANGS):  # a value given in both languages
        return _value(v[lang], lang)
    if isinstance(v, (list, tuple, set)):
        return _SEP[lang].join(str(_value(x, lang)) for x in v)
    return v


def render(key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
    """The message ``key`` in ``lang`` (``zh`` or ``en``) with ``params`` filled in.

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`CATALOGUE` (names the key and where to add it).

    Examples
    --------
    >>> render("net_origin_routed", "en", {"origin": "220102", "route": "220100"})
    'origin 220102 routed through 220100'
    """
    try:
        zh, en = CATALOGUE[key]
    except KeyError:
        msg = (f"No message {key!r}; add it to metroscope/messages/ (notes.py for notes of "
               "analyses, report.py for the report).")
        raise KeyError(msg) from None
    template = zh if lang == "zh" else en
    return template.format(**{k: _value(v, lang) for k, v in (params or {}).items()})


class Message(str):
    """A catalogue message with its parameters; as a ``str`` it is the English text.

    ``zh`` and ``en`` (or ``get(lang)``) render it in a language. It survives ``copy``,
    ``pickle`` and JSON (:meth:`to_json`, :meth:`from_json`), so it can travel in
    ``DataFrame.attrs`` and in caches.
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Message:
        self = super().__new__(cls, render(key, "en", params))
        self.key = key
        self.params = dict(params)
        return self

    def get(self, lang: str) -> str:
        """The message in ``lang`` (``zh`` or ``en``).

        Raises
        ------
        KeyError
            When the template in ``lang`` names a parameter the message does not carry.

        Examples
        --------
        >>> m = Message("net_origin_routed", origin="220102", route="220100")
        >>> m.get("en"), m.get("zh")
        ('origin 220102 routed through 220100', '起点 220102 经由 220100 接入路网')
        """
        return render(self.key, lang, self.params)

    @property
    def zh(self) -> str:
        """The Chinese text."""
        return self.get("zh")

    @property
    def en(self) -> str:
        """The English text."""
        return self.get("en")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, self.params))

    def to_json(self) -> str:
        """``{"key": ..., "params": ...}`` as JSON (lists and messages in params kept).

        Raises
        ------
        Nothing of its own; ``TypeError`` from :mod:`json` if a parameter cannot be written
        as JSON.

        Examples
        --------
        >>> Message("net_origin_routed", origin="220102", route="220100").to_json()
        '{"key": "net_origin_routed", "params": {"origin": "220102", "route": "220100"}}'
        """
        return json.dumps({"key": self.key, "params": _plain(self.params)}, ensure_ascii=False)

    @staticmethod
    def from_json(text: str) -> Message | str:
        """The message :meth:`to_json` wrote; any other text is returned unchanged.

        Raises
        ------
        KeyError
            When the JSON names a catalogue key (or a nested message) but lacks a parameter its
            template needs. Text that is not a catalogue message is returned unchanged.

        Examples
        --------
        >>> Message.from_json('{"key": "net_origin_routed", "params": {"origin": "A", "route": "B"}}').get("en")
        'origin A routed through B'
        >>> Message.from_json("plain text")
        'plain text'
        """
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            return text
        if not isinstance(data, dict) or data.get("key") not in CATALOGUE:
            return text
        return Message(data["key"], **_revive(data.get("params") or {}))


def _rebuild(key: str, params: dict[str, Any]) -> Message:
    return Message(key, **params)


def _plain(v: Any) -> Any:
    if isinstance(v, Message):
        return {"__message__": v.key, "params": _plain(v.params)}
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [_plain(x) for x in v]
    return v


def _revive(v: Any) -> Any:
    if isinstance(v, dict) and "__message__" in v:
        return Message(v["__message__"], **_revive(v.get("params") or {}))
    if isinstance(v, dict):
        return {k: _revive(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_revive(x) for x in v]
    return v


def from_record(value: Any) -> Message | str:
    """A message stored as data, ``{"key": ..., "params": {...}}`` (e.g. a note in a dataset's
    ``region.toml``), as a :class:`Message`; anything else as its text (a plain note of an
    older dataset or of the user's, a key not in the catalogue, parameters that do not fit
    its templates).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from_record({"key": "net_estimated_roads", "params": {"detour": 1.3, "speed": 60.0}}).zh[:9]
    '全国数据的路网:仅'
    >>> from_record("a note of the user's")
    "a note of the user's"
    """
    if isinstance(value, Mapping) and value.get("key") in CATALOGUE:
        params = value.get("params") or {}
        zh, en = CATALOGUE[value["key"]]
        if isinstance(params, Mapping) and fields(zh) | fields(en) <= set(params):
            try:
                return Message(str(value["key"]), **_revive(dict(params)))
            except (KeyError, ValueError, TypeError):  # a value that its format spec refuses
                pass
    return str(value)


def text(note: Any, lang: str) -> str:
    """Any note in ``lang``: a :class:`Message` rendered, anything else as written.

    Raises
    ------
    KeyError
        From :meth:`Message.get` when the template in ``lang`` names a parameter the message
        does not carry; any other note is only converted to ``str``.

    Examples
    --------
    >>> text(Message("net_origin_routed", origin="220102", route="220100"), "zh")
    '起点 220102 经由 220100 接入路网'
    >>> text("as written", "en")
    'as written'
    """
    return note.get(lang) if isinstance(note, Message) else str(note)


#: a field name made of another one and a suffix: the header says the other's and the suffix's
_SUFFIXES: Final = ("_delta", "_base", "_scenario", "_name_zh")


def column_label(name: str, lang: str) -> str:
    """The header of the table field ``name`` in ``lang``: the catalogue's ``col_<name>``
    (``daily_<τ>`` reads "mass within τ min"; ``<field>_delta``, ``_base``, ``_scenario``
    and ``_name_zh`` say the field's header and what the suffix means), else the label of a
    registered measure (:func:`metroscope.measures.label`), else ``name`` itself. Tables
    shown to a reader use it; machine-readable outputs keep the field names.

    Raises
    ------
    Nothing; an unknown name is returned unchanged.

    Examples
    --------
    >>> column_label("travel_time_min", "zh"), column_label("potential_delta", "zh")
    ('出行时间(分钟)', '潜力可达性变化')
    >>> column_label("population", "zh"), column_label("no_such_field", "zh")
    ('常住人口', 'no_such_field')
    """
    import re

    if f"col_{name}" in CATALOGUE:
        return render(f"col_{name}", lang)
    daily = re.fullmatch(r"daily_(\d+(?:\.\d+)?)", name)
    if daily:
        return render("col_daily", lang, {"minutes": daily.group(1)})
    for suffix in _SUFFIXES:
        base = name[:-len(suffix)]
        if name.endswith(suffix) and base and column_label(base, lang) != base:
            return render(f"col_suffix{suffix}", lang, {"name": column_label(base, lang)})
    from ..measures import INDUSTRIES, MEASURES, label  # a module without imports of its own

    industries = {key: {"zh": zh, "en": en} for key, zh, en in INDUSTRIES}
    if name in industries:  # a census industry (a column of the industry tables)
        return industries[name][lang]
    if name.startswith("lq_") and name[3:] in industries:
        return render("col_lq_of", lang, {"name": industries[name[3:]][lang]})
    return label(name, lang) if name in MEASURES else name


def untranslated(name: str) -> Message:
    """A proper name that has no English form in the data (a rail line's ``line`` without a
    ``line_en``): the Chinese name as it is in Chinese, marked as untranslated in English
    (no name is invented).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> m = untranslated("长白快速铁路")
    >>> m.zh, m.en
    ('长白快速铁路', '长白快速铁路 (Chinese name; no English name in the data)')
    """
    return Message("name_untranslated", name=name)


__all__ = ["CATALOGUE", "LANGS", "Message", "column_label", "fields", "from_record", "render",
           "text", "untranslated"]
