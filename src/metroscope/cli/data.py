"""``metroscope data``: list, show, validate, import and export datasets and bundles."""

from __future__ import annotations

import contextlib
from pathlib import Path

import typer

from ..datasets import open_region
from ._lang import LANG, current, t, use
from ._output import OutputFormat, emit, emit_rows

__all__ = ["app", "open_region"]

app = typer.Typer(no_args_is_help=True, help="List, show, validate, import and export datasets.")


@app.command("list")
def list_cmd(fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
             lang: str | None = LANG) -> None:
    """List the embedded datasets."""
    from ..datasets import catalogue_rows

    use(lang)
    rows = catalogue_rows()
    if fmt is OutputFormat.table:  # headers read in the run's language; csv/json keep keys
        heads = {c: t(f"cli_data_col_{c}") for c in ("name", "description")}
        rows = [{heads[k]: v for k, v in r.items() if k in heads} for r in rows]
        emit_rows(rows, list(heads.values()), fmt, title=t("cli_data_list_title"),
                  keys=[heads["name"]])
        return
    emit_rows(rows, ["name", "description"], fmt)


@app.command("show")
def show(
    name: str = typer.Argument("changchun", help="Dataset name or bundle folder."),
    table: str = typer.Option("summary", help="summary | units | stats | nodes | links | access "
                              "| projects | indicators"),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    lang: str | None = LANG,
) -> None:
    """Show a dataset: a summary, or one of its tables."""
    import pandas as pd

    use(lang)
    tables = ("summary", "units", "stats", "nodes", "links", "access", "projects", "indicators")
    if table not in tables:
        from .._errors import ParameterError, shorten

        raise ParameterError(t("cli_data_bad_table", allowed=", ".join(tables),
                               got=shorten(table)))
    region = open_region(name)
    if table == "summary":
        from ..overview import region_summary

        emit(region_summary(region), fmt,
             title=region.title_zh if current() == "zh" else region.title)
    elif table == "indicators":
        from ..overview import indicator_catalogue

        emit(indicator_catalogue(region), fmt)
    else:
        from .._records import unit_names

        df = getattr(region, table)
        emit(pd.DataFrame(df), fmt, names=unit_names(region))


@app.command("sources")
def sources_cmd(
    name: str = typer.Argument("changchun", help="Dataset name or bundle folder."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    lang: str | None = LANG,
) -> None:
    """List every source of a dataset's statistics, its kind and quality, and how many values
    rest on it."""
    from ..report._i18n import source_kind
    from ..sources import source_table

    lang = use(lang)
    region = open_region(name)
    df = source_table(region)
    df.insert(1, "kind_label", [source_kind(k).get(lang) for k in df["kind"]])
    title = t("cli_data_sources_title", name=region.title_zh if lang == "zh" else region.name,
              n=len(df), values=int(df["n_values"].sum()))
    if fmt != OutputFormat.table:
        emit(df, fmt, title=title)
        return
    short = df.reset_index()[["kind_label", "quality", "n_values", "years", "source"]]
    emit(short.rename(columns={"kind_label": "kind", "n_values": "values"}), fmt, title=title,
         caption=t("cli_data_sources_caption"))


@app.command("validate")
def validate(path: Path = typer.Argument(..., help="Bundle folder (with region.toml)."),
             lang: str | None = LANG) -> None:
    """Validate a bundle; exit code 1 and every problem listed when it is not valid."""
    from ..bundle import read_bundle

    use(lang)
    region = read_bundle(path)  # the root command prints every problem and exits 1
    typer.echo(t("cli_data_valid", region=repr(region)))


FORCE = typer.Option(False, "--force", help="Replace an existing bundle in OUT (a non-empty "
                     "folder that is not a bundle is never replaced).")


@app.command("export")
def export(
    name: str = typer.Argument(..., help="Dataset name or bundle folder."),
    out: Path = typer.Argument(..., help="Folder to write the bundle to (new or empty)."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv (CSV + GeoJSON) or parquet."),
    force: bool = FORCE,
    lang: str | None = LANG,
) -> None:
    """Export a dataset as a bundle folder that `data validate` and `read_region` accept."""
    from .._atomic import check_output_dir
    from ._output import make_folders

    use(lang)
    source = Path(name) if Path(name).exists() else None
    check_output_dir(out, force=force, inputs=[source])
    make_folders(out)  # a missing folder above the bundle is created and said on stderr
    path = open_region(name).write(out, fmt=fmt, overwrite=force)
    typer.echo(t("cli_data_wrote", path=path))


@app.command("import")
def import_cmd(
    name: str = typer.Argument(..., help="Name of the new region."),
    out: Path = typer.Argument(..., help="Folder to write the bundle to (new or empty)."),
    units: Path = typer.Option(..., help="Units: CSV with lon/lat, GeoJSON or GeoPackage."),
    level: str = typer.Option(None, help="Level of every unit when the file has no level "
                              "column: province | prefecture | county."),
    role: str = typer.Option(None, help="Role of every unit when the file has no role column: "
                             "core | member | partial | context."),
    stats: list[Path] = typer.Option(None, help="Stats CSV (long or wide); repeatable."),
    indicator: str = typer.Option(None, help="Indicator name for wide stats files."),
    unit: str = typer.Option(None, help="Unit of the values when the file has no unit column."),
    source: str = typer.Option(None, help="Source when the file has no source column."),
    quality: str = typer.Option(None, help="Quality A-D when the file has none."),
    nodes: Path = typer.Option(None, help="Network nodes CSV."),
    links: Path = typer.Option(None, help="Network links CSV."),
    access: Path = typer.Option(None, help="Network access CSV."),
    year: int = typer.Option(None, "--year", help="Year of stats files without a year "
                             "column (a cross-section)."),
    outside_china: bool = typer.Option(False, "--outside-china", help="The region is not in "
                                       "China: skip the check that seats and boundaries lie "
                                       "in China."),
    make_valid: bool = typer.Option(False, "--make-valid", help="Repair invalid polygons "
                                    "(self-intersections) instead of refusing them."),
    force: bool = FORCE,
    lang: str | None = LANG,
) -> None:
    """Import user files into a validated bundle (every problem reported at once)."""
    from .._atomic import check_output_dir
    from ..importers import import_region
    from ._output import make_folders

    use(lang)
    check_output_dir(out, force=force, inputs=[units, *(stats or []), nodes, links, access])
    defaults = {k: v for k, v in {"indicator": indicator, "unit": unit, "source": source,
                                  "quality": quality, "year": year}.items() if v is not None}
    region = import_region(name, units, stats=stats or [], nodes=nodes, links=links,
                           access=access, stats_defaults=defaults, outside_china=outside_china,
                           make_valid=make_valid,
                           units_defaults={k: v for k, v in {"level": level,
                                                             "role": role}.items() if v})
    for note in region.meta.get("import_notes", []):
        typer.echo(t("cli_data_note", note=note), err=True)
    # the missing folders above OUT only once the inputs are valid: a refused input leaves
    # nothing behind, and neither does a write that fails
    made = make_folders(out)
    try:
        path = region.write(out, overwrite=force)
    except BaseException:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only an empty folder; never what the write left in it
        raise
    typer.echo(t("cli_data_imported", region=repr(region), path=path))
