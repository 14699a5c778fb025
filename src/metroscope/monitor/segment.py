"""Word segmentation for the tagger: jieba's dictionary and algorithm, run by rjieba.

rjieba is the Python binding of jieba-rs, a port of jieba with the same dictionary, HMM model
and algorithm; it segments about 20 times faster than jieba 0.42 and loads in 0.2 s instead of
1-2 s. One process-wide tokenizer holds the shipped user dictionary (``data/userdict.txt``:
国家发展改革委, 都市圈, 长四辽通 ..., which the default dictionary splits) and the words the
taggers add (unit and project names, topic keywords). ``tests/data/monitor/tag_golden.json``
(written with jieba 0.42) checks that tokens and tags are unchanged.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"
_CJK = re.compile(r"[\u3400-\u9fff]")
JIEBA_LOCK = threading.Lock()
_BASE: Any = None
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


def base_tokenizer() -> Any:
    """The process-wide tokenizer with the shipped user dictionary, built once (taggers add
    their unit and project names to it; extra words only keep those names whole).

    Raises
    ------
    OSError
        When the shipped user dictionary cannot be read (a broken installation).
    """
    global _BASE
    with JIEBA_LOCK:
        if _BASE is None:
            import rjieba

            tok = rjieba.Jieba()
            load_userdict(tok)
            _BASE = tok
        return _BASE


def jieba_pieces(word: str, has_word: Any) -> list[str]:
    """``word`` as jieba 0.42 would give it: jieba-rs keeps a run such as ``1-9`` or
    ``www.stats.gov.cn`` whole, jieba splits a non-dictionary run of non-Han characters with
    its finalseg pattern (``5.2%`` and ``v2.0`` stay whole; ``1``, ``-``, ``9``).

    Raises
    ------
    Nothing.
    """
    if len(word) < 2 or (word.isascii() and word.isalnum()) or _CJK.search(word) \
            or has_word(word):
        return [word]
    return [p for p in _JIEBA_SKIP.split(word) if p]
