"""The report's view of the one zh/en message catalogue (:mod:`metroscope.messages`).

Section builders and templates look strings up by key with :func:`t`; notes of analyses
(:class:`~metroscope.messages.Message`) become :class:`Text` with :func:`note`; labels of
statistics come from :mod:`metroscope.measures`. A test checks that every key has both
languages. New strings go to the topic files of ``metroscope/messages/`` (``report.py`` report
furniture, ``web.py`` web pages, ``areas.py`` the national areas, ``notes.py`` notes of
analyses), not here.
"""

from __future__ import annotations

from typing import Final

from ..messages import CATALOGUE, Message
from .context import Text

STRINGS: Final[dict[str, tuple[str, str]]] = CATALOGUE  # the one catalogue (metroscope.messages)


def t(key: str) -> Text:
    """The string ``key`` in both languages.

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`STRINGS` (names the key).
    """
    try:
        zh, en = STRINGS[key]
    except KeyError:
        msg = f"No report string {key!r}; add it to a topic file of metroscope/messages/ (report.py, web.py, areas.py)."
        raise KeyError(msg) from None
    return Text(zh, en)


def tf(key: str, **values: object) -> Text:
    """The string ``key`` with ``str.format`` fields filled in both languages (a :class:`Text`
    value fills each language with its own string)."""
    base = t(key)
    zh = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
    en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
    return Text(base.zh.format(**zh), base.en.format(**en))


def role(role_name: str) -> Text:
    """Label of a unit role (core, member, partial, context)."""
    return t(f"role_{role_name}") if f"role_{role_name}" in STRINGS else Text.same(role_name)


def status(status_name: str) -> Text:
    """Label of a link or project status."""
    key = f"status_{status_name}"
    return t(key) if key in STRINGS else Text.same(status_name)


def source_kind(kind: str) -> Text:
    """Label of a kind of source (a key of :data:`metroscope.sources.KINDS`)."""
    key = f"kind_{kind}"
    return t(key) if key in STRINGS else Text.same(kind)


def measure(name: str) -> Text:
    """Label of a registered statistic (the raw name when unregistered)."""
    from ..measures import label

    return Text(label(name, "zh"), label(name, "en"))


def note(n: object) -> Text:
    """A note of an analysis in both languages.

    A :class:`~metroscope.messages.Message` renders in each language; any other note (text an
    analysis wrote without the catalogue) is shown as written in English and, in Chinese, only
    as a pointer to the method details (so no English sentence reaches the Chinese page).
    """
    if isinstance(n, Message):
        return Text(n.zh, n.en)
    return Text(t("src_not_translated").zh, str(n))


def is_translated(n: object) -> bool:
    """True for a catalogue message (a note that reads in both languages)."""
    return isinstance(n, Message)
