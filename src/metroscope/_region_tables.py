"""The tables of a Region as the data model documents them: normalised, then checked.

:class:`~metroscope.region.Region` hands the tables it is given to :func:`normalised_tables`
(documented dtypes, optional columns present, one string dtype, units as a GeoDataFrame in
EPSG:4326 indexed by ``code``) and lists their problems with :func:`table_problems` (the checks
of :mod:`._validate`); every accessor works on the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _schema as S
from . import _validate as V
from ._errors import Problem

if TYPE_CHECKING:
    import geopandas as gpd

    from .region import Region

NETWORK_TABLES = ("nodes", "links", "access")
TABLE_NAMES = ("stats", *NETWORK_TABLES, "projects")
"""The plain tables of a Region besides ``units``, in the order they are checked."""


def empty_table(table: str) -> pd.DataFrame:
    """An empty DataFrame with the documented columns of ``table`` and their dtypes.

    Raises
    ------
    KeyError
        When ``table`` is not one of the documented tables.

    Examples
    --------
    >>> empty_table("access").columns.tolist()
    ['code', 'node_id', 'minutes']
    """
    dtypes = {"str": "string", "code": "string", "float": "float64", "int": "Int64", "bool": "bool"}
    return pd.DataFrame({c.name: pd.Series(dtype=dtypes[c.kind]) for c in S.TABLES[table]})


def _filler(kind: str, n: int) -> pd.Series:
    if kind == "bool":
        return pd.Series([False] * n, dtype=bool)
    if kind == "float":
        return pd.Series([float("nan")] * n, dtype="float64")
    dtypes = {"str": "string", "code": "string", "int": "Int64"}
    return pd.Series([pd.NA] * n, dtype=dtypes[kind])


def normalise_strings(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns use one dtype (``string``, missing = ``pd.NA``) so round trips are exact.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> normalise_strings(pd.DataFrame({"name": ["a", None]}))["name"].dtype
    <StringDtype(na_value=<NA>)>
    """
    for c in df.columns:
        if c == "geometry":
            continue
        dt = df[c].dtype
        if str(dt) == "str" or (dt == np.dtype(object) and pd.api.types.infer_dtype(
                df[c], skipna=True) in ("string", "empty")):
            df[c] = df[c].astype("string")
    return df


def _as_units(units: pd.DataFrame) -> gpd.GeoDataFrame:
    import geopandas as gpd

    df = units.reset_index() if units.index.name == "code" else units.reset_index(drop=True)
    geometry = df["geometry"] if "geometry" in df.columns else None
    if isinstance(units, gpd.GeoDataFrame) and units.crs is not None and units.crs.to_epsg() != 4326:
        df = gpd.GeoDataFrame(df, geometry="geometry", crs=units.crs).to_crs(4326)
        geometry = df["geometry"]
    plain = pd.DataFrame(df.drop(columns=["geometry"], errors="ignore"))
    gdf = gpd.GeoDataFrame(plain, geometry=gpd.GeoSeries(geometry if geometry is not None
                                                         else [None] * len(df), crs=4326))
    return gdf.set_index("code", drop=True) if "code" in gdf.columns else gdf


def normalised_tables(units: pd.DataFrame, tables: Mapping[str, pd.DataFrame | None]
                      ) -> tuple[gpd.GeoDataFrame, dict[str, pd.DataFrame], list[Problem]]:
    """``units`` and the tables of :data:`TABLE_NAMES` coerced to their documented columns
    (missing optional columns added, empty tables for ``None``), and the coercion problems."""
    problems: list[Problem] = []
    units_df = units.reset_index() if units.index.name == "code" else units
    units_df, p = V.coerce("units", pd.DataFrame(units_df))
    problems += p
    for col in S.TABLES["units"]:  # optional columns (parent, seats) always exist
        if col.name not in units_df.columns and not col.required:
            units_df[col.name] = _filler(col.kind, len(units_df)).to_numpy()
    out: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        df = tables.get(name)
        df = empty_table(name) if df is None else pd.DataFrame(df).reset_index(drop=True)
        df, p = V.coerce(name, df)
        problems += p
        for col in S.TABLES[name]:  # optional documented columns always exist
            if col.name not in df.columns and not col.required:
                df[col.name] = _filler(col.kind, len(df))
        out[name] = normalise_strings(df)
    if "geometry" in pd.DataFrame(units).columns:
        units_df["geometry"] = pd.DataFrame(units)["geometry"].to_numpy()
    return _as_units(normalise_strings(units_df)), out, problems


