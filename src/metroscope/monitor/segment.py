"""Word segmentation for the tagger: jieba's dictionary and algorithm, run by rjieba.

rjieba is the Python binding of jieba-rs, a port of jieba with the same dictionary, HMM model
and algorithm; it segments about 20 times faster than jieba 0.42 and loads in 0.2 s instead of
1-2 s. A tokenizer holds the shipped user dictionary (``data/userdict.txt``: 国家发展改革委,
都市圈, 长四辽通 ..., which the default dictionary splits) and the words of its tagger (unit
and project names, topic keywords); taggers with the same words share one. ``tests/data/monitor/tag_golden.json``
(written with jieba 0.42) checks that tokens and tags are unchanged.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"
_CJK = re.compile(r"[\u3400-\u9fff]")
JIEBA_LOCK = threading.Lock()
_CACHE: dict[frozenset[tuple[str, int]], Any] = {}
_CACHE_SIZE = 4
# jieba's finalseg splits a run of non-Han characters that is not a dictionary word into these
# pieces (and keeps every other character as its own piece): 5.2%, v2.0, 1 - 9, www . stats
_JIEBA_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def load_userdict(tok: Any, path: Path = USER_DICT) -> int:
    """Add the words of a jieba user dictionary (``word [freq] [tag]`` per line) to ``tok``.

    Returns the number of words added.

    Raises
    ------
    OSError
        When the file cannot be read.

    Examples
    --------
    >>> import rjieba
    >>> tok = rjieba.Jieba()
    >>> tok.cut("长四辽通")  # split by the default dictionary
    ['长四', '辽通']
    >>> load_userdict(tok) > 0, tok.cut("长四辽通")
    (True, ['长四辽通'])
    """
    added = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tok.add_word(parts[0], freq, None)
        added += 1
    return added


def tokenizer_with(words: Mapping[str, int]) -> Any:
    """A tokenizer with the shipped user dictionary plus ``words`` (``{word: frequency}``),
    shared by every tagger with the same words (the last few word sets are kept: building
    one takes about 0.2 s). Each tagger's tokens thus depend on its own words only, not on
    which other taggers the process built before.

    Raises
    ------
    OSError
        When the shipped user dictionary cannot be read (a broken installation).

    Examples
    --------
    >>> tok = tokenizer_with({"双阳区": 1000})
    >>> tok.cut("长春市双阳区都市圈")
    ['长春市', '双阳区', '都市圈']
    >>> tokenizer_with({"双阳区": 1000}) is tok  # shared by the taggers with the same words
    True
    """
    key = frozenset(words.items())
    with JIEBA_LOCK:
        tok = _CACHE.pop(key, None)
        if tok is None:
            import rjieba

            tok = rjieba.Jieba()
            load_userdict(tok)
            for word, freq in words.items():
                tok.add_word(word, freq, None)
        _CACHE[key] = tok  # most recently used last
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        return tok


def jieba_pieces(word: str, has_word: Any) -> list[str]:
    """``word`` as jieba 0.42 would give it: jieba-rs keeps a run such as ``1-9`` or
    ``www.stats.gov.cn`` whole, jieba splits a non-dictionary run of non-Han characters with
    its finalseg pattern (``5.2%`` and ``v2.0`` stay whole; ``1``, ``-``, ``9``).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> jieba_pieces("1-9", lambda word: False), jieba_pieces("5.2%", lambda word: False)
    (['1', '-', '9'], ['5.2%'])
    >>> jieba_pieces("长春", lambda word: False)
    ['长春']
    """
    if len(word) < 2 or (word.isascii() and word.isalnum()) or _CJK.search(word) \
            or has_word(word):
        return [word]
    return [p for p in _JIEBA_SKIP.split(word) if p]
