"""One exception hierarchy. Every leaf mixes in the stdlib exception a caller would expect."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class MetroscopeError(Exception):
    """Base class of every error metroscope raises on purpose."""


_GOT_LIMIT = 80


def shorten(value: object, limit: int = _GOT_LIMIT) -> str:
    """``repr(value)`` cut to ``limit`` characters (every "got ..." in a message uses it, so a
    huge or hostile input never floods the terminal)."""
    import reprlib

    # reprlib bounds the work too: a nested structure is never expanded in full
    r = reprlib.Repr()
    r.maxlevel, r.maxlist, r.maxtuple, r.maxdict, r.maxset = 3, 6, 6, 6, 6
    r.maxstring = r.maxother = r.maxlong = limit
    text = r.repr(value)
    if isinstance(value, str) and len(value) <= limit:
        text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}..."


def error_text(exc: BaseException, lang: str) -> str:
    """The message of ``exc`` in ``lang`` (``zh`` or ``en``).

    An error raised with a catalogue message (``ParameterError(Message("err_...", ...))``,
    see :mod:`metroscope.messages`) renders in ``lang``; any other error gives its text as
    written (English). The command line and the web pages show errors through this, so a
    Chinese run never prints an English sentence the catalogue can say in Chinese.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.messages import Message
    >>> exc = ParameterError(Message("err_unknown_decay", got="'linear'"))
    >>> error_text(exc, "zh")
    "衰减函数须为 'power' 或 'exponential',而非 'linear'。"
    >>> error_text(ValueError("plain"), "zh")
    'plain'
    """
    from .messages import Message

    arg = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(arg, Message):
        try:
            return arg.get(lang)
        except (KeyError, ValueError, IndexError):  # a template that its parameters do not fit
            return str(arg)
    return str(exc)


@dataclass(frozen=True)
class Problem:
    """One problem found while validating a table.

    ``row`` is the 1-based data row in the user's file (header excluded) or the index label,
    ``None`` when the problem concerns the whole table or a column. ``file`` and ``line``
    (1-based physical line, header included) are filled in when the table was read from a
    file, so the message points at the place to edit.
    """

    table: str
    row: Any
    column: str | None
    value: Any
    expected: str
    fix: str
    file: str | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        """The file (or table) with its line or row, without the column."""
        where = self.file if self.file else self.table
        if self.line is not None:
            where += f", line {self.line}"
            if self.row is not None:
                where += f" (data row {self.row})"
        elif self.row is not None:
            where += f", row {self.row}"
        return where

    def __str__(self) -> str:
        where = self.location
        if self.column is not None:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f": got {shorten(self.value)}"
        return f"{where}{value}; expected {self.expected}. Fix: {self.fix}"


class DataValidationError(ValueError, MetroscopeError):
    """Raised once with every problem found in the data, never just the first (each problem
    once: repeats of the same place and complaint are dropped)."""

    def __init__(self, problems: Iterable[Problem], *, context: str = "data") -> None:
        seen: set[tuple[Any, ...]] = set()
        unique: list[Problem] = []
        for p in problems:
            # one problem per cell (a bad number is not also reported as a missing value);
            # whole-table problems (no row) are kept per complaint
            key = (p.file or p.table, p.line if p.line is not None else p.row, p.column,
                   p.expected if p.row is None else "")
            if key not in seen:
                seen.add(key)
                unique.append(p)
        self.problems: list[Problem] = unique
        self.context = context
        lines = [f"{len(self.problems)} problem(s) in {context}:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class NotFoundError(KeyError, MetroscopeError):
    """A name or id the user gave that does not exist (an alert id, a project, an uploaded
    bundle or a file in it); the message names the known ones when they are few.

    Examples
    --------
    >>> str(NotFoundError("no alert 7"))
    'no alert 7'
    """

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""


class UnknownRegionError(NotFoundError):
    """A dataset, region or metropolitan-area name that does not exist."""


class UnknownUnitError(UnknownRegionError):
    """A unit code that is not a unit of the region (a typo in ``--from``, ``--origin``...)."""


class UnknownAreaError(UnknownRegionError):
    """A name that is not one of China's national metropolitan areas."""


class UnknownIndicatorError(NotFoundError):
    """An indicator or measure name that is not registered or not in the data."""


class MissingDataError(ValueError, MetroscopeError):
    """The inputs an analysis needs are not in the Region (says which and how to add them)."""


class InsufficientDataError(MissingDataError):
    """Too few observations to form a statistic: the result's verdict is ``not_computed``.

    ``verdict`` is the verdict record of the result that could not be formed
    (``{"verdict": "not_computed", "n", "min_n", "ok_n", "reason"}``, see
    :mod:`metroscope.indicators._verdict`); ``indicator`` names the analysis."""

    def __init__(self, message: str, *, indicator: str = "",
                 verdict: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.indicator = indicator
        self.verdict: dict[str, Any] = dict(verdict or {})


class FileFormatError(ValueError, MetroscopeError):
    """A file that cannot be read: unknown extension, undecodable bytes, empty, malformed."""


class ParameterError(ValueError, MetroscopeError):
    """An argument outside its allowed values (an unknown mode, a negative threshold, ...);
    the command line exits with code 2 (usage) for it."""


class NetworkError(ValueError, MetroscopeError):
    """A network that cannot be routed on: unknown nodes, negative or zero times, bad cycles."""


class ScenarioError(ValueError, MetroscopeError):
    """A scenario specification that is invalid or cannot be applied."""


class OutputError(OSError, MetroscopeError):
    """An output that cannot or may not be written: a folder where a file is wanted, an
    unwritable folder, a full disk, a non-empty folder without ``force``, or an input that
    would be overwritten. Nothing is half-written when it is raised."""

    def __str__(self) -> str:  # OSError formats (errno, strerror); show the message plainly
        return str(self.args[0]) if self.args else ""
