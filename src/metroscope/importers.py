"""Importers for user data: units, stats and networks from CSV, GeoJSON and GeoPackage.

Chinese CSV files often come in GBK/GB18030 (Excel's default on Chinese Windows). Every CSV is
read as UTF-8 (with or without BOM) first, then as GB18030 (a superset of GBK and GB2312);
a file that is neither is refused with instructions. Each importer validates what it read and
raises one :class:`~metroscope.DataValidationError` listing every problem with its row.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import _validate as V
from ._errors import DataValidationError, FileFormatError, Problem

if TYPE_CHECKING:
    import geopandas as gpd

    from .region import Region

logger = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "gb18030")
_LON_NAMES = ("seat_lon", "lon", "lng", "longitude", "x", "经度")
_LAT_NAMES = ("seat_lat", "lat", "latitude", "y", "纬度")


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode file bytes as UTF-8 or GB18030; returns ``(text, encoding)``.

    Raises
    ------
    FileFormatError
        For an empty file, or bytes that are valid in none of the supported encodings.
    """
    if not data.strip():
        msg = (f"{path} is empty. Expected a CSV file with a header row and at least one data "
               "row.")
        raise FileFormatError(msg)
    errors = []
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            errors.append(f"{enc}: byte {exc.start}")
    msg = (f"{path} is not valid text in any supported encoding ({'; '.join(errors)}). "
           "Save it as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8), or convert it with "
           "`iconv -f <encoding> -t UTF-8 file.csv > file-utf8.csv`.")
    raise FileFormatError(msg)


def read_csv(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """Read a CSV as strings (no type guessing), detecting UTF-8 or GB18030/GBK.

    Types are converted later by validation, so that a code such as ``022100`` keeps its
    leading zero and a bad number is reported with its row instead of silently becoming NaN.
    """
    p = Path(path)
    if not p.exists():
        msg = f"No such file: {p}. Check the path."
        raise FileFormatError(msg)
    text, enc = decode(p.read_bytes(), p)
    if enc != "utf-8-sig":
        logger.info("Read %s as %s", p, enc)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                         skipinitialspace=True, **kwargs)
    except pd.errors.ParserError as exc:
        msg = f"{p} is not a well-formed CSV: {exc}. Check quoting and the number of fields."
        raise FileFormatError(msg) from exc
    except pd.errors.EmptyDataError as exc:
        msg = f"{p} has no columns. Expected a header row."
        raise FileFormatError(msg) from exc
    df.columns = [str(c).strip() for c in df.columns]
    if df.empty:
        msg = f"{p} has a header but no data rows."
        raise FileFormatError(msg)
    return df


def _pick(columns: list[str], names: tuple[str, ...], given: str | None) -> str | None:
    if given is not None:
        return given
    lower = {c.lower(): c for c in columns}
    return next((lower[n] for n in names if n in lower), None)


def read_units(
    path: str | Path,
    *,
    code_col: str = "code",
    lon_col: str | None = None,
    lat_col: str | None = None,
    level: str | None = None,
    role: str | None = None,
) -> gpd.GeoDataFrame:
    """Read units from CSV (with lon/lat columns), GeoJSON or GeoPackage, and validate them.

    ``level`` and ``role`` fill those columns when the file has none. A file without
    ``name_en`` gets ``name_zh`` copied there (and vice versa), which is logged.

    Raises
    ------
    DataValidationError
        Listing every problem (missing columns, duplicate codes, bad coordinates, ...).
    """
    import geopandas as gpd

    p = Path(path)
    if p.suffix.lower() in (".geojson", ".json", ".gpkg", ".shp"):
        try:
            gdf = gpd.read_file(p)
        except Exception as exc:
            msg = f"Cannot read {p} as a vector file: {exc}."
            raise FileFormatError(msg) from exc
        if gdf.empty:
            msg = f"{p} has no features."
            raise FileFormatError(msg)
        if gdf.crs is None:
            msg = f"{p} has no coordinate reference system; set one (EPSG:4326 for lon/lat)."
            raise FileFormatError(msg)
        df = pd.DataFrame(gdf.to_crs(4326))
    elif p.suffix.lower() in (".csv", ".txt"):
        df = read_csv(p)
    else:
        msg = f"Unknown units file type {p.suffix!r}: use .csv (with lon/lat), .geojson or .gpkg."
        raise FileFormatError(msg)
    cols = list(df.columns)
    lon = _pick(cols, _LON_NAMES, lon_col)
    lat = _pick(cols, _LAT_NAMES, lat_col)
    rename = {code_col: "code"}
    if lon:
        rename[lon] = "seat_lon"
    if lat:
        rename[lat] = "seat_lat"
    df = df.rename(columns=rename)
    for fill, value in (("level", level), ("role", role)):
        if fill not in df.columns and value is not None:
            df[fill] = value
    if "name_en" not in df.columns and "name_zh" in df.columns:
        logger.info("%s has no name_en column: using name_zh", p)
        df["name_en"] = df["name_zh"]
    if "name_zh" not in df.columns and "name_en" in df.columns:
        df["name_zh"] = df["name_en"]
    if "geometry" in df.columns and (df["geometry"].isna().all()):
        df = df.drop(columns="geometry")
    df, problems = V.coerce("units", df)
    problems += V.check_units(df)
    V.raise_if(problems, f"units file {p}")
    geometry = df.pop("geometry") if "geometry" in df.columns else None
    out = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry if geometry is not None
                                                     else [None] * len(df), crs=4326))
    return out.set_index("code")


