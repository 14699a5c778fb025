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

import logging
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import tomli_w

from . import _schema as S
from . import _validate as V
from ._atomic import atomic_dir, check_output_dir
from ._errors import DataValidationError, FileFormatError, Problem, shorten
from ._readers import locate, read_csv, read_geojson
from .messages import Message
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


def _apply_dtypes(df: pd.DataFrame, dtypes: dict[str, str],
                  table: str = "table") -> tuple[pd.DataFrame, list[Problem]]:
    """Give columns the dtypes recorded in region.toml. A column whose cells do not convert
    stays text: the Region's validation then reports each bad cell with its row (documented
    columns), or the problem is reported here (extra columns)."""
    out = df.copy()
    problems: list[Problem] = []
    documented = {c.name for c in S.TABLES.get(table, ())}
    for col, dt in dtypes.items():
        if col not in out.columns or _dtype_name(out[col]) == dt:
            continue
        s = out[col]
        if dt == "bool":
            if col not in documented:
                out[col] = s.astype("string").str.lower().map({"true": True,
                                                               "false": False}).astype(bool)
        elif dt == "string":
            out[col] = s.astype("string")
        elif dt.startswith(("float", "Float", "int", "Int")):
            num = pd.to_numeric(s.astype("string"), errors="coerce")
            bad = num.isna() & s.notna()
            if bad.any():
                if col not in documented:
                    rows = [int(i) + 1 for i in np.flatnonzero(bad.to_numpy())]
                    problems += [Problem(table, r, col, s.iloc[r - 1],
                                         Message("val_exp_number_dtype", dtype=str(dt)),
                                         Message("val_fix_write_number")) for r in rows[:50]]
                continue
            try:
                out[col] = num.astype(dt)
            except (TypeError, ValueError):
                if col not in documented:
                    problems.append(Problem(table, None, col, None,
                                            Message("val_exp_values_of_type", dtype=str(dt)),
                                            Message("val_fix_column_or_dtype")))
        else:
            try:
                out[col] = s.astype(dt)
            except (TypeError, ValueError):
                problems.append(Problem(table, None, col, dt, Message("val_exp_known_dtype"),
                                        Message("val_fix_dtype")))
    order = [c for c in dtypes if c in out.columns] + [c for c in out.columns if c not in dtypes]
    return out[order], problems


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


def _reason(exc: BaseException, limit: int = 400) -> str:
    """A reader's error as the middle of a sentence: without the final period that pyarrow
    puts (the message adds its own); one cut longer than ``limit`` characters ends in "…".

    Examples
    --------
    >>> _reason(OSError("Parquet magic bytes not found in footer. Either the file is "
    ...                 "corrupted or this is not a parquet file."))
    'Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file'
    >>> _reason(ValueError("x" * 10), limit=4)
    'xxxx…'
    """
    text = " ".join(str(exc).split())
    if len(text) > limit:
        return text[:limit].rstrip() + "…"
    return text.rstrip(".。 ")


