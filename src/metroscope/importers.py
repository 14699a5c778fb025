"""Importers for user data: units, stats and networks from CSV, GeoJSON and GeoPackage.

Chinese CSV files often come in GBK/GB18030 (Excel's default on Chinese Windows). Every CSV is
read as UTF-8 (with or without BOM) first, then as GB18030 (a superset of GBK and GB2312);
a file that is neither is refused with instructions. Each importer validates what it read and
raises one :class:`~metroscope.DataValidationError` listing every problem with its row.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _validate as V
from ._errors import DataValidationError, FileFormatError, Problem, shorten
from ._readers import ENCODINGS, decode, locate, read_csv, read_geojson
from .messages import LANGS, Message

__all__ = ["ENCODINGS", "convert_units", "decode", "import_region", "read_csv", "read_network",
           "read_stats", "read_units"]

if TYPE_CHECKING:
    import geopandas as gpd

    from .region import Region

logger = logging.getLogger(__name__)

_LON_NAMES = ("seat_lon", "lon", "lng", "longitude", "x", "经度")
_LAT_NAMES = ("seat_lat", "lat", "latitude", "y", "纬度")
_YEAR_COLUMN = re.compile(r"^(?:y|yr|year)?\s*(\d{4})\s*(?:年|年度)?$", re.IGNORECASE)
_ROW = "__row__"
_COL = "__column__"


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
    outside_china: bool = False,
    make_valid: bool = False,
    notes: list[Any] | None = None,
) -> gpd.GeoDataFrame:
    """Read units from CSV (with lon/lat columns), GeoJSON or GeoPackage, and validate them.

    ``level`` and ``role`` fill those columns when the file has none. A file without
    ``name_en`` gets ``name_zh`` copied there (and vice versa), which is logged.
    ``outside_china`` turns off the check that seats and boundaries lie in China;
    ``make_valid`` repairs invalid polygons (self-intersections) with
    :func:`shapely.make_valid` and logs which, instead of refusing them.

    Raises
    ------
    FileFormatError
        For a missing, unreadable or malformed file, or an unknown file type.
    DataValidationError
        Listing every problem (missing columns, duplicate codes, bad coordinates, invalid
        polygons, ...) with the file's line (CSV) or feature number (GeoJSON).

    Examples
    --------
    >>> _ = (tmp_path / "units.csv").write_text("code,name_zh,lon,lat\\n220100,长春市,125.32,43.82\\n", encoding="utf-8")
    >>> read_units(tmp_path / "units.csv", level="prefecture", role="core")[["name_zh", "seat_lon", "seat_lat"]]
           name_zh  seat_lon  seat_lat
    code
    220100     长春市    125.32     43.82
    """
    import geopandas as gpd

    p = Path(path)
    found: list[Problem] = []  # the file's own problems (an unclosed quote), with the others
    df = _read_unit_file(p, found)
    cols = list(df.columns)
    lon = _pick(cols, _LON_NAMES, lon_col)
    lat = _pick(cols, _LAT_NAMES, lat_col)
    rename = {code_col: "code"}
    if lon:
        rename[lon] = "seat_lon"
    if lat:
        rename[lat] = "seat_lat"
    df = df.rename(columns=rename)
    original = {new: old for old, new in rename.items() if new != old}
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
    if make_valid and "geometry" in df.columns:
        df["geometry"] = _repair(df["geometry"], p)
    df, problems = V.coerce("units", df)
    problems += V.check_units(df, china=not outside_china)
    V.raise_if(found + _where(problems, p, renamed=original),
               Message("val_ctx_units_file", path=str(p)))
    if notes is not None and not outside_china:
        notes += [Message("val_note_code", problem={lang: q.text(lang) for lang in LANGS})
                  for q in _where(V.check_code_letters(df), p, renamed=original)]
    geometry = df.pop("geometry") if "geometry" in df.columns else None
    out = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geometry if geometry is not None
                                                     else [None] * len(df), crs=4326))
    return out.set_index("code")


def _read_unit_file(p: Path, found: list[Problem]) -> pd.DataFrame:
    """The rows of a units file (CSV, GeoJSON, GeoPackage or Shapefile) as read; problems of
    a CSV's own (an unclosed quote) are appended to ``found``."""
    import geopandas as gpd

    suffix = p.suffix.lower()
    if p.is_dir():
        msg = Message("err_units_is_folder", path=str(p))
        raise FileFormatError(msg)
    if suffix in (".geojson", ".json"):
        df = pd.DataFrame(read_geojson(p))
    elif suffix in (".gpkg", ".shp"):
        if not p.exists():
            msg = Message("err_no_such_file", what=Message("err_what_file"), path=str(p))
            raise FileFormatError(msg)
        try:
            gdf = gpd.read_file(p)
        except Exception as exc:  # pyogrio raises its own types for every malformed file
            msg = Message("err_cannot_read_vector", path=str(p), reason=str(exc)[:300])
            raise FileFormatError(msg) from None
        if gdf.empty:
            msg = Message("err_no_features", path=str(p))
            raise FileFormatError(msg)
        if gdf.crs is None:
            msg = Message("err_no_crs", path=str(p))
            raise FileFormatError(msg)
        df = pd.DataFrame(gdf.to_crs(4326))
    elif suffix in (".csv", ".txt"):
        df = read_csv(p, problems=found)
    else:
        msg = Message("err_units_file_type", got=shorten(p.suffix))
        raise FileFormatError(msg)
    return df


