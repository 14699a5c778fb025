"""Printing tables from the CLI: ``--format table|csv|json``.

``json`` prints a JSON array of records (one object per row, columns as keys, the index as
leading column(s)) to stdout and nothing else; ``csv`` prints CSV; ``table`` a Rich table that
fits the terminal (:mod:`._layout`). Every format carries values rounded to the precision their
column name means (:mod:`metroscope._precision`, through :func:`metroscope._records.rounded`,
which the web API uses too): minutes to 0.1, percentages to 0.1, shares to 0.001,
people and years as integers.

pandas is imported only by the functions that take a DataFrame; :func:`emit_rows` prints a
small table of text rows without it, so that light commands (``data list``) start fast.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Console

    from ._layout import Column

KEY_NAMES = frozenset({"code", "name", "name_zh", "scenario", "mode", "origin", "destination",
                       "centre", "location", "indicator", "item", "metric", "measure"})
#: columns whose cells name a field (``metric``: ``share_of_parent_pct``): a Chinese table shows
#: the field's label there too, as a row header
ROW_HEADERS = frozenset({"metric", "component", "indicator", "measure", "item"})
#: an English column a Chinese table leaves out when its Chinese twin is there (csv/json keep
#: both)
ENGLISH_TWINS = {"title": "title_zh", "description_en": "description_zh", "name_en": "name_zh"}


class OutputFormat(str, Enum):
    """Output formats of every table-printing command."""

    table = "table"
    csv = "csv"
    json = "json"


def records(df: pd.DataFrame, kinds: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows of ``df`` (index reset, values rounded to their precision) as JSON-ready dicts,
    catalogue messages in the CLI's language (:func:`metroscope._records.records`, what the
    web API answers too: NaN -> null, inf -> "inf")."""
    from .._records import records as _records
    from ._lang import current

    return _records(df, kinds, lang=current())


def write_csv(df: pd.DataFrame, kinds: dict[str, str] | None = None) -> None:
    """``df`` (index reset, values rounded) as CSV on stdout."""
    from .._records import rounded
    from ._lang import current

    rounded(df, kinds, lang=current()).to_csv(sys.stdout, index=False, lineterminator="\n")


