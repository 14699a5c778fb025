"""One exception hierarchy. Every leaf mixes in the stdlib exception a caller would expect."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class MetroscopeError(Exception):
    """Base class of every error metroscope raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found while validating a table.

    ``row`` is the 1-based data row in the user's file (header excluded) or the index label,
    ``None`` when the problem concerns the whole table or a column.
    """

    table: str
    row: Any
    column: str | None
    value: Any
    expected: str
    fix: str

    def __str__(self) -> str:
        where = self.table
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f": got {self.value!r}"
        return f"{where}{value}; expected {self.expected}. Fix: {self.fix}"


class DataValidationError(ValueError, MetroscopeError):
    """Raised once with every problem found in the data, never just the first."""

    def __init__(self, problems: Iterable[Problem], *, context: str = "data") -> None:
        self.problems: list[Problem] = list(problems)
        lines = [f"{len(self.problems)} problem(s) in {context}:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class UnknownRegionError(KeyError, MetroscopeError):
    """A dataset, region or metropolitan-area name that does not exist."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""


class UnknownIndicatorError(KeyError, MetroscopeError):
    """An indicator or measure name that is not registered or not in the data."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class MissingDataError(ValueError, MetroscopeError):
    """The inputs an analysis needs are not in the Region (says which and how to add them)."""


class FileFormatError(ValueError, MetroscopeError):
    """A file that cannot be read: unknown extension, undecodable bytes, empty, malformed."""


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