def _repair(geometry: pd.Series, path: Path) -> pd.Series:
    import shapely

    g = np.asarray(geometry.to_numpy(), dtype=object)
    present = np.array([x is not None and not (isinstance(x, float) and np.isnan(x)) for x in g])
    bad = present.copy()
    bad[present] = ~shapely.is_valid(g[present])
    if bad.any():
        g[bad] = shapely.make_valid(g[bad])
        logger.warning("%s: repaired %d invalid polygon(s) with make_valid (rows %s)", path,
                       int(bad.sum()), ", ".join(str(i + 1) for i in np.flatnonzero(bad)[:20]))
    return pd.Series(g, index=geometry.index)


def _where(problems: list[Problem], path: Path, **kw: Any) -> list[Problem]:
    """Problems pointed at the file: line numbers for a CSV, feature numbers otherwise."""
    if path.suffix.lower() in (".csv", ".txt"):
        return locate(problems, path, **kw)
    from dataclasses import replace

    return [p if p.file else replace(p, file=str(path)) for p in problems]


def convert_units(stats: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Bring every indicator to one unit with the unit registry, and say so.

    A registered measure (``gdp``: ``cny_100m``) is brought to its registered unit; another
    indicator with mixed units to its most frequent one. Rows whose unit is unknown or of
    another dimension (persons vs yuan) are left alone (validation then refuses them).
    Returns the converted table and one note per conversion. A numeric ``value`` column stays
    numeric (float64); a text column (as the readers produce) gets the converted values as text.

    Raises
    ------
    Nothing of its own: a table without ``indicator``/``unit``/``value`` columns is returned
    unchanged, and units the registry cannot convert are left as they are.

    Examples
    --------
    >>> stats = pd.DataFrame({"code": ["220100"], "year": [2020], "indicator": ["gdp"],
    ...                       "value": ["66015900"], "unit": ["cny_10k"]})  # as read: text
    >>> out, notes = convert_units(stats)
    >>> out[["value", "unit"]]
         value      unit
    0  6601.59  cny_100m
    >>> notes
    ['gdp: 1 row(s) converted from cny_10k to cny_100m (x 0.0001)']
    """
    from . import _units as U
    from .measures import MEASURES

    needed = {"indicator", "unit", "value"}
    if not needed <= set(stats.columns) or stats.empty:
        return stats, []
    out = stats.copy()
    numeric = pd.api.types.is_numeric_dtype(out["value"])
    if numeric:
        out["value"] = out["value"].astype("float64")
    unit = out["unit"].astype("string").str.strip()
    notes: list[str] = []
    for name, units in unit.groupby(out["indicator"], sort=False):
        counts = units.value_counts()
        m = MEASURES.get(str(name))
        target = m.unit if m is not None else str(counts.index[0])
        if len(counts) == 1 and counts.index[0] == target:
            continue
        for u in counts.index:
            f = U.factor(str(u), target)
            if u == target or f is None:
                continue
            rows = units.index[units == u]
            value = pd.to_numeric(out.loc[rows, "value"], errors="coerce")
            ok = value.notna()
            converted = (value[ok] * f).astype("float64")
            out.loc[rows[ok.to_numpy()], "value"] = converted if numeric else converted.map(repr)
            out.loc[rows[ok.to_numpy()], "unit"] = target
            notes.append(f"{name}: {int(ok.sum())} row(s) converted from {u} to {target} "
                         f"(x {f:g})")
    for n in notes:
        logger.info("Unit conversion: %s", n)
    return out, notes


def read_stats(
    path: str | Path,
    *,
    code_col: str = "code",
    indicator: str | None = None,
    unit: str | None = None,
    source: str | None = None,
    quality: str | None = None,
    year: int | None = None,
    codes: list[str] | None = None,
    notes: list[str] | None = None,
    outside_china: bool = False,
) -> pd.DataFrame:
    """Read stats from a long CSV (code, year, indicator, value, ...) or a wide CSV.

    A wide CSV has an id column and one column per year (``2010``, ``2020年``, ``Y2020``);
    give the ``indicator`` name (or have an ``indicator`` column). A long CSV whose only value
    column is named after its indicator (``code, year, population``) is read as that
    indicator. ``unit``, ``source``, ``quality`` and ``year`` fill columns the file does not
    have. ``codes`` (the units' codes) enables the check that every row refers to a known
    unit. Known units are converted so that each indicator has one unit (see
    :func:`convert_units`); the notes saying so are appended to ``notes``. Counts of persons
    must be plausible: whole persons, at most China's population (not checked with
    ``outside_china=True``), and a total population above 0.

    Raises
    ------
    FileFormatError
        For a missing, unreadable or malformed file.
    DataValidationError
        Listing every problem once, with the file's line and column (for a wide file, the
        year column that holds the bad value).

    Examples
    --------
    >>> _ = (tmp_path / "pop.csv").write_text("code,2010,2020\\n220100,8767375,9066906\\n", encoding="utf-8")
    >>> read_stats(tmp_path / "pop.csv", indicator="population", unit="persons", source="census",
    ...            quality="A")[["code", "year", "value"]]
         code  year      value
    0  220100  2010  8767375.0
    1  220100  2020  9066906.0
    """
    p = Path(path)
    stats_file = Message("val_ctx_stats_file", path=str(p))
    found: list[Problem] = []  # the file's own problems (an unclosed quote), with the others
    df = read_csv(p, problems=found).rename(columns={code_col: "code"})
    df[_ROW] = np.arange(1, len(df) + 1)
    years = {c: int(m.group(1)) for c in df.columns if (m := _YEAR_COLUMN.match(str(c)))}
    wide = bool(years) and "value" not in df.columns
    if wide:
        id_cols = [c for c in df.columns if c not in years]
        if "indicator" not in df.columns:
            if indicator is None:
                problems = [Problem("stats", None, "indicator", None,
                                    Message("val_exp_indicator_wide",
                                            years=[str(y) for y in list(years)[:4]]),
                                    Message("val_fix_indicator_wide"), file=str(p))]
                raise DataValidationError(found + problems, context=stats_file)
            df["indicator"] = indicator
            id_cols.append("indicator")
        df = df.melt(id_vars=id_cols, value_vars=list(years), var_name=_COL,
                     value_name="value")
        df["year"] = df[_COL].map(years).astype(str)
        df = df[df["value"].notna()].sort_values([_ROW], kind="stable").reset_index(drop=True)
    elif "value" not in df.columns and "year" in df.columns:
        df = _named_value_column(df, indicator, p)
    for col, value in (("indicator", indicator), ("unit", unit), ("source", source),
                       ("quality", quality), ("year", year)):
        if col not in df.columns and value is not None:
            df[col] = str(value)
    if not wide and "year" not in df.columns and "value" in df.columns:
        problems = [Problem("stats", None, "year", None, Message("val_exp_year_column"),
                            Message("val_fix_year_column"), file=str(p))]
        raise DataValidationError(found + problems, context=stats_file)
    if "value" not in df.columns and not wide:
        hint = [c for c in df.columns if re.search(r"\d{4}", str(c)) and c != _ROW]
        problems = [Problem("stats", None, "value", None, Message("val_exp_value_column"),
                            (Message("val_fix_plain_years", hint=[str(h) for h in hint[:3]])
                             if hint else Message("val_fix_add_value")), file=str(p))]
        raise DataValidationError(found + problems, context=stats_file)
    df, converted = convert_units(df)
    if notes is not None:
        notes += converted
    rows = df.pop(_ROW).to_numpy()
    columns = df.pop(_COL).to_numpy() if _COL in df.columns else None
    df, problems = V.coerce("stats", df)
    problems += V.check_stats(df, codes, china=not outside_china, whole_persons=True)
    V.raise_if(found + locate(problems, p, rows=rows, columns=columns), stats_file)
    return df


def _named_value_column(df: pd.DataFrame, indicator: str | None, path: Path) -> pd.DataFrame:
    """A long table whose one value column is named after its indicator (``code, year,
    population``): that column becomes ``value`` and, unless given, its name the indicator."""
    from ._schema import TABLES

    known = {c.name for c in TABLES["stats"]} | {_ROW, _COL}
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
    outside_china: bool = False,
) -> dict[str, pd.DataFrame]:
    """Read a network from CSV files: nodes, links and (optionally) access.

    Returns a dict with keys ``nodes``, ``links``, ``access`` ready for
    ``Region(..., **network)`` or ``region.with_tables(**network)``.

    Raises
    ------
    FileFormatError
        For a missing, unreadable or malformed file.
    DataValidationError
        Listing every problem in all three files at once, with their lines.

    Examples
    --------
    >>> folder = region.write(tmp_path / "cc").parent
    >>> net = read_network(folder / "nodes.csv", folder / "links.csv", folder / "access.csv")
    >>> {k: len(v) for k, v in net.items()}
    {'nodes': 132, 'links': 338, 'access': 68}
    """
    problems: list[Problem] = []
    out: dict[str, pd.DataFrame] = {}
    files = {"nodes": Path(nodes), "links": Path(links),
             "access": None if access is None else Path(access)}
    found: dict[str, list[Problem]] = {}
    for name, f in files.items():
        if f is None:
            continue
        read: list[Problem] = []  # the file's own problems (an unclosed quote)
        df, p = V.coerce(name, read_csv(f, problems=read))
        found[name] = read + p
        out[name] = df
    node_ids = list(out["nodes"]["node_id"].dropna()) if "node_id" in out["nodes"] else None
    found["nodes"] += V.check_nodes(out["nodes"], codes, china=not outside_china)
    found["links"] += V.check_links(out["links"], node_ids)
    if "access" in out:
        found["access"] += V.check_access(out["access"], codes, node_ids)
    for name, p in found.items():
        path = files[name]
        assert path is not None
        problems += locate(p, path)
    V.raise_if(problems, Message("val_ctx_network_files"))
    return out


def _paths(value: str | Path | Sequence[str | Path] | None) -> list[Path]:
    """One path or a list of paths (str or Path) as a list of Paths; a string is one path."""
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [Path(value)]
    return [Path(v) for v in value]


def import_region(
    name: str,
    units: str | Path,
    *,
    stats: str | Path | Sequence[str | Path] | None = None,
    nodes: str | Path | None = None,
    links: str | Path | None = None,
    access: str | Path | None = None,
    meta: dict[str, Any] | None = None,
    stats_defaults: dict[str, Any] | None = None,
    units_defaults: dict[str, str] | None = None,
    outside_china: bool = False,
    make_valid: bool = False,
) -> Region:
    """Build a Region from user files (units plus any stats and network files).

    ``stats`` is one path or a list of paths (``str`` or :class:`~pathlib.Path`).
    ``stats_defaults`` fills ``indicator``, ``unit``, ``source``, ``quality`` or ``year``
    for stats files that lack those columns; ``units_defaults`` fills ``level`` or ``role``
    for a units file that lacks them. Unit conversions made on the way are listed in
    ``region.meta['import_notes']``. Problems in all files are collected and reported
    together.

    Raises
    ------
    FileFormatError
        For a missing, unreadable or malformed file.
    DataValidationError
        Listing every problem of every file, with file, line, column, value and fix.

    Examples
    --------
    >>> folder = region.select(codes=["220100", "220200"]).write(tmp_path / "two").parent
    >>> import_region("two", folder / "units.geojson", stats=folder / "stats.csv")
    Region('two': 2 units, 198 stats rows, 0 nodes, 0 links, 0 projects)
    """
    from .region import Region

    if (nodes is None) != (links is None):
        msg = Message("err_network_needs_both")
        raise FileFormatError(msg)
    problems: list[Problem] = []
    unit_table = None
    notes: list[str] = []
    try:
        unit_table = read_units(units, outside_china=outside_china, make_valid=make_valid,
                                notes=notes, **(units_defaults or {}))
    except DataValidationError as exc:
        problems += exc.problems
    codes = None if unit_table is None else list(unit_table.index)
    frames = []
    for f in _paths(stats):
        try:
            frames.append(read_stats(f, codes=codes, notes=notes, outside_china=outside_china,
                                     **(stats_defaults or {})))
        except DataValidationError as exc:
            problems += exc.problems
    network: dict[str, pd.DataFrame] = {}
    if nodes is not None and links is not None:
        try:
            network = read_network(nodes, links, access, codes=codes,
                                   outside_china=outside_china)
        except DataValidationError as exc:
            problems += exc.problems
    V.raise_if(problems, Message("val_ctx_region_files", name=name))
    assert unit_table is not None
    stats_table = pd.concat(frames, ignore_index=True) if frames else None
    if stats_table is not None and len(frames) > 1:
        V.raise_if(V.check_unique("stats", stats_table) + V.check_units_of(stats_table),
                   Message("val_ctx_stats_together", name=name))
    full_meta = dict(meta or {})
    if outside_china:
        full_meta["outside_china"] = True
    if notes:
        full_meta["import_notes"] = notes
    return Region(name=name, units=unit_table, stats=stats_table, meta=full_meta, **network)
