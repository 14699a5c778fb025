"""Place names: pinyin, English names, name stems and administrative levels.

The tables (polyphonic readings, English suffixes, ethnic groups, stem suffixes) are in
``data/names.toml`` with their sources. The stems of the province and prefecture names of the
code table are a :class:`PlaceStems` object built from the inputs and passed explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pypinyin import Style, lazy_pinyin

from . import facts

_T = facts.toml("names.toml")
_CHANG_FIRST: str = _T["pinyin"]["chang_first"]
_PHRASES: Mapping[str, str] = MappingProxyType(_T["pinyin"]["phrases"])
_WHOLE: Mapping[str, str] = MappingProxyType(_T["pinyin"]["whole"])
EN_OVERRIDES: Mapping[str, str] = MappingProxyType(_T["english"]["overrides"])
ETHNIC_EN: Mapping[str, str] = MappingProxyType(_T["english"]["ethnic_en"])
ETHNIC: tuple[str, ...] = tuple(sorted(_T["english"]["ethnic_groups"], key=lambda e: -len(e)))
_SUFFIX_EN: tuple[tuple[str, str], ...] = tuple((zh, en) for zh, en in _T["english"]["suffixes"])
_STEM_SUFFIXES: tuple[str, ...] = tuple(_T["stem"]["suffixes"])
_PLACE_ENDINGS: str = _T["stem"]["place_endings"]


def pinyin(text: str) -> str:
    """Toneless pinyin of a place name, capitalised, with apostrophes before a/o/e syllables."""
    if text in _WHOLE:
        return _WHOLE[text].capitalize()
    out: list[str] = []
    i = 0
    while i < len(text):
        hit = next((p for p in _PHRASES if text.startswith(p, i)), None)
        if hit:
            out.append(_PHRASES[hit])
            i += len(hit)
            continue
        ch = text[i]
        if i == 0 and ch == _CHANG_FIRST:
            out.append("chang")
        else:
            out.extend(lazy_pinyin(ch, style=Style.NORMAL, v_to_u=True, errors="default"))
        i += 1
    word = ""
    for syl in out:
        if word and syl[:1] in "aoe" and not syl.startswith("'"):
            word += "'"
        word += syl
    return word[:1].upper() + word[1:]


def _split_ethnic(place: str) -> tuple[str, list[str]]:
    """'保亭黎族苗族' -> ('保亭', ['Li', 'Miao']); '新疆维吾尔' -> ('新疆', ['Uygur'])."""
    groups: list[str] = []
    while True:
        hit = next((e for e in ETHNIC if len(place) > len(e) + 1 and (
            place.endswith(e + "族") or (e == "维吾尔" and place.endswith(e)))), None)
        if hit is None:
            return place, groups
        place = place[: -len(hit) - (1 if place.endswith(hit + "族") else 0)]
        groups.insert(0, ETHNIC_EN.get(hit) or pinyin(hit))


def english_name(name_zh: str, places: PlaceStems) -> str:
    """Pinyin name with an English suffix (朝阳区 -> Chaoyang District)."""
    if name_zh in EN_OVERRIDES:
        return EN_OVERRIDES[name_zh]
    for zh, en in _SUFFIX_EN:
        if name_zh.endswith(zh) and len(name_zh) > len(zh):
            place = name_zh[: -len(zh)]
            if zh.startswith("自治") or zh in ("自治区", "自治州", "自治县", "自治旗"):
                place, groups = _split_ethnic(place)
                return " ".join([pinyin(place), *groups, en])
            if zh.endswith("开发区"):  # 河北唐山芦台 -> Hebei Tangshan Lutai
                return " ".join([*(pinyin(w) for w in places.split(place)), en])
            return f"{pinyin(place)} {en}"
    return pinyin(name_zh)


@dataclass(frozen=True)
class PlaceStems:
    """Stems of the province and prefecture names of the code table, longest first: the words
    a development zone's name may start with (长春净月 -> 长春, 净月).

    Examples
    --------
    >>> places = PlaceStems.of(["长春", "吉林", "长春新"])
    >>> places.split("长春净月")
    ['长春', '净月']
    >>> places.split("吉林市高新")
    ['吉林', '高新']
    """

    stems: tuple[str, ...]

    @classmethod
    def of(cls, stems: Iterable[str]) -> PlaceStems:
        """The table of the given stems (duplicates dropped; longest first, then by text)."""
        return cls(tuple(sorted(set(stems), key=lambda x: (-len(x), x))))

    @classmethod
    def from_code_table(cls, names: Mapping[str, str]) -> PlaceStems:
        """Stems of the province and prefecture names of a code table (code -> name)."""
        return cls.of(stem(re.sub(_PLACE_ENDINGS, "", str(n)))
                      for c, n in names.items() if level_of(c) != "county")

    def split(self, text: str) -> list[str]:
        """Split leading province/prefecture stems off a zone name (a 市 after one is dropped)."""
        words: list[str] = []
        while True:
            hit = next((p for p in self.stems if text.startswith(p)), None)
            if hit is None:
                return [*words, text] if text else words
            words.append(hit)
            text = text[len(hit):]
            text = text[1:] if text.startswith("市") else text


def stem(name: str) -> str:
    """Place name without its administrative suffix (德惠市 -> 德惠, 延边朝鲜族自治州 -> 延边)."""
    name = name.strip().replace("巿", "市")
    for suf in _STEM_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def level_of(code: str) -> str:
    """Administrative level from a 6-digit code."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"

