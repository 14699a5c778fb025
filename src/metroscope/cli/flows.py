"""``metroscope flows``: radiation and gravity flow models, and their calibration.

Heavy imports stay inside the commands so that ``metroscope --help`` stays fast. Large tables
stream: ``--out`` writes CSV in chunks or Parquet by row groups, and ``--format json`` writes
the array of records chunk by chunk, never as one giant string.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .._errors import DataValidationError, MetroscopeError, ParameterError
from ..messages import CATALOGUE, Message
from ._lang import add_lang, t
from ._output import OutputFormat, emit

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(help="Radiation and gravity flow models, fitting.", no_args_is_help=True)

CHUNK = 200_000
TABLE_ROWS = 50


class Engine(str, Enum):
    """Engines of the pairwise kernels."""

    local = "local"
    dask = "dask"


REGION = typer.Option(None, "--region", "-r", help="Dataset name or bundle folder "
                      "(default changchun when no --locations).")
LOCATIONS = typer.Option(None, "--locations", "-l", help="CSV with code, lon, lat, population "
                         "[, outflow, inflow] instead of a region.")
YEAR = typer.Option(2020, "--year", help="Census year of the population (region input).")
LEVEL = typer.Option("county", "--level", help="Unit level (region input).")
ENGINE = typer.Option(Engine.local, "--engine", help="local | dask.")
SCHEDULER = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:port) "
                         "for --engine dask; default a LocalCluster with 2 workers.")
OUT = typer.Option(None, "--out", "-o", help="Write the table to FILE (.csv or .parquet).")
FMT = typer.Option(OutputFormat.table, "--format", "-f", help="table | csv | json (stdout).")
CORE = typer.Option(False, "--core-share", help="Print each member county's share of flows "
                    "with the core instead of the flow table (region input).")
DETERRENCE = typer.Option("power", "--deterrence", help="power | exp.")
CONSTRAINT = typer.Option("production", "--constraint", help="none | production | attraction "
                          "| doubly.")
DATASET = typer.Option(None, "--dataset", help="Stream the flows to a partitioned Parquet "
                       "dataset in this FOLDER (one part file per block of origins, never the "
                       "whole table in memory; for large N with --k-nearest/--cutoff-km). "
                       "Prints the counts and the truncation error.")
CHUNK_ROWS = typer.Option(None, "--chunk-rows", help="Origins per block (default: the "
                          "chunk_rows setting, 512; with --k-nearest about "
                          "524,288 pairs per block).")
QUIET = typer.Option(False, "--quiet", "-q", help="No progress bar.")
K_NEAREST = typer.Option(None, "--k-nearest", help="Keep each origin's k nearest.")
CUTOFF = typer.Option(None, "--cutoff-km", help="Keep pairs within this many km.")


#: the input files of the flow commands, as catalogue keys (for the language of the message)
_WHAT = {"locations": "err_what_locations", "observed flows": "err_what_observed"}


def _read_csv(path: Path, what: str, quoted: list[Any]) -> pd.DataFrame:
    """A flow command's input table; an unclosed quote (which pandas reports alone) is read
    as an ordinary character and its problem appended to ``quoted``, so that the table's
    other problems are found and reported with it."""
    import io

    import pandas as pd

    from .._errors import FileFormatError

    dtype = {"code": str, "origin": str, "destination": str}
    try:
        return pd.read_csv(path, dtype=dtype)
    except pd.errors.ParserError as exc:
        from .._csv_quotes import unclosed_quotes
        from .._readers import decode, read_bytes

        error: Exception = exc
        try:
            text, found = unclosed_quotes(decode(read_bytes(path), path)[0], str(path))
            if found:
                df = pd.read_csv(io.StringIO(text), dtype=dtype)
                quoted += found
                return df
        except (FileFormatError, ValueError):
            pass  # the first error says it
    except (OSError, ValueError) as exc:
        error = exc
    kind = Message(_WHAT[what]) if what in _WHAT else what
    msg = Message("err_cannot_read_input", what=kind, path=str(path), reason=str(error))
    raise FileFormatError(msg) from None


def _with_quotes(quoted: list[Any], path: Path, exc: DataValidationError | None = None
                 ) -> DataValidationError:
    """The problems of a table read by :func:`_read_csv` (``exc``'s, if any) with its
    unclosed quotes first, as one error."""
    return DataValidationError([*quoted, *(exc.problems if exc is not None else [])],
                               context=exc.context if exc is not None else str(path))


def in_file(exc: DataValidationError, path: Path) -> DataValidationError:
    """The observed flows' problems located in the file ``path`` (data row N is line N + 1,
    the header being line 1); other problems unchanged."""
    import dataclasses

    from ..messages import Message

    ctx = str(Message("val_ctx_observed_flows"))
    problems = [dataclasses.replace(p, file=str(path), line=p.row + 1)
                if str(p.table) == ctx and isinstance(p.row, int) else
                dataclasses.replace(p, file=str(path)) if str(p.table) == ctx else p
                for p in exc.problems]
    return DataValidationError(problems, context=str(path))


def _inputs(region: str | None, locations: Path | None, year: int, level: str,
            *, anchors: bool = True) -> tuple[Any, pd.DataFrame]:
    if region is not None and locations is not None:
        raise ParameterError(Message("cli_flows_region_or_locations"))
    if locations is not None:
        from ..flows._table import locations_table

        quoted: list[Any] = []
        table = _read_csv(locations, "locations", quoted)
        try:
            loc = locations_table(table, context=str(locations), path=str(locations))
        except DataValidationError as exc:
            raise _with_quotes(quoted, locations, exc) from None
        if quoted:
            raise _with_quotes(quoted, locations)
        return None, loc
    from ..flows import locations_from_region
    from .data import open_region

    r = open_region(region or "changchun")
    return r, locations_from_region(r, year=year, level=level, anchors=anchors)


class _Cluster:
    """A dask client for ``--engine dask`` (closed on exit)."""

    def __init__(self, engine: Engine, scheduler: str | None) -> None:
        self.engine, self.scheduler = engine, scheduler
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> Any:
        if self.engine is Engine.local:
            return None
        import distributed

        client: Any = distributed.Client
        if self.scheduler:
            self.client = client(self.scheduler)
        else:
            from ..engine import local_cluster

            self.cluster = local_cluster(2)
            self.client = client(self.cluster)
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def check_out(out: Path | None, *inputs: Path | None) -> None:
    """Check ``--out`` before computing (a file name ending in .csv or .parquet, in a
    writable folder, not one of the inputs)."""
    if out is not None:
        from .._atomic import check_output_file
        from ..flows.output import SUFFIXES
        from ._output import make_folders

        check_output_file(out, inputs=inputs, suffixes=SUFFIXES, what="the flow table")
        make_folders(out)  # a missing folder is created and said on stderr


def write_table(df: pd.DataFrame, out: Path) -> None:
    """Write a (flow) table to Parquet by row groups or to CSV in chunks, atomically, with
    origin/destination kept dictionary-encoded (:func:`metroscope.flows.output.write_flows`)."""
    from ..flows.output import write_flows

    write_flows(df, out)


def stream(df: pd.DataFrame, fmt: OutputFormat, *, title: str, caption: str | None) -> None:
    """Print ``df`` to stdout chunk by chunk (json, csv) or its largest rows (table)."""
    from ._output import records

    if fmt is OutputFormat.json:
        sys.stdout.write("[")
        first = True
        for start in range(0, len(df), CHUNK):
            for rec in records(df.iloc[start:start + CHUNK]):
                sys.stdout.write(("" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
                first = False
        sys.stdout.write("]\n")
        return
    if fmt is OutputFormat.csv:
        import pyarrow.csv as pacsv

        from ..flows.output import csv_options, flow_batches

        sys.stdout.flush()
        writer = None
        for batch in flow_batches(df, CHUNK):
            if writer is None:
                writer = pacsv.CSVWriter(sys.stdout.buffer, batch.schema,
                                         write_options=csv_options(batch))
            writer.write_batch(batch)
        if writer is not None:
            writer.close()
        sys.stdout.buffer.flush()
        return
    top = df.nlargest(TABLE_ROWS, "flow") if "flow" in df.columns else df.head(TABLE_ROWS)
    note = t("cli_flows_largest", shown=len(top), total=f"{len(df):,}")
    emit(top, fmt, title=title, caption="\n".join(x for x in (caption, note) if x))


def _finish(flows: pd.DataFrame, region: Any, core: bool, out: Path | None,
            fmt: OutputFormat, title: str, *, written: bool = False) -> None:
    """Print or write the flow table (``written``: ``out`` was already written while the
    model ran)."""
    meta = flows.attrs.get("metroscope", {})
    caption = t("cli_flows_caption", parameters=meta.get("parameters"),
                measure=meta.get("measure", "n/a"))
    if core:
        if region is None:
            raise ParameterError(Message("cli_flows_core_needs_region"))
        from ..flows import core_share

        table = core_share(flows, region)
        if out is not None:
            write_table(table, out)
        # the two shares first: a narrow terminal drops the flow counts, never a share
        emit(table, fmt, title=t("cli_flows_core_share", title=title), caption=caption,
             prefer=[c for c in ("outbound_to_core_share", "inbound_from_core_share")
                     if c in table.columns])
        return
    if out is not None:
        if not written:
            write_table(flows, out)
        typer.echo(t("cli_flows_wrote_rows", n=f"{len(flows):,}", path=out), err=True)
        return
    stream(flows, fmt, title=title, caption=caption)


def _to_dataset(fn: Any, dataset: Path, region: str | None, locations: Path | None, year: int,
                level: str, core: bool, out: Path | None, engine: Engine,
                scheduler: str | None, chunk_rows: int | None, quiet: bool, fmt: OutputFormat,
                title: str, **options: Any) -> None:
    """Stream a model to a partitioned Parquet dataset and print what was written."""
    import pandas as pd

    from .areas import _progress as progress_bar

    if core or out is not None:
        raise ParameterError(Message("cli_flows_dataset_alone"))

    # a unit placed at its anchor's seat would be 0 km from it (gravity): left out there;
    # radiation keeps it (the streamed model refuses co-located places under merge and takes
    # them as separate places under keep, as radiation(colocated=...) does)
    radiation = "colocated" in options
    _, loc = _inputs(region, locations, year, level, anchors=radiation)
    with _Cluster(engine, scheduler) as client, \
            progress_bar(f"{title}: blocks of origins", quiet=quiet) as tick:
        ds = fn(loc, dataset, engine=engine.value, client=client, chunk_rows=chunk_rows,
                progress=tick, **options)
    kept = ds.summary()
    rows: dict[str, Any] = {"n_locations": ds.n_locations, "n_pairs": ds.n_pairs,
                            "n_parts": ds.n_parts, "bytes_written": ds.bytes_written,
                            "n_writers": len(ds.writers)}
    rows |= {f"kept_share_{k}" if k != "origins_without_pairs" else k: v
             for k, v in kept.items()}
    table = pd.Series(list(rows.values()), index=pd.Index(list(rows), name="item"),
                      dtype=object, name="value").to_frame()
    emit(table, fmt, title=t("cli_flows_written", title=title, dataset=dataset),
         caption=f"{t('cli_cap_parameters')}{t('cli_cap_sep')}{ds.parameters}")


@app.command("radiation")
def radiation_cmd(
    region: str = REGION,
    locations: Path = LOCATIONS,
    year: int = YEAR,
    level: str = LEVEL,
    tie_rule: str = typer.Option("inclusive", "--tie-rule", help="inclusive (TDLM) | ordered "
                                 "(scikit-mobility)."),
    normalisation: str = typer.Option("row", "--normalisation", help="row | finite | none."),
    model: str = typer.Option("original", "--model", help="original | extended."),
    alpha: float = typer.Option(1.0, "--alpha", help="Exponent of the extended model."),
    k_nearest: int = K_NEAREST,
    cutoff_km: float = CUTOFF,
    engine: Engine = ENGINE,
    scheduler: str = SCHEDULER,
    core: bool = CORE,
    out: Path = OUT,
    fmt: OutputFormat = FMT,
    dataset: Path = DATASET,
    chunk_rows: int = CHUNK_ROWS,
    quiet: bool = QUIET,
    colocated: str = typer.Option("merge", "--colocated", help="merge (locations at one "
                                  "point are one place, its flows split back by population) "
                                  "| keep (each row a place; they count one another as ties)."),
) -> None:
    """Radiation-model flows between all pairs of locations (T_i = population or outflow).

    A region's units without a seat (development zones) are placed at their anchor district's
    seat and, with the default --colocated merge, taken as one place with it.
    """
    from ..flows import radiation

    check_out(out, locations)
    if dataset is not None:
        from ..flows.dataset import radiation_to_parquet

        _to_dataset(radiation_to_parquet, dataset, region, locations, year, level, core, out,
                    engine, scheduler, chunk_rows, quiet, fmt, t("cli_flows_radiation"),
                    tie_rule=tie_rule, normalisation=normalisation, model=model, alpha=alpha,
                    k_nearest=k_nearest, cutoff_km=cutoff_km, colocated=colocated)
        return
    r, loc = _inputs(region, locations, year, level)
    # --out: the file is written while the kernel computes (radiation's write_to)
    write_to = out if out is not None and not core else None
    with _Cluster(engine, scheduler) as client:
        flows = radiation(loc, tie_rule=tie_rule, normalisation=normalisation,  # type: ignore[arg-type]
                          model=model, alpha=alpha, k_nearest=k_nearest,  # type: ignore[arg-type]
                          cutoff_km=cutoff_km, engine=engine.value, client=client,
                          write_to=write_to, colocated=colocated)  # type: ignore[arg-type]
    # the units placed at an anchor and the places merged: said on stderr, in the CLI's
    # language, wrapped to the terminal
    from rich.console import Console

    from ._layout import wrap_text

    width = Console(stderr=True).width
    for note in [*(loc.attrs.get("metroscope", {}).get("notes") or []),
                 *(flows.attrs.get("metroscope", {}).get("notes") or [])]:
        if getattr(note, "key", "") in ("flow_placed_at_anchor", "flow_merged_colocated"):
            for part in wrap_text(t("cli_data_note", note=note), width, "  "):
                typer.echo(part, err=True)
    _finish(flows, r, core, out, fmt, t("cli_flows_radiation"), written=write_to is not None)


@app.command("gravity")
def gravity_cmd(
    region: str = REGION,
    locations: Path = LOCATIONS,
    year: int = YEAR,
    level: str = LEVEL,
    deterrence: str = DETERRENCE,
    beta: float = typer.Option(None, "--beta", help="Deterrence parameter (power: "
                               "dimensionless, default 2; exp: per minute or km, required)."),
    constraint: str = CONSTRAINT,
    mode: str = typer.Option("road", "--mode", "-m", help="Cost for region input: road | rail "
                             "| fastest (travel minutes) | distance (great-circle km)."),
    k_nearest: int = K_NEAREST,
    cutoff_km: float = CUTOFF,
    engine: Engine = ENGINE,
    scheduler: str = SCHEDULER,
    core: bool = CORE,
    out: Path = OUT,
    fmt: OutputFormat = FMT,
    dataset: Path = DATASET,
    chunk_rows: int = CHUNK_ROWS,
    quiet: bool = QUIET,
) -> None:
    """Gravity-model flows (travel times for regions with a network, else distance).

    --k-nearest, --cutoff-km and --dataset work on great-circle distance: with a region, give
    --mode distance. --dataset applies the production constraint.
    """
    from ..flows import gravity, region_flows

    check_out(out, locations)
    truncated = k_nearest is not None or cutoff_km is not None
    if (truncated or dataset is not None) and locations is None and mode != "distance":
        raise ParameterError(Message("cli_flows_truncated_distance"))
    if beta is None and deterrence == "exp":
        raise ParameterError(Message("cli_flows_exp_needs_beta"))
    if dataset is not None:
        from ..flows.dataset import gravity_to_parquet

        if constraint != "production":
            raise ParameterError(Message("cli_flows_dataset_production"))
        _to_dataset(gravity_to_parquet, dataset, region, locations, year, level, core, out,
                    engine, scheduler, chunk_rows, quiet, fmt, t("cli_flows_gravity"),
                    deterrence=deterrence, beta=2.0 if beta is None else beta,
                    k_nearest=k_nearest, cutoff_km=cutoff_km)
        return
    with _Cluster(engine, scheduler) as client:
        if locations is None and not truncated:
            from .data import open_region

            r = open_region(region or "changchun")
            opts: dict[str, Any] = {"mode": mode, "deterrence": deterrence,
                                    "constraint": constraint}
            flows = region_flows(r, model="gravity", year=year, level=level, beta=beta,
                                 engine=engine.value, client=client, **opts)
        else:
            r, loc = _inputs(region, locations, year, level, anchors=False)  # 0 km to anchors
            flows = gravity(loc, deterrence=deterrence, beta=2.0 if beta is None else beta,  # type: ignore[arg-type]
                            constraint=constraint,  # type: ignore[arg-type]
                            k_nearest=k_nearest, cutoff_km=cutoff_km,
                            engine=engine.value, client=client)
    _finish(flows, r, core, out, fmt, t("cli_flows_gravity"))


@app.command("fit")
def fit_cmd(
    observed: Path = typer.Option(..., "--observed", help="CSV with origin, destination, flow "
                                  "[, cost, origin_mass, destination_mass]."),
    region: str = REGION,
    locations: Path = LOCATIONS,
    year: int = YEAR,
    level: str = LEVEL,
    deterrence: str = DETERRENCE,
    constraint: str = typer.Option("doubly", "--constraint", help="none | production | "
                                   "attraction | doubly."),
    out: Path = OUT,
    fmt: OutputFormat = FMT,
) -> None:
    """Calibrate a gravity model on observed flows (Poisson maximum likelihood).

    Prints the coefficients with standard errors; ``--out`` writes the fitted flows.
    """
    from ..flows import fit_gravity

    check_out(out, observed, locations)
    quoted: list[Any] = []  # unclosed quotes, reported with the table's other problems
    obs = _read_csv(observed, "observed flows", quoted)
    loc = None
    if region is not None or locations is not None or "cost" not in obs.columns:
        _, loc = _inputs(region, locations, year, level, anchors=False)  # 0 km to anchors
    try:
        res = fit_gravity(obs, constraint=constraint,  # type: ignore[arg-type]
                          deterrence=deterrence,  # type: ignore[arg-type]
                          locations=loc)
    except DataValidationError as exc:
        raise _with_quotes(quoted, observed, in_file(exc, observed)) from None
    except MetroscopeError:
        if quoted:  # a model error on a misread table: the quote is what to fix first
            raise _with_quotes(quoted, observed) from None
        raise
    if quoted:
        raise _with_quotes(quoted, observed)
    if out is not None:
        write_table(res.fitted, out)
    gof = ", ".join(f"{k}={v:.4g}" for k, v in res.gof.items())

    table = res.summary()
    table.index.name = "parameter"
    named = {k: t(f"cli_flows_{k}_{v}") if f"cli_flows_{k}_{v}" in CATALOGUE else v
             for k, v in (("constraint", constraint), ("deterrence", deterrence))}
    emit(table, fmt, title=t("cli_flows_fit", **named, beta=f"{res.beta:.6g}"),
         caption=gof)
    for note in res.notes:
        typer.echo(t("cli_data_note", note=note), err=True)


add_lang(app)  # --lang zh|en: notes and error messages in that language