def table_problems(units: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                   meta: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the normalised tables (``meta``: ``outside_china`` turns off the checks
    that places lie in China, ``cross_section`` the checks of the stats' years)."""
    codes = list(units.index.dropna()) if units.index.name == "code" else None
    nodes = tables["nodes"]
    node_ids = list(nodes["node_id"].dropna()) if "node_id" in nodes else None
    china = not bool(meta.get("outside_china", False))
    out = V.check_units(units, china=china)
    out += V.check_stats(tables["stats"], codes, years=not bool(meta.get("cross_section", False)),
                         china=china)
    out += V.check_nodes(nodes, codes, china=china)
    out += V.check_links(tables["links"], node_ids)
    out += V.check_access(tables["access"], codes, node_ids)
    out += V.check_projects(tables["projects"])
    return out


def parent_differences(summed: pd.DataFrame, own: pd.DataFrame, years_summed: Mapping[str, Any],
                       years_own: Mapping[str, Any], zones: pd.DataFrame | None = None,
                       zones_year: int | None = None) -> list[Any]:
    """Notes for the parents whose own figure differs from the sum of their children by more
    than 0.05 % (catalogue messages; columns compared only when both are of the same year).

    ``zones`` are census zones that no child row holds (the 2020 census's development zones
    without a code: ``parent`` the code of the parent they fall in, ``name_zh``, and one
    column per indicator they have), counted in the census of ``zones_year``. Where a
    parent's gap in that year equals its zones' total (to the person: both figures are whole
    counts), the note says that the zones are the difference and names them.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> s = pd.DataFrame({"population": [100.0, 50.0]}, index=["P1", "P2"])
    >>> o = pd.DataFrame({"population": [110.0, 50.0]}, index=["P1", "P2"])
    >>> [str(n) for n in parent_differences(s, o, {"population": 2020}, {"population": 2020})]
    ["population 2020: the parent's own figure differs from its children's sum: P1 110 (100, +10, +10.0 %) (in brackets: the children's sum, the gap and the relative gap)"]
    """
    from .messages import Message

    notes: list[Any] = []
    for col in summed.columns:
        if col not in own.columns or years_summed.get(col) != years_own.get(col):
            continue
        a = pd.to_numeric(summed[col], errors="coerce")
        b = pd.to_numeric(own[col], errors="coerce").reindex(a.index)
        gap = b - a
        off = gap[(gap.abs() > 0.0005 * a.abs()) & a.notna() & b.notna()]
        if off.empty:
            continue
        items: list[Any] = [
            f"{c} {b[c]:,.0f} ({a[c]:,.0f}, {gap[c]:+,.0f}, {100 * gap[c] / a[c]:+.1f} %)"
            for c in off.index]
        if zones is not None and col in zones.columns and years_summed.get(col) == zones_year:
            for i, c in enumerate(off.index):
                mine = zones[zones["parent"].astype(str) == str(c)]
                values = pd.to_numeric(mine[col], errors="coerce")
                if mine.empty or values.isna().any() or abs(values.sum() - gap[c]) >= 0.5:
                    continue  # the zones do not explain this gap exactly: said as it is
                named = [f"{n} {v:,.0f}" for n, v in zip(mine["name_zh"], values, strict=True)]
                items[i] = Message("region_parent_gap_zones", item=items[i], year=zones_year,
                                   zones=named)
        # items apart with semicolons: an explained item lists its zones with commas
        listed = {"zh": ";".join(i.zh if isinstance(i, Message) else i for i in items),
                  "en": "; ".join(items)}
        notes.append(Message("region_parent_differs", indicator=col,
                             year=years_summed.get(col), items=listed))
    return notes


def aggregate(region: Region, indicators: str | Sequence[str], year: int | None,
              to: str) -> pd.DataFrame:
    """:meth:`Region.aggregate` (its docstring has the rules): county stats summed to their
    parents at level ``to``, with a note on every parent whose own figure differs."""
    from ._errors import MissingDataError, shorten
    from ._provenance import annotate
    from ._uncoded_zones import ZONES_YEAR, zones_by_parent
    from .messages import Message

    names = [indicators] if isinstance(indicators, str) else list(indicators)
    bad = [n for n in names if n.endswith(("_pct", "_mean")) or n.startswith("share_")]
    if bad:
        msg = Message("err_ratios_not_additive", got=shorten(bad))
        raise MissingDataError(msg)
    children = region.table(names, year, level="county")
    parent = region.units.loc[children.index, "parent"]
    if to == "province":
        pref_parent = region.units["parent"]
        parent = parent.map(lambda c: pref_parent.get(c, pd.NA) if pd.notna(c) else pd.NA)
    grouped = children.groupby(parent.to_numpy())
    out = grouped.sum(min_count=1)
    counts = grouped.size()
    complete = children.notna().groupby(parent.to_numpy()).all()
    out = out.where(complete)
    out["n_children"] = counts
    out.index.name = "code"
    own = region.table(names, year, level=to, codes=[str(c) for c in out.index])
    return annotate(out, notes=parent_differences(
        out[names], own, children.attrs.get("years", {}), own.attrs.get("years", {}),
        zones=zones_by_parent(region, to), zones_year=ZONES_YEAR))