def emit(df: pd.DataFrame, fmt: OutputFormat | str, *, title: str | None = None,
         caption: str | None = None, kinds: dict[str, str] | None = None,
         keys: Sequence[str] = (), names: Mapping[str, str] | None = None,
         hint: str | None = None, prefer: Sequence[str] = ()) -> None:
    """Print ``df`` in ``fmt`` to stdout.

    ``kinds`` overrides the precision kind of columns (see :mod:`metroscope._precision`),
    after the units and kinds the result records (:func:`metroscope._records.output_kinds`;
    a command-only override makes its JSON differ from the web API's); ``keys`` are
    columns a narrow terminal always shows (the index and code/name columns are keys anyway);
    ``names`` maps unit codes to names, shown beside the first code column of a table that has
    none; ``hint`` tells how to get what a narrow table leaves out (besides --format csv);
    ``prefer`` lists the columns a narrow table keeps first, after the keys.
    """
    from .._records import output_kinds, rounded
    from ._lang import current

    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        json.dump(records(df, kinds), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if fmt is OutputFormat.csv:
        write_csv(df, kinds)
        return
    index_cols = [str(n) for n in df.index.names if n is not None]
    flat = rounded(df, kinds, lang=current())
    kinds = output_kinds(df, kinds)
    if names is not None and "name_zh" not in flat.columns:
        flat = _with_names(flat, names, [*index_cols, *keys])
    print_table(flat, title=title, caption=caption, kinds=kinds,
                keys=[*index_cols, *keys, *(c for c in flat.columns if c in KEY_NAMES)],
                hint=hint, prefer=prefer)


def new_folders(path: str | Path) -> list[Path]:
    """The folders above ``path`` that do not exist yet, outermost first.

    Examples
    --------
    >>> [p.name for p in new_folders(tmp_path / "a" / "b" / "report.html")]
    ['a', 'b']
    """
    folder, out = Path(path).parent, []
    while not folder.exists() and folder.parent != folder:
        out.append(folder)
        folder = folder.parent
    return out[::-1]


def make_folders(path: str | Path, lang: str | None = None) -> list[Path]:
    """Create the missing folders above the output ``path`` and say so on stderr, in ``lang``
    (default: the CLI's language). Every command with ``--out`` calls it right after checking
    the target (:func:`metroscope._atomic.check_output_file`), so a missing folder is neither
    an error nor created silently; returns the folders created.

    Raises
    ------
    OutputError
        When a folder cannot be created (names it and the reason).
    """
    from .._atomic import make_parents
    from ..messages import render
    from ._lang import current

    made = new_folders(path)
    if made:
        make_parents(Path(path))
        sys.stderr.write(render("cli_created_folder", lang or current(),
                                {"path": [str(f) for f in made]}) + "\n")
    return made


def notes_text(result: Any) -> str | None:
    """The notes of a result's provenance, one per line, in the CLI's language
    (``METROSCOPE_LANGUAGE``: ``en`` or ``zh``)."""
    from ..messages import text
    from ._lang import current

    meta = getattr(result, "attrs", {}).get("metroscope", {})
    notes = meta.get("notes") or []
    if isinstance(notes, dict):
        notes = [f"{k}: {v}" for k, v in notes.items()]
    elif isinstance(notes, str):
        notes = [notes]
    lang = current()
    return "\n".join(text(n, lang) for n in notes) or None


def _with_names(flat: pd.DataFrame, names: Mapping[str, str], candidates: list[str]
                ) -> pd.DataFrame:
    for col in [*candidates, *flat.columns]:
        if col in flat.columns and flat[col].astype(str).isin(list(names)).any():
            pos = list(flat.columns).index(col) + 1
            out = flat.copy()
            out.insert(pos, "name_zh", flat[col].astype(str).map(names).fillna(""))
            return out
    return flat


def header(name: str, lang: str) -> str:
    """The header a table shows for the field ``name``: in a Chinese table its catalogue label
    (:func:`metroscope.messages.column_label`), in an English one the field name itself (the
    name ``--format csv|json`` and ``--out`` keep in both languages). ``""`` means the name.

    Examples
    --------
    >>> header("travel_time_min", "zh"), header("travel_time_min", "en")
    ('出行时间(分钟)', '')
    """
    if lang != "zh":
        return ""
    from ..messages import column_label

    said = column_label(str(name), lang)
    return "" if said == name else said


def emit_rows(rows: Sequence[Mapping[str, str]], columns: Sequence[str],
              fmt: OutputFormat | str, *, title: str | None = None,
              caption: str | None = None, keys: Sequence[str] = ()) -> None:
    """Print a small table of text cells (``rows``: one mapping per row over ``columns``) in
    ``fmt``, as :func:`emit` would print the same table as a DataFrame, without pandas."""
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        json.dump([{c: r.get(c, "") for c in columns} for r in rows], sys.stdout,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if fmt is OutputFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[r.get(c, "") for c in columns] for r in rows])
        return
    from ._lang import current
    from ._layout import Column

    lang = current()
    cols = []
    for c in columns:
        cells = [str(r.get(c, "")) for r in rows]
        wrap = any(" " in s or ";" in s or cell_len(s) > len(s) for s in cells)
        if wrap:
            cells = [s.replace(";", "; ").replace(";  ", "; ") for s in cells]
        cols.append(Column(c, cells, numeric=False, key=c in keys or c in KEY_NAMES, wrap=wrap,
                           label=header(c, lang)))
    _print_columns(cols, len(rows), title=title, caption=caption, hint=None,
                   prefer=(), console=None)


def _columns(flat: pd.DataFrame, kinds: dict[str, str] | None, keys: Sequence[str],
             lang: str = "en") -> list[Column]:
    import numpy as np
    import pandas as pd

    from .._precision import DECIMALS, INTEGER_KINDS, display, kind_of, metric_kinds
    from ..messages import render
    from ._layout import Column

    # a true/false cell (e.g. leader_is_core) in the table's language
    said = {True: render("cli_yes", lang), False: render("cli_no", lang)}
    cols = []
    by_row = metric_kinds(flat)
    for c in flat.columns:
        kind = (kinds or {}).get(c) or kind_of(c)
        numeric = pd.api.types.is_numeric_dtype(flat[c]) and not pd.api.types.is_bool_dtype(
            flat[c])
        cells = [said[bool(v)] if isinstance(v, (bool, np.bool_)) else display(v, kind)
                 for v in flat[c].tolist()]
        if c in ROW_HEADERS and lang == "zh":  # rows named by a field: the field's label
            cells = [header(re.sub(r"[: ]+", "_", s), lang) or s for s in cells]
        if c == "value" and by_row is not None and not (kinds or {}).get(c):
            cells = [display(v, k if DECIMALS.get(k) is not None and k not in INTEGER_KINDS
                             else kind) for v, k in zip(flat[c].tolist(), by_row, strict=True)]
        wrap = not numeric and any(" " in s or ";" in s or cell_len(s) > len(s) for s in cells)
        if c in ROW_HEADERS and lang == "zh":  # a label is read whole, as a header is
            wrap = False
        if wrap:
            cells = [s.replace(";", "; ").replace(";  ", "; ") for s in cells]
        cols.append(Column(c, cells, numeric=numeric, key=c in keys, wrap=wrap,
                           label=header(c, lang)))
    return cols


