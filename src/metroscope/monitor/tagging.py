"""Tagging items: jieba tokens, the region's units, its projects, and topics.

- Tokens: jieba's dictionary and algorithm, run by rjieba (jieba-rs; its default dictionary
  splits 国家发展改革委, 都市圈, 长四辽通 ...: the shipped ``data/userdict.txt`` and every unit
  and project name are added as words). The tokens of
  jieba's search mode (which adds the words inside longer ones: 长白高铁 → 长白, 高铁) are
  stored with each item so that full-text search finds 2-character words such as 高铁, which
  SQLite's trigram tokenizer cannot (MONITOR.md §6).
- Units: full names (长春市) and, for prefectures and county-level cities and counties, short
  names (长春, 梅河口, 伊通) matched as whole tokens; English names of prefectures on word
  boundaries. Districts keep their full names only and count only when their city is named
  too (朝阳区 is also a district of Beijing).
- Projects: names and aliases as substrings, else fuzzy (rapidfuzz ``partial_ratio`` >= 85 for
  names of at least 4 characters), in Chinese and English.
- Topics: keyword sets in ``data/topics.toml``, matched as tokens or as one of the two
  dictionary words (each of two characters or more) that a compound token is made of
  (汽车产业 = 汽车 + 产业).
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .names import (
    ProjectRef,
    district_parents,
    project_refs,
    shared_city_names,
    short_name,
    unit_name_map,
)
from .segment import DATA_DIR, USER_DICT, jieba_pieces, tokenizer_with

if TYPE_CHECKING:

    from ..region import Region

logger = logging.getLogger(__name__)

__all__ = ["FUZZY_CUTOFF", "USER_DICT", "ProjectRef", "Tagger", "Tagging", "district_parents", "language_of",
           "load_topics", "project_refs", "shared_city_names", "short_name", "unit_name_map"]

TOPICS_FILE = DATA_DIR / "topics.toml"
FUZZY_CUTOFF = 85.0
_CJK = re.compile(r"[\u3400-\u9fff]")


def language_of(text: str) -> str:
    """``zh`` when at least 20 % of the letters are CJK characters, else ``en``.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> language_of("长春至四平高铁开工"), language_of("Changchun opens a new line")
    ('zh', 'en')
    """
    letters = sum(map(str.isalpha, text))
    cjk = sum(map(str.isalpha, "".join(_CJK.findall(text))))
    if not letters:
        return "zh"
    return "zh" if cjk / letters >= 0.2 else "en"


@dataclass(frozen=True)
class Tagging:
    """The result of tagging one text."""

    language: str
    tokens: list[str]
    index_tokens: list[str]
    tags: list[str]
    units: list[str]
    projects: list[str]


def load_topics(path: Path = TOPICS_FILE) -> dict[str, tuple[list[str], list[str]]]:
    """Topic keyword sets ``{topic: (zh words, en words)}`` from a TOML file.

    Raises
    ------
    OSError
        When the file cannot be read.
    tomllib.TOMLDecodeError
        When the file is not valid TOML.

    Examples
    --------
    >>> topics = load_topics()
    >>> sorted(topics)[:4]
    ['automotive', 'data_release', 'health_agrifood', 'investment']
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: (list(v.get("zh", [])), [w.lower() for w in v.get("en", [])])
            for k, v in data.items()}


