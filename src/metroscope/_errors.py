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
    import numpy as np

    if isinstance(value, np.generic):
        value = value.item()  # 1.5, not np.float64(1.5)
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



def zh_context(text: str) -> str:
    """A problem list's context for the zh template ``{context}中有``: a space after a Latin
    character or digit (``t.yaml 中有``), none after a Chinese one (``区域“t”的文件中有``).

    Examples
    --------
    >>> zh_context("t.yaml"), zh_context("区域“t”的文件")
    ('t.yaml ', '区域“t”的文件')
    """
    return text + " " if text and text[-1].isascii() else text


def error_message(exc: BaseException) -> str:
    """What ``exc`` says, kept for showing later: the catalogue message it was raised with (a
    :class:`~metroscope.messages.Message`, which renders in either language and is its English
    text as a ``str``), else its text as written.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from metroscope.messages import Message
    >>> said = error_message(ParameterError(Message("err_unknown_decay", got="'linear'")))
    >>> said.key, said.get("zh")
    ('err_unknown_decay', "衰减函数须为 'power' 或 'exponential',而非 'linear'。")
    >>> error_message(ValueError("plain"))
    'plain'
    """
    from .messages import Message

    arg = exc.args[0] if len(exc.args) == 1 else None
    return arg if isinstance(arg, Message) else str(exc)

@dataclass(frozen=True)
class Problem:
    """One problem found while validating a table.

    ``row`` is the 1-based data row in the user's file (header excluded) or the index label,
    ``None`` when the problem concerns the whole table or a column. ``file`` and ``line``
    (1-based physical line, header included) are filled in when the table was read from a
    file, so the message points at the place to edit. ``expected``, ``fix`` (and a ``table``
    that is a description rather than a table name) are catalogue messages where metroscope
    wrote them: as ``str`` they are the English text, and :meth:`text` renders the whole
    problem in Chinese or English.

    Examples
    --------
    >>> from metroscope.messages import Message
    >>> p = Problem("stats", 3, "year", "x", Message("val_exp_whole_number"),
    ...             Message("val_fix_whole_number"), file="stats.csv", line=4)
    >>> str(p)
    "stats.csv, line 4 (data row 3), column 'year': got 'x'; expected a whole number. Fix: write a whole number (e.g. a year such as 2020)"
    >>> p.text("zh")
    "stats.csv,第 4 行(数据第 3 行),列“year”:值为 'x';应为整数。修正:写整数(如 2020 这样的年份)"
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
        """The file (or table) with its line or row, without the column (English)."""
        return self.where("en")

    def where(self, lang: str) -> str:
        """The file (or table) with its line or row, without the column, in ``lang``.

        Raises
        ------
        Nothing of its own; a language other than ``zh`` falls back to the English text.

        Examples
        --------
        >>> from metroscope.messages import Message
        >>> p = Problem("stats", 3, "year", "x", Message("val_exp_whole_number"),
        ...             Message("val_fix_whole_number"), file="stats.csv", line=4)
        >>> p.where("en")
        'stats.csv, line 4 (data row 3)'
        """
        from .messages import Message, text

        where = self.file if self.file else text(self.table, lang)
        if self.line is not None:
            where = Message("val_at_line", where=where, line=self.line).get(lang)
            if self.row is not None:
                where += Message("val_data_row", row=self.row).get(lang)
        elif self.row is not None:
            where = Message("val_at_row", where=where, row=self.row).get(lang)
        return where

    def text(self, lang: str) -> str:
        """The whole problem (place, column, value, expected, fix) in ``lang`` (``zh``,
        ``en``); ``str(problem)`` is the English text.

        Raises
        ------
        Nothing of its own; a language other than ``zh`` falls back to the English text.

        Examples
        --------
        >>> from metroscope.messages import Message
        >>> p = Problem("stats", None, "year", None, Message("val_exp_whole_number"),
        ...             Message("val_fix_whole_number"))
        >>> p.text("en")
        "stats, column 'year'; expected a whole number. Fix: write a whole number (e.g. a year such as 2020)"
        """
        from .messages import Message, text

        where = self.where(lang)
        if self.column is not None:
            where += Message("val_column", column=self.column).get(lang)
        value = "" if self.value is None else Message("val_got",
                                                      value=shorten(self.value)).get(lang)
        return Message("val_problem", where=where, value=value,
                       expected=text(self.expected, lang), fix=text(self.fix, lang)).get(lang)

    def __str__(self) -> str:
        return self.text("en")


class DataValidationError(ValueError, MetroscopeError):
    """Raised once with every problem found in the data, never just the first (each problem
    once: repeats of the same place and complaint are dropped). ``context`` names what was
    checked (a catalogue message where metroscope wrote it); the error renders in Chinese
    through :func:`error_text`.

    Examples
    --------
    >>> from metroscope.messages import Message
    >>> exc = DataValidationError([Problem("links", None, "speed_kph", None,
    ...     Message("val_exp_speed_column"), Message("val_fix_speed_column"))],
    ...     context=Message("val_ctx_network_files"))
    >>> print(error_text(exc, "zh"))
    路网文件中有 1 个问题:
      - links,列“speed_kph”;应为speed_kph 或 minutes 列。修正:为每条连线加上 speed_kph(千米/小时)或 minutes
    """

    def __init__(self, problems: Iterable[Problem], *, context: str = "data") -> None:
        from .messages import LANGS, Message, text

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
        if context == "data" and not isinstance(context, Message):
            context = Message("val_ctx_data")
        listed = {lang: "\n".join(f"  - {p.text(lang)}" for p in self.problems)
                  for lang in LANGS}
        where = {lang: text(context, lang) for lang in LANGS}
        where["zh"] = zh_context(where["zh"])
        super().__init__(Message("scn_err_problems", n=len(self.problems), context=where,
                                 problems=listed))


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
