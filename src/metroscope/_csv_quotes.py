"""Unclosed quotes in a CSV text: where each record starts, which quote opens a field and is
never closed, and the text with such quotes read as ordinary characters, so that a file's
other problems can still be checked and every quote is reported at the line where it opened
(:func:`unclosed_quotes`; used by :mod:`._readers`)."""

from __future__ import annotations

import csv
import io

from ._errors import Problem
from .messages import Message

MAX_LISTED = 50
"""At most this many problems of one kind are listed (unclosed quotes, ragged lines)."""

__all__ = ["MAX_LISTED", "blank_record", "quote_problems", "record_lines", "repair_quotes",
           "unclosed_quotes"]


def record_lines(text: str) -> list[int]:
    """Physical line (1-based) where each data record of a CSV text starts, header excluded,
    blank lines skipped (as pandas does). An unclosed quote is read as :func:`read_csv`
    reads it (a literal character), so the records after it keep their own lines."""
    return repair_quotes(text)[2][1:]


def _record_starts(text: str) -> list[int]:
    """Physical line (1-based) where each non-blank record starts, header included."""
    reader = csv.reader(io.StringIO(text))
    out: list[int] = []
    start = 1
    for fields in reader:
        if not blank_record(fields):
            out.append(start)
        start = reader.line_num + 1
    return out


def _line_start(text: str, line: int) -> int:
    """Offset of the first character of physical line ``line`` (1-based; a line ends with
    a newline), found from the end of the text: the last record is near it."""
    if line <= 1:
        return 0
    pos = len(text)
    for _ in range(text.count("\n") - line + 2):
        pos = text.rfind("\n", 0, pos)
    return pos + 1


def _open_quote(text: str, pos: int) -> tuple[int, int] | None:
    """The quote that opens a field and is never closed, in the record starting at offset
    ``pos``: ``(offset, field number from 0)``, or None. A quote opens a field only at its
    start (after spaces, as ``skipinitialspace``); ``""`` inside quotes is a quote; elsewhere
    a quote is an ordinary character (as pandas and the :mod:`csv` module read it)."""
    n, i, field = len(text), pos, 0
    while i < n:
        j = i
        while j < n and text[j] == " ":
            j += 1
        if j < n and text[j] == '"':
            k = j + 1
            while True:
                q = text.find('"', k)
                if q < 0:
                    return j, field
                if text.startswith('"', q + 1):
                    k = q + 2
                    continue
                break
            i = q + 1
        comma, newline = text.find(",", i), text.find("\n", i)
        if comma < 0 and newline < 0:
            return None
        if comma >= 0 and (newline < 0 or comma < newline):
            i, field = comma + 1, field + 1
        else:
            return None  # the record ends with every quote closed
    return None


def repair_quotes(text: str) -> tuple[str, list[tuple[int, int, str]], list[int]]:
    """``text`` with every unclosed quote read as an ordinary character (the field from the
    quote to the next separator or line end is quoted properly), where each was (physical
    line, field number from 0, the field as written), and the record start lines of the
    repaired text (header included).

    An unclosed quote runs to the end of the file, so it lies in the last record; once it
    is repaired another may show (quotes pair up again after it): at most 50 are."""
    found: list[tuple[int, int, str]] = []
    starts = _record_starts(text)
    while starts and len(found) < MAX_LISTED:
        hit = _open_quote(text, _line_start(text, starts[-1]))
        if hit is None:
            break
        q, field = hit
        ends = [e for e in (text.find(",", q), text.find("\n", q)) if e >= 0]
        end = min(ends) if ends else len(text)
        if end > q + 1 and text[end - 1] == "\r" and (end == len(text) or text[end] == "\n"):
            end -= 1
        raw = text[q:end]
        found.append((text.count("\n", 0, q) + 1, field, raw))
        text = text[:q] + '"' + raw.replace('"', '""') + '"' + text[end:]
        starts = _record_starts(text)
    return text, found, starts


def unclosed_quotes(text: str, path: str) -> tuple[str, list[Problem]]:
    """``text`` (a CSV file's) with every unclosed quote read as an ordinary character, and
    one problem per such quote, as :func:`read_csv` reads and reports them (for readers
    that parse the text themselves).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> text, found = unclosed_quotes('code,name\\n1,"a\\n2,b\\n', "f.csv")
    >>> text
    'code,name\\n1,\"\"\"a\"\\n2,b\\n'
    >>> found[0].line, found[0].column, found[0].value
    (2, 'name', '"a')
    """
    fixed, found, starts = repair_quotes(text)
    return fixed, quote_problems(found, fixed, starts, path)


def quote_problems(found: list[tuple[int, int, str]], text: str, starts: list[int],
                    path: str) -> list[Problem]:
    """One problem per unclosed quote: its line (where it opened), data row, column (the
    header's name of its field; none in the header itself) and the field as written."""
    header = next((f for f in csv.reader(io.StringIO(text)) if not blank_record(f)), [])
    out = []
    for line, field, raw in found:
        row = sum(1 for s in starts if s <= line) - 1  # records up to the line, header excluded
        column = (str(header[field]).strip() if row >= 1 and field < len(header) else None)
        out.append(Problem("csv", row if row >= 1 else None, column, raw,
                           Message("val_exp_closed_quote", line=line),
                           Message("val_fix_close_quote"), file=path, line=line))
    return out


def blank_record(fields: list[str]) -> bool:
    return not fields or (len(fields) == 1 and fields[0].strip() == "")
