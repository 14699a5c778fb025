"""Fitting a table into the terminal without cutting a cell.

Codes and numbers are never wrapped or shortened; long column names wrap at their underscores;
text columns (names, titles) wrap at spaces. When the columns still do not fit, the key columns
(the index, codes, names) stay and the others are kept in order while they fit; a table of a
few rows is turned on its side instead (one line per column). Whatever is left out is named in
a hint that says how to get it (``--format csv`` or ``--format json``, a wider terminal).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from rich.cells import cell_len

WRAP_MAX: Final = 24  # widest a wrapping text column is made, terminal cells
CJK_WRAP_MAX: Final = 12  # the same for Chinese text (folds between any two characters)
CJK_MIN: Final = 8  # narrowest a Chinese text column is made, cells
BORDER: Final = 3  # padding (1 + 1) and a vertical line per column
SIDEWAYS_MAX_ROWS: Final = 6  # tables of at most this many rows are turned on their side


@dataclass
class Column:
    """One column to print: its name, its cells as text and how it may wrap; ``label`` is the
    header shown (the name's catalogue label in a Chinese table), the name when empty."""

    name: str
    cells: list[str]
    numeric: bool = False
    key: bool = False
    wrap: bool = False
    width: int = 0
    least: int = 0
    header: list[str] = field(default_factory=list)
    label: str = ""

    @property
    def title(self) -> str:
        """The header text: ``label``, else ``name``."""
        return self.label or self.name


#: narrowest a Chinese label is folded to as a header, cells (four characters a line)
CJK_HEADER_MIN: Final = 8


def header_parts(name: str, label: bool = False) -> list[str]:
    """``time_to_core_min`` -> ``["time_", "to_", "core_", "min"]`` (break points of a name);
    a Chinese ``label`` (a catalogue header) breaks between characters, never inside a Latin
    word or a number, and no line starts with closing punctuation; any other name stays whole
    but at its underscores.

    Examples
    --------
    >>> header_parts("出行时间(分钟)", label=True)
    ['出', '行', '时', '间', '(分', '钟)']
    """
    if not label or cell_len(name) == len(name):  # a field name, or a row of a sideways table
        parts = name.split("_")
        return [p + "_" for p in parts[:-1]] + [parts[-1]]
    out: list[str] = []
    for piece in _PIECE.findall(name):
        if out and (piece[0] in _NO_START or out[-1][-1] in _NO_END or piece.isspace()):
            out[-1] += piece
        else:
            out.append(piece)
    return out or [name]


def wrap_header(name: str, width: int, label: bool = False) -> list[str]:
    """The column name packed into lines of at most ``width`` cells, broken at underscores (a
    Chinese ``label`` between characters)."""
    lines: list[str] = []
    for part in header_parts(name, label):
        if lines and cell_len(lines[-1] + part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return lines or [""]


def _header_least(title: str, label: bool = False) -> int:
    """Narrowest a header may be, cells: its widest unbreakable part; a Chinese label at
    least :data:`CJK_HEADER_MIN` (not one character a line)."""
    widest = max(cell_len(p) for p in header_parts(title, label))
    if label and cell_len(title) > len(title):
        return max(widest, min(cell_len(title), CJK_HEADER_MIN))
    return widest


def _longest_word(text: str) -> int:
    """Widest piece of ``text`` that cannot be broken (Chinese folds anywhere)."""
    return max((min(cell_len(w), CJK_MIN) if cell_len(w) > len(w) else cell_len(w)
                for w in text.split()), default=0)


def _mostly_cjk(text: str) -> bool:
    """Whether Chinese characters take most of ``text``'s width (a Chinese name followed by an
    English description is read as English and wraps at its spaces, not in a narrow column)."""
    wide = cell_len(text) - len(text)  # one extra cell per wide character
    return wide > 0 and 2 * wide >= cell_len(text) - text.count(" ") - wide


def measure(col: Column) -> None:
    """Set ``col.width`` (its natural width, cells), ``col.least`` and its wrapped header."""
    data = max((cell_len(c) for c in col.cells), default=0)
    head = _header_least(col.title, bool(col.label))
    if col.wrap:
        words = max((_longest_word(c) for c in col.cells), default=0)
        cjk = any(_mostly_cjk(c) for c in col.cells)
        data = max(min(data, CJK_WRAP_MAX if cjk and words <= CJK_WRAP_MAX else WRAP_MAX),
                   words)
        col.least = max(min(words, WRAP_MAX), head, 1)  # longer words fold (text, not codes)
    col.width = max(data, head, 1)
    col.least = min(col.least or col.width, col.width)
    col.header = wrap_header(col.title, col.width, bool(col.label))


def total_width(cols: list[Column], *, least: bool = False) -> int:
    """Width of a boxed Rich table of ``cols`` (at their narrowest with ``least``), cells."""
    return sum((c.least if least else c.width) + BORDER for c in cols) + 1


def _settle(cols: list[Column], width: int) -> None:
    """Narrow the wrapping columns, widest first, until the table fits (or cannot shrink)."""
    while total_width(cols) > width:
        wide = [c for c in cols if c.wrap and c.width > c.least]
        if not wide:
            break
        c = max(wide, key=lambda c: c.width - c.least)
        c.width -= 1
    for c in cols:
        c.header = wrap_header(c.title, c.width, bool(c.label))


def choose(cols: list[Column], width: int, prefer: Sequence[str] = ()
           ) -> tuple[list[Column], list[Column]]:
    """The columns that fit in ``width`` cells and those left out.

    Key columns always stay; then the ``prefer`` columns, then the others in order, each kept
    when the table still fits with its text columns wrapped as narrow as their words allow.
    """
    for c in cols:
        measure(c)
    rank = {name: i for i, name in enumerate(prefer)}
    order = {id(c): i for i, c in enumerate(cols)}
    shown = [c for c in cols if c.key]
    hidden: list[Column] = []
    rest = sorted((c for c in cols if not c.key),
                  key=lambda c: (rank.get(c.name, len(rank)), order[id(c)]))
    for c in rest:
        if total_width([*shown, c], least=True) <= width:
            shown.append(c)
        else:
            hidden.append(c)
    shown.sort(key=lambda c: order[id(c)])
    hidden.sort(key=lambda c: order[id(c)])
    _settle(shown, width)
    return shown, hidden


def sideways(cols: list[Column], row_labels: list[str], width: int,
             corner: str = "column") -> list[Column]:
    """The table turned on its side: a column of the column names (headed ``corner``: what
    the row labels hold, e.g. the key columns' names), then one column per row."""
    first = Column(corner, [c.title for c in cols], key=True)
    out = [first]
    for i, label in enumerate(row_labels):
        out.append(Column(label or str(i), [c.cells[i] for c in cols],
                          numeric=all(c.numeric for c in cols), wrap=True))
    for c in out:
        measure(c)
    _settle(out, width)
    return out


# a piece that is never broken: a run of Latin letters, digits and their joiners (a column
# name such as employed_sample_total, 2,395.5, --format, 95 %), or one other character
_PIECE = re.compile(r"[A-Za-z0-9_.,:/%+\-−()'<>=≥≤]+|\s+|.")
# no line starts with these (Chinese line-breaking rules, kinsoku): they stay on the line above
_NO_START = set(",.;:!?)]}、,。;:!?)】》」』")
# no line ends with these (opening brackets): they go down with the character after them
_NO_END = set("([{(【《「『")


def wrap_text(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells: broken at spaces and between
    Chinese characters, never inside a Latin word, a number or a name (Rich breaks only at
    spaces, so a Chinese sentence is folded anywhere, ``(emplo`` / ``yed_sample_total)``, or
    broken early at the one space it has). Continuation lines start with ``indent`` (a
    hanging indent); punctuation never starts a line (it goes down with the character before
    it); only a piece wider than a whole line is folded.
    """
    width = max(width, cell_len(indent) + 8)
    pieces: list[str] = []
    for piece in _PIECE.findall(text):
        if pieces and piece[0] in _NO_START and not pieces[-1].isspace():
            pieces[-1] += piece
        else:
            pieces.append(piece)
    lines: list[str] = []
    line = text[:len(text) - len(text.lstrip())]  # the first line keeps its leading spaces
    for piece in pieces:
        if piece.isspace():
            if line.strip() and not line.endswith(" "):
                line += " "
            continue
        # a list item's bullet ("  - ") stays with its first word: a long file path is folded
        # below, not left alone on the next line
        if line.strip() not in ("", "-") and cell_len(line + piece) > width:
            lines.append(line.rstrip())
            line = indent
        line += piece
        while cell_len(line) > width:  # a piece wider than a whole line: fold it
            cut = len(line)
            while cell_len(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = indent + line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]
