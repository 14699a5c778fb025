"""Region bundles: a folder with ``region.toml`` and one file per table.

Layout::

    region.toml        name, metadata, and for every table its file and column dtypes
    units.geojson      (or units.parquet / units.gpkg / units.csv with seat_lon, seat_lat)
    stats.csv          (or .parquet), and nodes, links, access, projects likewise
    <extra>.csv        any extra table listed under [extra]

The dtypes recorded in ``region.toml`` make the round trip lossless: a Region written and read
back equals the original, column types included.
"""

from __future__ import annotations

import json
import logging
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import tomli_w

from ._atomic import atomic_dir, check_output_dir
from ._errors import FileFormatError
from .region import NETWORK_TABLES, Region

if TYPE_CHECKING:
    import geopandas as gpd

logger = logging.getLogger(__name__)

FORMAT_NAME = "metroscope-bundle"
FORMAT_VERSION = 1
PLAIN_TABLES = ("stats", *NETWORK_TABLES, "projects")
UNIT_EXTENSIONS = (".geojson", ".parquet", ".gpkg", ".csv")


def _dtype_name(s: pd.Series) -> str:
    name = str(s.dtype)
    if name in ("object", "str") or name.startswith("string"):
        return "string"
    return name


def _dtypes(df: pd.DataFrame) -> dict[str, str]:
    return {str(c): _dtype_name(df[c]) for c in df.columns if c != "geometry"}


def _apply_dtypes(df: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    out = df.copy()
    for col, dt in dtypes.items():
        if col not in out.columns or _dtype_name(out[col]) == dt:
            continue
        s = out[col]
        if dt == "bool":
            out[col] = s.astype("string").str.lower().map({"true": True, "false": False}).astype(bool)
        elif dt == "string":
            out[col] = s.astype("string")
        elif dt.startswith(("float", "Float")) or dt.startswith(("int", "Int")):
            out[col] = pd.to_numeric(s.astype("string"), errors="raise").astype(dt)
        else:
            out[col] = s.astype(dt)
    return out[[c for c in dtypes if c in out.columns] + [c for c in out.columns if c not in dtypes]]


def _clean_meta(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean_meta(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_clean_meta(v) for v in value if v is not None]
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _write_plain(df: pd.DataFrame, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        df.to_csv(path, index=False, lineterminator="\n")


def _read_plain(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def write_bundle(region: Region, path: Path, *, fmt: str = "csv", overwrite: bool = False) -> Path:
    """Write ``region`` to the bundle folder ``path``; returns the path of ``region.toml``.

    The bundle is built in a temporary folder beside ``path`` and swapped in at the end, so
    an interrupted write (error, full disk, killed process) leaves any previous bundle whole.
    A new or empty folder is written; an existing bundle is replaced only with
    ``overwrite=True``; a non-empty folder that is not a bundle is never touched.

    Raises
    ------
    FileFormatError
        For an unknown ``fmt``.
    OutputError
        When ``path`` is a file, a non-empty folder (see above), cannot be written, or the
        disk fills up (nothing is left half-written).
    """
    if fmt not in ("csv", "parquet"):
        msg = f"Unknown bundle format {fmt!r}: use 'csv' (CSV + GeoJSON) or 'parquet'."
        raise FileFormatError(msg)
    path = check_output_dir(path, force=overwrite)
    with atomic_dir(path) as tmp:
        _write_into(region, tmp, fmt)
    logger.info("Wrote region %r (%d units, %d stats rows) to %s", region.name,
                len(region.units), len(region.stats), path)
    return path / "region.toml"


def _write_into(region: Region, path: Path, fmt: str) -> None:
    ext = ".parquet" if fmt == "parquet" else ".csv"
    toml: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                            "name": region.name, "meta": _clean_meta(dict(region.meta)),
                            "tables": {}, "extra": {}}
    units = region.units.reset_index()
    ufile = "units.parquet" if fmt == "parquet" else "units.geojson"
    if fmt == "parquet":
        units.to_parquet(path / ufile, index=False)
    else:
        (path / ufile).write_text(units.to_json(drop_id=True, ensure_ascii=False), encoding="utf-8")
    toml["tables"]["units"] = {"file": ufile, "dtypes": _dtypes(units)}
    for name in PLAIN_TABLES:
        df = getattr(region, name)
        _write_plain(df, path / f"{name}{ext}", fmt)
        toml["tables"][name] = {"file": f"{name}{ext}", "dtypes": _dtypes(df)}
    for name, df in region.extra.items():
        _write_plain(df, path / f"{name}{ext}", fmt)
        toml["extra"][name] = {"file": f"{name}{ext}", "dtypes": _dtypes(df)}
    (path / "region.toml").write_text(tomli_w.dumps(toml), encoding="utf-8")


def _read_units(path: Path, dtypes: dict[str, str]) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    if path.suffix == ".parquet":
        gdf = gpd.read_parquet(path)
    elif path.suffix == ".geojson":
        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data.get("features", [])
        props = pd.DataFrame([f.get("properties") or {} for f in feats])
        geoms = [shapely.geometry.shape(f["geometry"]) if f.get("geometry") else None
                 for f in feats]
        gdf = gpd.GeoDataFrame(props, geometry=gpd.GeoSeries(geoms, crs=4326))
    elif path.suffix == ".gpkg":
        gdf = gpd.read_file(path)
    else:
        df = _read_plain(path)
        gdf = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([None] * len(df), crs=4326))
    return _apply_dtypes(gdf, dtypes)  # type: ignore[return-value]


def read_bundle(path: Path) -> Region:
    """Read a bundle folder written by :func:`write_bundle` (or by hand, see module doc)."""
    toml_path = path / "region.toml" if path.is_dir() else path
    if not toml_path.exists():
        msg = (f"No region.toml in {path}. A bundle is a folder with region.toml and one file "
               "per table; create one with Region.write(path) or `metroscope data export`.")
        raise FileFormatError(msg)
    root = toml_path.parent
    try:
        spec = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = f"{toml_path} is not valid UTF-8 TOML: {exc}. Fix the file or re-export the bundle."
        raise FileFormatError(msg) from exc
    tables = spec.get("tables", {})
    if "units" not in tables:
        msg = f"{toml_path} lists no [tables.units]; add units = {{ file = 'units.geojson' }}."
        raise FileFormatError(msg)
    kwargs: dict[str, Any] = {}
    for name, entry in tables.items():
        file = root / entry["file"]
        if not file.exists():
            msg = f"{toml_path} names {entry['file']} for table {name}, but the file is missing."
            raise FileFormatError(msg)
        dtypes = entry.get("dtypes", {})
        kwargs[name] = (_read_units(file, dtypes) if name == "units"
                        else _apply_dtypes(_read_plain(file), dtypes))
    extra = {n: _apply_dtypes(_read_plain(root / e["file"]), e.get("dtypes", {}))
             for n, e in spec.get("extra", {}).items()}
    return Region(name=str(spec.get("name", root.name)), extra=extra,
                  meta=spec.get("meta", {}), **kwargs)