def _read_plain(path: Path, found: list[Problem]) -> pd.DataFrame:
    """A CSV or Parquet table; a CSV's own problems (an unclosed quote) are appended to
    ``found``, to be reported with the table's."""
    if path.suffix == ".parquet":
        try:
            return pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            msg = Message("err_bad_parquet", path=str(path), reason=_reason(exc))
            raise FileFormatError(msg) from None
    return read_csv(path, allow_empty=True, problems=found)


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

    Examples
    --------
    >>> toml = write_bundle(region.select(codes=["220100"]), tmp_path / "written")
    >>> toml.name, sorted(p.name for p in toml.parent.iterdir())[:3]
    ('region.toml', ['access.csv', 'links.csv', 'nodes.csv'])
    """
    if fmt not in ("csv", "parquet"):
        msg = Message("err_bundle_format", got=shorten(fmt))
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


def _read_units(path: Path, found: list[Problem]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    if path.suffix == ".parquet":
        try:
            return gpd.read_parquet(path)
        except Exception as exc:  # pyarrow / geopandas raise several types
            msg = Message("err_bad_geoparquet", path=str(path), reason=_reason(exc))
            raise FileFormatError(msg) from None
    if path.suffix in (".geojson", ".json"):
        return read_geojson(path)
    if path.suffix == ".gpkg":
        try:
            return gpd.read_file(path)
        except Exception as exc:  # pyogrio raises its own types
            msg = Message("err_bad_geopackage", path=str(path), reason=str(exc)[:200])
            raise FileFormatError(msg) from None
    df = _read_plain(path, found)
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([None] * len(df), crs=4326))


def _entry_file(root: Path, toml_path: Path, section: str, name: str, entry: Any,
                ) -> tuple[Path | None, Problem | None]:
    """The file of one [tables.X] / [extra.X] entry, inside the bundle folder."""
    where = f"[{section}.{name}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
        return None, Problem("region.toml", None, None, None,
                             Message("val_exp_entry_file", where=where),
                             Message("val_fix_entry_file", name=name, where=where),
                             file=str(toml_path))
    file = root / entry["file"]
    try:
        inside = file.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside or Path(entry["file"]).is_absolute():
        return None, Problem("region.toml", None, None, entry["file"],
                             Message("val_exp_file_inside", where=where),
                             Message("val_fix_copy_inside"), file=str(toml_path))
    if not file.is_file():
        return None, Problem("region.toml", None, None, entry["file"],
                             Message("val_exp_existing_file", where=where),
                             Message("val_fix_add_file", file=entry["file"]),
                             file=str(toml_path))
    return file, None


def _load_spec(path: Path) -> tuple[Path, dict[str, Any]]:
    toml_path = path / "region.toml" if path.is_dir() else path
    if not toml_path.is_file():
        msg = Message("err_no_region_toml", path=str(path))
        raise FileFormatError(msg)
    try:
        spec = tomllib.loads(toml_path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = Message("err_bad_region_toml", path=str(toml_path), reason=str(exc))
        raise FileFormatError(msg) from None
    return toml_path, spec


def read_bundle(path: Path) -> Region:
    """Read a bundle folder written by :func:`write_bundle` (or by hand, see module doc).

    Files are read with the importers' readers (UTF-8 or GB18030, ragged lines refused) and
    every table is checked; the problems of all files are reported together, each with its
    file, line, column, value and fix.

    Raises
    ------
    FileFormatError
        When there is no readable ``region.toml``.
    DataValidationError
        Listing every problem: unknown or incomplete table entries, files outside the
        bundle or missing, unreadable files, and every invalid cell of every table.

    Examples
    --------
    >>> toml = write_bundle(region.select(codes=["220100"]), tmp_path / "to_read")
    >>> read_bundle(toml.parent).codes()
    ['220100']
    """
    toml_path, spec = _load_spec(Path(path))
    root = toml_path.parent
    problems: list[Problem] = []
    tables = spec.get("tables", {})
    if not isinstance(tables, dict):
        tables = {}
    known = ("units", *PLAIN_TABLES)
    for name in tables:
        if name not in known:
            problems.append(Problem("region.toml", None, None, f"[tables.{name}]",
                                    Message("val_exp_table_named", known=list(known)),
                                    Message("val_fix_rename_section",
                                            closest=_closest(name, known)),
                                    file=str(toml_path)))
    if "units" not in tables:
        problems.append(Problem("region.toml", None, None, None,
                                Message("val_exp_units_section"),
                                Message("val_fix_units_section"), file=str(toml_path)))
    kwargs: dict[str, Any] = {}
    files: dict[str, Path] = {}
    sections = [("tables", n, e) for n, e in tables.items() if n in known]
    extra_spec = spec.get("extra", {})
    sections += [("extra", n, e) for n, e in (extra_spec if isinstance(extra_spec, dict)
                                             else {}).items()]
    extra: dict[str, pd.DataFrame] = {}
    for section, name, entry in sections:
        file, problem = _entry_file(root, toml_path, section, name, entry)
        if problem is not None:
            problems.append(problem)
            continue
        assert file is not None
        try:
            raw = (_read_units(file, problems) if name == "units" and section == "tables"
                   else _read_plain(file, problems))
        except FileFormatError as exc:
            reason = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0],
                                                                      Message) else str(exc)
            problems.append(Problem(name, None, None, None, Message("val_exp_readable_file"),
                                    reason, file=str(file)))
            continue
        except DataValidationError as exc:
            problems += exc.problems
            continue
        df, p = _apply_dtypes(raw, entry.get("dtypes", {}) if isinstance(entry.get("dtypes"),
                                                                          dict) else {}, name)
        problems += _locate(p, file)
        files[name] = file
        if section == "extra":
            extra[name] = df
        else:
            kwargs[name] = df
    meta = spec.get("meta", {}) if isinstance(spec.get("meta"), dict) else {}
    name = str(spec.get("name", root.name))
    if problems:  # check the tables that were read, without references to the ones that failed
        problems += _partial_problems(kwargs, files, set(tables) - set(kwargs), meta)
        V.raise_if(problems, Message("val_ctx_bundle", path=str(root)))
    try:
        return Region(name=name, extra=extra, meta=meta, **kwargs)
    except DataValidationError as exc:
        V.raise_if(_by_file(exc.problems, files), Message("val_ctx_bundle", path=str(root)))
        raise


def _partial_problems(tables: dict[str, pd.DataFrame], files: dict[str, Path],
                      failed: set[str], meta: dict[str, Any]) -> list[Problem]:
    """Problems of the tables that could be read when others could not (references into a
    table that failed are not checked, so one bad file does not flood the report)."""
    found: list[Problem] = []
    coerced: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        plain = pd.DataFrame(df.reset_index() if df.index.name == "code" else df)
        coerced[name], p = V.coerce(name, plain)
        found += p
    china = not bool(meta.get("outside_china", False))
    units = coerced.get("units")
    codes = (list(units["code"].dropna()) if units is not None and "code" in units
             and "units" not in failed else None)
    nodes = coerced.get("nodes")
    node_ids = (list(nodes["node_id"].dropna()) if nodes is not None and "node_id" in nodes
                and "nodes" not in failed else None)
    checks = {
        "units": lambda df: V.check_units(df, china=china),
        "stats": lambda df: V.check_stats(df, codes, china=china),
        "nodes": lambda df: V.check_nodes(df, codes, china=china),
        "links": lambda df: V.check_links(df, node_ids),
        "access": lambda df: V.check_access(df, codes, node_ids),
        "projects": V.check_projects,
    }
    for name, df in coerced.items():
        if name in checks:
            found += checks[name](df)
    return _by_file(found, files)


def _closest(name: str, known: tuple[str, ...]) -> str:
    import difflib

    return (difflib.get_close_matches(name, known, n=1, cutoff=0.0) or [known[0]])[0]


def _locate(problems: list[Problem], file: Path) -> list[Problem]:
    if file.suffix == ".csv":
        return locate(problems, file)
    from dataclasses import replace

    return [p if p.file else replace(p, file=str(file)) for p in problems]


def _by_file(problems: list[Problem], files: dict[str, Path]) -> list[Problem]:
    """Point the Region's problems at the bundle's files (CSV lines where possible)."""
    out: list[Problem] = []
    for table in dict.fromkeys(p.table for p in problems):
        mine = [p for p in problems if p.table == table]
        file = files.get(table)
        out += mine if file is None else _locate(mine, file)
    return out