@dataclass
class Tagger:
    """Tags texts with units, projects and topics of one region.

    Parameters
    ----------
    unit_names
        ``{name: code}`` (Chinese full and short names, English names).
    projects
        The projects to look for.
    topics
        ``{topic: (zh words, en words)}``; default :func:`load_topics`.
    shared_city_names
        ``{short name: city code}`` of the short names a province shares with one of its
        prefecture-level cities (吉林: the province 220000 in ``unit_names``, the city
        220200 here); see :meth:`match_units`.
    prefecture_codes
        Codes of the prefecture-level units (the neighbours that make a bare shared name a
        city).
    """

    unit_names: dict[str, str] = field(default_factory=dict)
    projects: Sequence[ProjectRef] = ()
    district_parents: dict[str, str] = field(default_factory=dict)
    topics: dict[str, tuple[list[str], list[str]]] = field(default_factory=load_topics)
    shared_city_names: dict[str, str] = field(default_factory=dict)
    prefecture_codes: frozenset[str] = frozenset()

    @classmethod
    def from_region(cls, region: Region | None,
                    projects: Iterable[ProjectRef] | None = None) -> Tagger:
        """A tagger for ``region``'s units and ``projects`` (default: the region's projects).

        Raises
        ------
        Nothing for a validated Region.

        Examples
        --------
        >>> tagger = Tagger.from_region(region)
        >>> len(tagger.projects)
        3
        """
        names: dict[str, str] = {}
        parents: dict[str, str] = {}
        shared: dict[str, str] = {}
        prefectures: frozenset[str] = frozenset()
        if region is not None:
            names = unit_name_map(region.units)
            parents = district_parents(region.units)
            shared = shared_city_names(region.units)
            rows = region.units.reset_index()
            prefectures = frozenset(rows.loc[rows["level"] == "prefecture", "code"].astype(str))
            if projects is None:
                projects = project_refs(region.projects)
        return cls(unit_names=names, projects=tuple(projects or ()), district_parents=parents,
                   shared_city_names=shared, prefecture_codes=prefectures)

    @cached_property
    def _jieba(self) -> Any:
        words: dict[str, int] = {}  # a later frequency replaces an earlier one, as add_word
        for word in [*self.unit_names, *(n for p in self.projects for n in p.names)]:
            if _CJK.search(word):
                words[word] = 2000
        for zh, _ in self.topics.values():
            for word in zh:
                if _CJK.search(word) and len(word) > 1:
                    words[word] = 1500
        return tokenizer_with(words)

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text``: jieba words (lower-cased), without spaces and punctuation.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> Tagger.from_region(region).tokenize("长四辽通高铁开工, HSR works began")
        ['长四辽通高铁', '开工', 'hsr', 'works', 'began']
        """
        tok = self._jieba
        out = []
        for word in tok.cut(text or "", True):
            if word.isalnum():  # Han or ASCII/other letters and digits only: one token
                out.append(word.lower())
                continue
            if len(word) == 1:  # a space or a punctuation mark
                continue
            for w in jieba_pieces(word, tok.has_word):
                if w.strip() and any(c.isalnum() for c in w):
                    out.append(w.lower())
        return out

    def index_tokens(self, tokens: Sequence[str]) -> list[str]:
        """Tokens to index for search: ``tokens`` plus the dictionary words of 2 and 3
        characters inside longer ones (长白高铁 → 长白, 高铁), as jieba's search mode does, so
        that a search for 高铁 finds it.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> tagger = Tagger.from_region(region)
        >>> tagger.index_tokens(["长春市", "高铁"])
        ['长春', '长春市', '高铁']
        """
        cache = self._inner_words
        out: list[str] = []
        for w in tokens:
            if len(w) > 2:
                inner = cache.get(w)
                if inner is None:
                    if len(cache) >= 100_000:  # words repeat (Zipf): a bounded memo
                        cache.clear()
                    inner = cache[w] = self._words_inside(w)
                out += inner
            out.append(w)
        return out

    @cached_property
    def _inner_words(self) -> dict[str, list[str]]:
        return {}

    def _words_inside(self, w: str) -> list[str]:
        has_word = self._jieba.has_word
        out: list[str] = []
        for n in (2, 3):
            if len(w) > n:
                out += [w[i:i + n] for i in range(len(w) - n + 1) if has_word(w[i:i + n])]
        return out

    @cached_property
    def _english_units(self) -> re.Pattern[str] | None:
        names = sorted((n.lower() for n in self.unit_names if not _CJK.search(n)), key=len,
                       reverse=True)
        return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None

    @cached_property
    def _english_topics(self) -> dict[str, re.Pattern[str]]:
        return {t: re.compile(r"\b(?:" + "|".join(map(re.escape, en)) + r")\b")
                for t, (_, en) in self.topics.items() if en}

    @cached_property
    def _unit_lookup(self) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
        """``({Chinese name: (rank, code)}, {lower-case English name: (rank, code)})``, rank
        being the name's position in ``unit_names`` (first name wins for the order)."""
        zh: dict[str, tuple[int, str]] = {}
        en: dict[str, tuple[int, str]] = {}
        for rank, (n, c) in enumerate(self.unit_names.items()):
            if _CJK.search(n):
                zh.setdefault(n, (rank, c))
            else:
                en.setdefault(n.lower(), (rank, c))
        return zh, en

    @cached_property
    def _topic_words(self) -> list[tuple[str, frozenset[str]]]:
        return [(t, frozenset(w.lower() for w in zh)) for t, (zh, _) in self.topics.items()]

    @cached_property
    def _project_names(self) -> list[tuple[str, list[tuple[str, list[tuple[str, int]]]]]]:
        """``(project id, [(lower-case name, [(character, count)])])``."""
        out = []
        for p in self.projects:
            names = []
            for n in (x.lower() for x in p.names):
                counts: dict[str, int] = {}
                for c in n:
                    counts[c] = counts.get(c, 0) + 1
                names.append((n, list(counts.items())))
            out.append((p.project_id, names))
        return out

    @cached_property
    def _city_neighbours(self) -> re.Pattern[str] | None:
        """A bare shared name (吉林) in a list with another prefecture-level city's Chinese
        name: 长春、吉林, 吉林和四平, 吉林至长春."""
        names = sorted((n for n, c in self.unit_names.items() if _CJK.search(n)
                        and c in self.prefecture_codes and n not in self.shared_city_names),
                       key=len, reverse=True)
        if not names or not self.shared_city_names:
            return None
        other = "|".join(map(re.escape, names))
        shared = "|".join(map(re.escape, sorted(self.shared_city_names, key=len, reverse=True)))
        sep = r"\s*[、,，和与及同至到~～—–-]\s*"
        return re.compile(rf"(?:{other}){sep}(?P<a>{shared})(?![省市])"
                          rf"|(?P<b>{shared})(?![省市]){sep}(?:{other})")

    def _shared_name_codes(self, name: str, text: str) -> list[tuple[int, str]]:
        """``(rank, code)`` of what each bare ``name`` (吉林, not 吉林省) in ``text`` means:
        the city when 市 follows (吉林市委, which jieba splits as 吉林 + 市委; not 市场, market) or when it is
        listed with another prefecture-level city (长春、吉林、四平; 吉林至长春), else the
        province (news usage: 吉林 alone mostly means the province; ambiguous)."""
        zh, _ = self._unit_lookup
        province = zh[name]
        city = (province[0], self.shared_city_names[name])  # listed where the province is
        pattern = self._city_neighbours
        in_list = set()
        if pattern is not None:
            for m in pattern.finditer(text):
                in_list.add(m.start("a") if m.group("a") else m.start("b"))
        out = []
        for m in re.finditer(re.escape(name), text):
            after = text[m.end():m.end() + 2]
            if after[:1] == "省":
                continue  # the full name, a token of its own
            # 市 makes it the city (吉林市委), except in 市场 (market: 吉林市场监管 is provincial)
            city_follows = after[:1] == "市" and after != "市场"
            out.append(city if city_follows or m.start() in in_list else province)
        return out or [province]

    def match_units(self, tokens: Sequence[str], text: str) -> list[str]:
        """Codes of the units named in the text (Chinese by token, English by word).

        A short name that a province shares with one of its cities (吉林) is read by a rule:
        吉林省 is the province, 吉林市 the city; a bare 吉林 is the city when 市 follows it
        (吉林市委, split by jieba as 吉林 + 市委) or when it stands in a list with another
        prefecture-level city's Chinese name (长春、吉林、四平; 吉林和长春; 吉林至长春), and
        otherwise the province (吉林发布…: news usage, but ambiguous: a text meaning the city
        that names it bare and alone is tagged with the province).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> tagger = Tagger.from_region(region)
        >>> text = "长春和吉林联合发布; Siping joins"  # 吉林 listed with a city: the city
        >>> tagger.match_units(tagger.tokenize(text), text)
        ['220200', '220100', '220300']
        >>> text = "吉林发布新政"  # bare and alone: the province
        >>> tagger.match_units(tagger.tokenize(text), text)
        ['220000']
        """
        zh, en = self._unit_lookup
        hits = [zh[t] for t in set(tokens) if t in zh and t not in self.shared_city_names]
        for name in self.shared_city_names:
            if name in zh and name in tokens:
                hits += self._shared_name_codes(name, text)
        if self._english_units is not None:
            hits += [en[m.group(1)] for m in self._english_units.finditer(text.lower())
                     if m.group(1) in en]
        found = list(dict.fromkeys(code for _, code in sorted(hits)))  # unit_names order
        # a district name (朝阳区) counts only with its city named too: many cities have one
        return [c for c in found if c not in self.district_parents
                or self.district_parents[c] in found]

    def match_projects(self, text: str) -> list[str]:
        """Ids of the projects named in ``text`` (substring, else fuzzy >= 85).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> Tagger.from_region(region).match_projects("长四辽通高铁开工")
        ['changsiliaotong_hsr']
        """
        from rapidfuzz import fuzz

        lower = text.lower()
        found = []
        for project_id, names in self._project_names:
            for n, counts in names:
                if n in lower:
                    found.append(project_id)
                    break
                if len(n) < 4:
                    continue
                # partial_ratio = 200 M / (L + w) over windows of w <= L characters, M the
                # characters matched: at most I, the name's characters found in the text, so
                # at most 200 I / (L + I), below the cutoff when 115 I < 85 L (exact skip)
                shared = sum(k for c, k in counts if c in lower)
                if shared * (200 - FUZZY_CUTOFF) < FUZZY_CUTOFF * min(len(n), len(lower)):
                    continue
                if fuzz.partial_ratio(n, lower, score_cutoff=FUZZY_CUTOFF):
                    found.append(project_id)
                    break
        return found

    def match_topics(self, tokens: Sequence[str], text: str) -> list[str]:
        """Topics whose keywords occur (Chinese as tokens, English on word boundaries).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> tagger = Tagger.from_region(region)
        >>> text = "一汽新能源汽车投产"
        >>> tagger.match_topics(tagger.tokenize(text), text)
        ['automotive']
        """
        token_set = set(tokens)
        token_set |= self._compound_parts(token_set)
        lower = text.lower()
        out = []
        for topic, words in self._topic_words:
            pattern = self._english_topics.get(topic)
            if not words.isdisjoint(token_set) or (
                    pattern is not None and pattern.search(lower)):
                out.append(topic)
        return out

    def _compound_parts(self, tokens: Iterable[str]) -> set[str]:
        """The halves of the Chinese tokens that are two dictionary words of at least two
        characters each (汽车产业 → 汽车, 产业; 电动汽车 → 电动, 汽车), so that a topic keyword
        matches the compounds jieba keeps whole. A word plus one character is another word
        (机动车 is not 机动 + 动车, 卫星城 is a satellite town), so such splits are not taken;
        nor are words merely containing a keyword's characters."""
        has_word = self._jieba.has_word
        out: set[str] = set()
        for t in tokens:
            if len(t) < 4 or not _CJK.search(t):
                continue
            for i in range(2, len(t) - 1):
                head, tail = t[:i], t[i:]
                if has_word(head) and has_word(tail):
                    out.update((head, tail))
        return out

    def tag(self, title: str, text: str = "", *, language: str | None = None) -> Tagging:
        """Tag an item's title and text.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> t = Tagger.from_region(region).tag("长四辽通高铁开工", "四平、辽源、通化沿线")
        >>> t.language, t.units, t.projects, t.tags
        ('zh', ['220300', '220400', '220500'], ['changsiliaotong_hsr'], ['transport', 'investment'])
        """
        whole = f"{title}\n{text}"
        tokens = self.tokenize(whole)
        return Tagging(language=language or language_of(whole), tokens=tokens,
                       index_tokens=self.index_tokens(tokens),
                       tags=self.match_topics(tokens, whole),
                       units=self.match_units(tokens, whole),
                       projects=self.match_projects(whole))
