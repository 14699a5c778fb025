"""Writing a bundle: documented columns first, validated, swapped in whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from metroscope import _schema as S

_DT = {"str": "string", "code": "string", "float": "float64", "int": "Int64", "bool": "bool"}


# ============================================================================ write


def tidy(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Documented columns first, then extras; string columns as pandas strings."""
    cols = [c for c in S.columns(table) if c in df.columns]
    rest = [c for c in df.columns if c not in cols]
    out = df[cols + rest].copy()
    for c in out.columns:
        if out[c].dtype == object:
            out[c] = out[c].astype("string")
    return out


def write(bundle: dict[str, Any], out_dir: Path) -> Path:
    from metroscope.region import Region

    target: Path = out_dir / str(bundle["name"])
    tables = {t: tidy(bundle[t], t) for t in ("stats", "nodes", "links", "access", "projects")}
    for t in ("open_year",):
        if t in tables["links"]:
            tables["links"][t] = tables["links"][t].astype("Int64")
    region = Region(name=bundle["name"], units=bundle["units"], extra=bundle["extra"],
                    meta=bundle["meta"], **tables)
    from metroscope import _validate as V

    # the curated data also meet the plausibility limits (a user's data need not)
    V.raise_if(V.check_plausibility({"stats": region.stats, "links": region.links,
                                     "projects": region.projects}), f"dataset {region.name}")
    region.write(target, fmt="parquet", overwrite=True)  # swapped in whole
    return target


def summary(bundle: dict[str, Any], path: Path) -> None:
    sizes = {f.name: f.stat().st_size for f in sorted(path.iterdir())}
    total = sum(sizes.values())
    print(f"-- {bundle['name']}: {path} ({total / 1e6:.2f} MB)")
    for t in ("units", "stats", "nodes", "links", "access", "projects"):
        print(f"   {t:9s} {len(bundle[t]):7d} rows")
    for name, df in bundle["extra"].items():
        print(f"   {name:9s} {len(df):7d} rows (extra)")
    for name, size in sizes.items():
        print(f"   {name:22s} {size / 1e3:9.1f} kB")
