"""``metroscope analyze``: print any registered indicator for a Region or a user's CSV.

    metroscope analyze --list
    metroscope analyze primacy --measure gdp --year 2023
    metroscope analyze theil --group-by metro --level prefecture --format json
    metroscope analyze gini --data my.csv --id city --value gdp --year 2023

pandas and the indicator modules are imported inside the command, so ``metroscope --help``
stays fast.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from .._errors import MetroscopeError

if TYPE_CHECKING:
    import pandas as pd

    from ..indicators import Indicator
    from ..region import Region

FORMATS = ("table", "csv", "json")


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def _list(fmt: str) -> None:
    import pandas as pd

    from ..indicators import REGISTRY
    from ._output import emit

    df = pd.DataFrame([{"name": i.name, "description_zh": i.zh, "description_en": i.en,
                        "csv": "yes" if i.table_ok else ""} for i in REGISTRY.values()])
    emit(df, fmt, title="metroscope analyze NAME — indicators")


def _region_from(region: str, data: Path | None, ind: Indicator, opts: dict[str, Any]) -> Region:
    if data is None:
        from .. import read_region
        from ..datasets import load

        path = Path(region)
        return read_region(path) if path.exists() else load(region)
    if not ind.table_ok:
        from ..indicators import REGISTRY

        ok = ", ".join(n for n, i in REGISTRY.items() if i.table_ok)
        _fail(f"'{ind.name}' needs a Region (seats, network or census tables), not a plain "
              f"table; --data works for: {ok}.")
    import pandas as pd

    from ..indicators._table import values_region

    if not data.exists():
        _fail(f"No such file: {data}.")
    if not opts["id_col"]:
        _fail("--data needs --id COL naming the unit id column.")
    try:
        table = pd.read_csv(data, dtype={opts["id_col"]: str}, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        _fail(f"Cannot read {data} as a UTF-8 CSV: {exc}")
    return values_region(table, id_col=opts["id_col"], value_cols=opts["values"],
                         group_col=opts["group"], year_col=opts["year_col"],
                         year=opts["year"] if not opts["year_col"] else None,
                         level=opts["level"] or "prefecture", source=str(data),
                         name=data.stem)


def _coerce(value: str, default: Any) -> Any:
    """Parse a --set value by the type of the parameter's default."""
    if isinstance(default, bool):
        return value.lower() in ("1", "true", "yes", "y")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    if isinstance(default, tuple | list):
        return _split(value)
    if value.lower() == "none":
        return None
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return _split(value) if "," in value else value


def _settings(ind: Indicator, params: Any, items: list[str]) -> dict[str, Any]:
    """Parse ``--set KEY=VALUE`` items against the indicator's parameters."""
    kw: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            _fail(f"--set expects KEY=VALUE, got {item!r}.")
        key, _, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if key not in params or key == "region":
            accepted = ", ".join(p for p in params if p != "region")
            _fail(f"'{ind.name}' has no parameter {key!r} (it accepts: {accepted}).")
        default = params[key].default
        try:
            kw[key] = _coerce(value.strip(), None if default is inspect.Parameter.empty
                              else default)
        except ValueError:
            _fail(f"--set {key}: cannot read {value!r} as {type(default).__name__}.")
    return kw


def _kwargs(ind: Indicator, opts: dict[str, Any], data_mode: bool) -> dict[str, Any]:
    params = inspect.signature(ind.parameter_source).parameters
    kw: dict[str, Any] = {}

    def put(option: str, key: str, value: Any) -> None:
        if value is None or value == []:
            return
        if key not in params:
            accepted = ", ".join(p for p in params if p != "region")
            _fail(f"{option} does not apply to '{ind.name}' (it accepts: {accepted}).")
        kw[key] = value

    put("--level", "level", opts["level"])
    if not (data_mode and opts["year_col"] is None):
        put("--year", "year", opts["year"])
    measure_key = "mass" if "mass" in params and "measure" not in params else "measure"
    put("--measure", measure_key, opts["measure"])
    put("--weight", "weight", opts["weight"])
    put("--group-by", "group_by", opts["group_by"])
    put("--parent", "parent", opts["parent"])
    put("--codes", "codes", _split(opts["codes"]) or None)
    put("--start", "start", opts["start"])
    put("--end", "end", opts["end"])
    if data_mode:
        values = opts["values"]
        if ind.kind == "measure":
            kw.setdefault("measure", values[0])
            if "weight" in params and "weight" not in kw:
                kw["weight"] = None
        elif ind.kind == "industries":
            kw["industries"] = values
        elif ind.kind == "indicators":
            kw["indicators"] = values
        if opts["group"] and "group_by" in params:
            kw.setdefault("group_by", "group")
    kw.update(_settings(ind, params, opts["set"] or []))
    return kw


