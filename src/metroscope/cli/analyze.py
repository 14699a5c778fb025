"""``metroscope analyze``: print any registered indicator for a Region or a user's CSV.

    metroscope analyze --list
    metroscope analyze primacy --measure gdp --year 2023
    metroscope analyze primacy --measure gdp --year 2024 --parent-total 14400.0
    metroscope analyze theil --group-by metro --level prefecture --format json
    metroscope analyze gini --data my.csv --id city --value gdp --year 2023

pandas and the indicator modules are imported inside the command, so ``metroscope --help``
stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .._errors import MissingDataError, ParameterError, shorten
from ._lang import LANG, current, t, use
from ._output import OutputFormat

if TYPE_CHECKING:
    import pandas as pd

    from ..indicators import Indicator
    from ..region import Region

def _split(text: str | None) -> list[str]:
    from ..indicators._options import split_list

    return split_list(text)


def _list(fmt: str) -> None:
    from ..indicators._options import registry_table
    from ._output import emit

    emit(registry_table(), fmt, title=t("cli_an_list_title"))


def _region_from(region: str, data: Path | None, ind: Indicator, opts: dict[str, Any]) -> Region:
    if data is None:
        from .. import read_region
        from ..datasets import load

        path = Path(region)
        return read_region(path) if path.exists() else load(region)
    if not ind.table_ok:
        from ..indicators import REGISTRY

        ok = ", ".join(n for n, i in REGISTRY.items() if i.table_ok)
        raise ParameterError(t("cli_an_needs_region", name=ind.name, ok=ok))
    from .._readers import read_csv_typed
    from ..indicators._table import values_region

    if not opts["id_col"]:
        raise ParameterError(t("cli_an_needs_id"))

    table = read_csv_typed(data, dtype={opts["id_col"]: str}, encoding="utf-8-sig")
    return values_region(table, id_col=opts["id_col"], value_cols=opts["values"],
                         group_col=opts["group"], year_col=opts["year_col"],
                         year=opts["year"] if not opts["year_col"] else None,
                         level=opts["level"] or "prefecture", source=str(data),
                         name=data.stem)


def _parent_totals(text: str | None, year: int | None) -> dict[int, float] | None:
    """``--parent-total``: ``VALUE`` (for --year) or ``YEAR=VALUE[,YEAR=VALUE...]``."""
    if not text:
        return None
    out: dict[int, float] = {}
    for item in _split(text):
        y, sep, v = item.rpartition("=")
        if not sep and year is None:
            raise ParameterError(t("cli_an_parent_total_year", got=shorten(item)))
        try:
            key, number = (int(y), float(v)) if sep else (int(year or 0), float(v))
        except ValueError:
            raise ParameterError(t("cli_an_parent_total_number", got=shorten(item))) from None
        out[key] = number
    bad = [f"{y}={v}" for y, v in out.items() if not v > 0]
    if bad:
        raise ParameterError(t("cli_an_parent_total_positive", got=", ".join(bad)))
    return out


def _headline(df: pd.DataFrame, name: str) -> str | None:
    """The result's headline column: the one named after the indicator (``gini``, ``cv``,
    ``theil_t``), else the first floating-point column."""
    import pandas as pd

    if df.empty:
        return None
    for cand in (name, f"{name}_t", "value"):
        if cand in df.columns:
            return cand
    return next((str(c) for c in df.columns if pd.api.types.is_float_dtype(df[c])), None)


def _zh_name(key: str, value: Any) -> Any:
    """The Chinese name of a level (``地级``) or of a registered measure, else ``value``."""
    from ..measures import label
    from ..messages import CATALOGUE, render

    if key == "level":
        return render(f"level_{value}", "zh") if f"level_{value}" in CATALOGUE else value
    return label(value, "zh") if isinstance(value, str) else value


def _caption(df: pd.DataFrame, cross_section: bool = False) -> str:
    from .._provenance import provenance
    from ..messages import text

    meta = provenance(df)
    sep = t("cli_cap_sep")
    lang = current()
    parts = []
    for key in ("indicator", "region", "year", "level", "measure"):
        if meta.get(key) not in (None, [], {}):
            value = text(meta[key], lang) if isinstance(meta[key], str) else meta[key]
            if lang == "zh" and key in ("level", "measure"):  # a level, a registered measure
                value = _zh_name(key, value)
            if key == "year" and cross_section:
                value = t("cli_an_cross_section")
            parts.append(f"{t('cli_cap_' + key)}{sep}{value}")
    params = {k: v for k, v in (meta.get("parameters") or {}).items()
              if (v not in (None, [], {}) and not isinstance(v, dict | list)) or k == "weights"}
    if params:
        parts.append(t("cli_cap_parameters") + sep
                     + "; ".join(f"{k}={text(v, lang)}" for k, v in params.items()))
    from ._output import notes_text

    notes = notes_text(df)
    parts += [f"{t('cli_cap_note')}{sep}{n}" for n in (notes.splitlines() if notes else [])]
    if meta.get("reference"):
        parts.append(f"{t('cli_cap_reference')}{sep}{text(meta['reference'], lang)}")
    sources = meta.get("sources") or []
    if sources:
        # a space after the label: a long URL goes to the next line, the label stays whole
        parts.append(t("cli_cap_sources") + sep.rstrip() + " " + " | ".join(sources))
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
    parent_total: str | None = typer.Option(
        None, "--parent-total",
        help="The parent's own total for a share (primacy), in the measure's unit (亿元 "
             "for gdp, persons for population); not below the core's own value: VALUE for "
             "--year, or YEAR=VALUE[,YEAR=VALUE]; labelled user-supplied."),
    codes: str | None = typer.Option(None, "--codes", help="Comma-separated unit codes."),
    start: int | None = typer.Option(None, "--start", help="Start year (changes, growth)."),
    end: int | None = typer.Option(None, "--end", help="End year (changes, growth)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                     help="table | csv | json."),
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
    lang: str | None = LANG,
) -> None:
    """Compute an indicator and print it (table, CSV, or a JSON array of records)."""
    use(lang)
    if list_:
        _list(fmt)
        return
    if not name:
        raise ParameterError(t("cli_an_name_missing"))
    opts = {"level": level, "year": year, "measure": measure, "weight": weight,
            "group_by": group_by, "parent": parent,
            "parent_total": _parent_totals(parent_total, year),
            "codes": codes, "start": start, "end": end,
            "id_col": id_col, "values": [*(value or []), *_split(value_cols)], "group": group,
            "year_col": year_col, "set": set_}
    from ..indicators import get
    from ..indicators._options import indicator_kwargs

    ind = get(str(name))
    reg = _region_from(region, data, ind, opts)
    kwargs = indicator_kwargs(ind, opts, data_mode=data is not None)
    result = ind.function(reg, **kwargs)
    from .._records import unit_names
    from ._output import emit

    headline = _headline(result, ind.name)
    if headline is not None and result[headline].isna().all():
        from .._provenance import provenance
        from ..messages import text

        notes = "; ".join(text(n, current()) for n in provenance(result).get("notes") or []
                          ) or t("cli_an_no_note")
        raise MissingDataError(t("cli_an_all_nan", name=ind.name, column=headline, notes=notes))
    if fmt is OutputFormat.table:
        title = ind.zh if current() == "zh" else ind.en
        emit(result, fmt, title=f"{ind.name}: {title}",
             caption=_caption(result, bool(reg.meta.get("cross_section"))),
             names=unit_names(reg),
             # whether a row's leader is the core (primacy) is shown before anything else
             prefer=[c for c in ("leader_is_core",) if c in result.columns])
    else:
        emit(result, fmt)
        if fmt is OutputFormat.csv:
            sys.stderr.write(_caption(result, bool(reg.meta.get("cross_section"))) + "\n")