def print_table(flat: pd.DataFrame, *, title: str | None, caption: str | None,
                kinds: dict[str, str] | None = None, keys: Sequence[str] = (),
                hint: str | None = None, prefer: Sequence[str] = (),
                console: Console | None = None, lang: str | None = None) -> None:
    """Print ``flat`` (a table without index) as a Rich table that fits the terminal.

    Columns that do not fit are left out and named below the table, with how to get them (in
    ``lang``, default the CLI's language); a table of a few rows that does not fit is printed
    on its side instead.
    """
    from ._lang import current

    lang = lang or current()
    if lang == "zh":
        flat = flat.drop(columns=[c for c, twin in ENGLISH_TWINS.items()
                                  if c in flat.columns and twin in flat.columns])
    cols = _columns(flat, kinds, keys, lang)
    if "name_zh" in flat.columns and "name_en" in flat.columns:  # one name is enough
        prefer = [*prefer, *(c for c in flat.columns if c not in prefer and c != "name_en")]
    _print_columns(cols, len(flat), title=title, caption=caption, hint=hint, prefer=prefer,
                   console=console, lang=lang)


def _print_columns(cols: list[Column], n_rows: int, *, title: str | None, caption: str | None,
                   hint: str | None, prefer: Sequence[str], console: Console | None,
                   lang: str | None = None) -> None:
    from rich.console import Console

    from . import _layout

    console = console or Console()
    shown, hidden = _layout.choose(cols, console.width, prefer)
    notes: list[str] = []
    if hidden and n_rows <= _layout.SIDEWAYS_MAX_ROWS:
        labels = [" ".join(c.cells[i] for c in cols if c.key) or str(i)
                  for i in range(n_rows)]
        key_names = " ".join(c.title for c in cols if c.key)
        if not key_names:
            from ..messages import render
            from ._lang import current

            key_names = render("cli_column", lang or current())
        turned = _layout.sideways([c for c in cols if not c.key] if any(c.key for c in cols)
                                  else cols, labels, console.width, corner=key_names)
        if _layout.total_width(turned) <= console.width:
            shown, hidden = turned, []
    if hidden:
        notes.append(hidden_note(shown, hidden, hint, lang))
    console.print(_rich_table(shown, title))
    for line in [*(caption.splitlines() if caption else []), *notes]:
        # wrapped here, Chinese between characters, never inside a name or a number
        for part in _layout.wrap_text(line, console.width):
            console.print(part, highlight=False, markup=False, soft_wrap=True)


def hidden_note(shown: Sequence[Column], hidden: Sequence[Column], hint: str | None,
                lang: str | None = None) -> str:
    """The line under a table that left out ``hidden``: how many columns show, which do not
    and how to get them, in ``lang`` (default: the CLI's language, ``METROSCOPE_LANGUAGE``)."""
    from ..messages import Message, render

    if lang is None:
        from ._lang import current

        lang = current()
    names: Any = ([c.title for c in hidden] if len(hidden) <= 8 else
                  Message("cli_columns_range", n=len(hidden), first=hidden[0].title,
                          last=hidden[-1].title))
    head = render("cli_columns_hidden", lang, {"shown": len(shown),
                                               "total": len(shown) + len(hidden),
                                               "names": names})
    gap, end = ("", "。") if lang == "zh" else (" ", ".")
    return head + gap + (f"{hint}; " if hint else "") + render("cli_all_columns", lang) + end


def _rich_table(cols: list[Column], title: str | None) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title)
    for c in cols:
        table.add_column(Text("\n".join(c.header)), justify="right" if c.numeric else "left",
                         no_wrap=not c.wrap, min_width=c.width,
                         max_width=c.width if c.wrap else None, overflow="fold")
    n = len(cols[0].cells) if cols else 0
    for i in range(n):
        table.add_row(*[Text(c.cells[i]) for c in cols])
    return table