def read_stats(
    path: str | Path,
    *,
    code_col: str = "code",
    indicator: str | None = None,
    unit: str | None = None,
    source: str | None = None,
    quality: str | None = None,
    codes: list[str] | None = None,
) -> pd.DataFrame:
    """Read stats from a long CSV (code, year, indicator, value, ...) or a wide CSV.

    A wide CSV has an id column and one column per year (``2010``, ``2020``, ...); give the
    ``indicator`` name (or have an ``indicator`` column). A long CSV whose only value column
    is named after its indicator (``code, year, population``) is read as that indicator. ``unit``, ``source`` and
    ``quality`` fill columns the file does not have. ``codes`` (the units' codes) enables the
    check that every row refers to a known unit.

    Raises
    ------
    DataValidationError
        Listing every problem with its row in the file.
    """
    p = Path(path)
    df = read_csv(p).rename(columns={code_col: "code"})
    year_cols = [c for c in df.columns if c.isdigit() and len(c) == 4]
    if year_cols and "value" not in df.columns:
        id_cols = [c for c in df.columns if c not in year_cols]
        if "indicator" not in df.columns:
            if indicator is None:
                problems = [Problem("stats", None, "indicator", None,
                                    "an indicator name for a wide table",
                                    "pass indicator=... (--indicator) or add an "
                                    "'indicator' column")]
                raise DataValidationError(problems, context=f"stats file {p}")
            df["indicator"] = indicator
            id_cols.append("indicator")
        df = df.melt(id_vars=id_cols, value_vars=year_cols, var_name="year", value_name="value")
        df = df[df["value"].notna()].reset_index(drop=True)
    elif "value" not in df.columns and "year" in df.columns:
        df = _named_value_column(df, indicator, p)
    for col, value in (("indicator", indicator), ("unit", unit), ("source", source),
                       ("quality", quality)):
        if col not in df.columns and value is not None:
            df[col] = value
    df, problems = V.coerce("stats", df)
    problems += V.check_stats(df, codes)
    V.raise_if(problems, f"stats file {p}")
    return df


def _named_value_column(df: pd.DataFrame, indicator: str | None, path: Path) -> pd.DataFrame:
    """A long table whose one value column is named after its indicator (``code, year,
    population``): that column becomes ``value`` and, unless given, its name the indicator."""
    from ._schema import TABLES

    known = {c.name for c in TABLES["stats"]}
    extra = [c for c in df.columns if c not in known]
    if len(extra) != 1:
        return df
    logger.info("%s: column %r read as the values of indicator %r", path, extra[0],
                indicator or extra[0])
    out = df.rename(columns={extra[0]: "value"})
    if "indicator" not in out.columns:
        out["indicator"] = indicator or extra[0]
    return out


def read_network(
    nodes: str | Path,
    links: str | Path,
    access: str | Path | None = None,
    *,
    codes: list[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read a network from CSV files: nodes, links and (optionally) access.

    Returns a dict with keys ``nodes``, ``links``, ``access`` ready for
    ``Region(..., **network)`` or ``region.with_tables(**network)``.

    Raises
    ------
    DataValidationError
        Listing every problem in all three files at once.
    """
    problems: list[Problem] = []
    out: dict[str, pd.DataFrame] = {}
    files = {"nodes": nodes, "links": links, "access": access}
    for name, f in files.items():
        if f is None:
            continue
        df, p = V.coerce(name, read_csv(f))
        problems += p
        out[name] = df
    node_ids = list(out["nodes"]["node_id"].dropna()) if "node_id" in out["nodes"] else None
    problems += V.check_nodes(out["nodes"], codes)
    problems += V.check_links(out["links"], node_ids)
    if "access" in out:
        problems += V.check_access(out["access"], codes, node_ids)
    V.raise_if(problems, "network files")
    return out


def import_region(
    name: str,
    units: str | Path,
    *,
    stats: Sequence[str | Path] | None = None,
    nodes: str | Path | None = None,
    links: str | Path | None = None,
    access: str | Path | None = None,
    meta: dict[str, Any] | None = None,
    stats_defaults: dict[str, str] | None = None,
    units_defaults: dict[str, str] | None = None,
) -> Region:
    """Build a Region from user files (units plus any stats and network files).

    ``stats_defaults`` fills ``indicator``, ``unit``, ``source`` or ``quality`` for stats
    files that lack those columns; ``units_defaults`` fills ``level`` or ``role`` for a units
    file that lacks them. Problems in all files are collected and reported together.
    """
    from .region import Region

    problems: list[Problem] = []
    unit_table = read_units(units, **(units_defaults or {}))
    codes = list(unit_table.index)
    frames = []
    for f in stats or []:
        try:
            frames.append(read_stats(f, codes=codes, **(stats_defaults or {})))
        except DataValidationError as exc:
            problems += exc.problems
    network: dict[str, pd.DataFrame] = {}
    if nodes is not None and links is not None:
        try:
            network = read_network(nodes, links, access, codes=codes)
        except DataValidationError as exc:
            problems += exc.problems
    V.raise_if(problems, f"the files of region '{name}'")
    stats_table = pd.concat(frames, ignore_index=True) if frames else None
    return Region(name=name, units=unit_table, stats=stats_table, meta=meta or {}, **network)