def _caption(df: pd.DataFrame) -> str:
    from .._provenance import provenance

    meta = provenance(df)
    parts = []
    for key in ("indicator", "region", "year", "level", "measure"):
        if meta.get(key) not in (None, [], {}):
            parts.append(f"{key}: {meta[key]}")
    params = {k: v for k, v in (meta.get("parameters") or {}).items()
              if (v not in (None, [], {}) and not isinstance(v, dict | list)) or k == "weights"}
    if params:
        parts.append("parameters: " + "; ".join(f"{k}={v}" for k, v in params.items()))
    from ._output import notes_text

    notes = notes_text(df)
    parts += [f"note: {n}" for n in (notes.splitlines() if notes else [])]
    if meta.get("reference"):
        parts.append(f"reference: {meta['reference']}")
    sources = meta.get("sources") or []
    if sources:
        parts.append("sources: " + " | ".join(sources))
    return "\n".join(parts)


def app(
    name: str | None = typer.Argument(None, help="Indicator name (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List every indicator (中文/English)."),
    region: str = typer.Option("changchun", "--region",
                               help="Embedded dataset (changchun, china) or a bundle folder."),
    level: str | None = typer.Option(None, "--level", help="county | prefecture | province."),
    year: int | None = typer.Option(None, "--year", help="Year (default: latest complete)."),
    measure: str | None = typer.Option(None, "--measure",
                                       help="population | gdp | sqrt_pg | any stats indicator."),
    weight: str | None = typer.Option(None, "--weight",
                                      help="Weight indicator (e.g. population) or 'none'."),
    group_by: str | None = typer.Option(None, "--group-by",
                                        help="metro | role | parent | a units column."),
    parent: str | None = typer.Option(None, "--parent", help="Keep units under this code."),
    codes: str | None = typer.Option(None, "--codes", help="Comma-separated unit codes."),
    start: int | None = typer.Option(None, "--start", help="Start year (changes, growth)."),
    end: int | None = typer.Option(None, "--end", help="End year (changes, growth)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | json."),
    data: Path | None = typer.Option(None, "--data", help="Your own CSV of values."),
    id_col: str | None = typer.Option(None, "--id", help="Unit id column of --data."),
    value: list[str] | None = typer.Option(None, "--value",
                                           help="Value column of --data (repeatable)."),
    value_cols: str | None = typer.Option(None, "--value-cols",
                                          help="Comma-separated value columns of --data."),
    group: str | None = typer.Option(None, "--group", help="Group column of --data."),
    year_col: str | None = typer.Option(None, "--year-col", help="Year column of --data."),
    set_: list[str] | None = typer.Option(None, "--set",
                                          help="Extra parameter KEY=VALUE (repeatable)."),
) -> None:
    """Compute an indicator and print it (table, CSV, or a JSON array of records)."""
    if fmt not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}; got {fmt!r}.")
    if list_:
        _list(fmt)
        return
    if not name:
        _fail("Name an indicator (metroscope analyze --list shows them).")
    opts = {"level": level, "year": year, "measure": measure, "weight": weight,
            "group_by": group_by, "parent": parent, "codes": codes, "start": start, "end": end,
            "id_col": id_col, "values": [*(value or []), *_split(value_cols)], "group": group,
            "year_col": year_col, "set": set_}
    try:
        from ..indicators import get

        ind = get(str(name))
        reg = _region_from(region, data, ind, opts)
        kwargs = _kwargs(ind, opts, data is not None)
        result = ind.function(reg, **kwargs)
    except (MetroscopeError, ValueError) as exc:
        _fail(str(exc))
    from ._output import emit, unit_names

    if fmt == "table":
        emit(result, fmt, title=f"{ind.name}: {ind.zh} / {ind.en}", caption=_caption(result),
             names=unit_names(reg))
    else:
        emit(result, fmt)
        if fmt == "csv":
            sys.stderr.write(_caption(result) + "\n")
