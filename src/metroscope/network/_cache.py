"""Content-hash cache of travel-time results.

The key is a SHA-256 of the package version and a digest of the routing code, the network
tables (nodes, links, access: every column, in a canonical row order), the units' codes and
seats, the headways assumed waits are taken from (a scenario keeps its base region's), the
analysis arguments and the routing settings (every ``Settings`` field except the documented
``NOT_ROUTING`` ones). The same network and parameters give the same key whatever the Region
object; any edit gives a new one. ``settings.travel_time_cache``: ``off``, ``memory``
(default; a small in-process LRU) or ``disk`` (memory plus Parquet files under
``settings.cache_dir / "traveltime"``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..settings import Settings
from ._times import headway_pool

if TYPE_CHECKING:
    from ..region import Region

logger = logging.getLogger(__name__)

_MAX_ENTRIES = 64
_MEMORY: OrderedDict[str, dict[str, pd.DataFrame]] = OrderedDict()

#: Settings fields that cannot change a travel-time matrix, each with the reason. Every other
#: field of :class:`~metroscope.settings.Settings` is part of the key, so a new field is keyed
#: unless it is listed here (a wrong exclusion gives stale matrices; a wrong inclusion only a
#: cache miss).
NOT_ROUTING: dict[str, str] = {
    "friction_exponent": "used by the gravity linkage after routing",
    "circle_minutes": "a threshold applied to finished travel times",
    "shrink_threshold_pct": "a population indicator",
    "travel_time_cache": "where results are kept, not what they are",
    "cache_dir": "where results are kept, not what they are",
    "engine": "where the pairwise kernels run; results are identical (tests/test_engine.py)",
    "language": "language of the notes",
    "chunk_rows": "block size of the pairwise kernels; results are identical",
}

#: The routing settings: every Settings field not in NOT_ROUTING, in declaration order.
ROUTING_SETTINGS: tuple[str, ...] = tuple(
    name for name in Settings.model_fields if name not in NOT_ROUTING)


def cache_version() -> str:
    """The version part of every key: the installed metroscope version and a digest of the
    routing code (the modules of :mod:`metroscope.network`), so that a release or any change
    of the routing model between releases changes the key; no hand-kept counter to forget."""
    from .. import __version__

    return f"metroscope-{__version__}+{routing_code_digest()}"


@functools.cache
def routing_code_digest() -> str:
    """SHA-256 (first 12 hex digits) of the source of the :mod:`metroscope.network` modules, in
    file-name order; ``"nosource"`` where the package is installed without its sources (the
    version alone then keys the model)."""
    files = sorted(Path(__file__).parent.glob("*.py"))
    if not files:
        return "nosource"
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _table_digest(df: pd.DataFrame, sort_by: list[str]) -> str:
    cols = sorted(str(c) for c in df.columns if c != "geometry")
    flat = pd.DataFrame(df.reset_index() if df.index.name else df)[cols]
    keys = [c for c in sort_by if c in flat.columns]
    if keys and not flat.empty:
        flat = flat.sort_values(keys, kind="stable")
    h = hashlib.sha256("|".join(cols).encode())
    h.update(pd.util.hash_pandas_object(flat, index=False).to_numpy().tobytes())
    return h.hexdigest()


def network_key(region: Region, settings: Settings, **params: Any) -> str:
    """The content hash of ``region``'s network, units' seats, ``params`` and routing settings."""
    h = hashlib.sha256(cache_version().encode())
    h.update(_table_digest(region.nodes, ["node_id"]).encode())
    h.update(_table_digest(region.links, ["link_id"]).encode())
    h.update(_table_digest(region.access, ["code", "node_id"]).encode())
    units = pd.DataFrame(region.units).reindex(columns=["level", "parent", "seat_lon", "seat_lat"])
    h.update(_table_digest(units, ["code"]).encode())
    fixed = {k: getattr(settings, k) for k in ROUTING_SETTINGS}
    h.update(json.dumps({"params": params, "settings": fixed,
                         "headway_pool": headway_pool(region)}, sort_keys=True,
                        default=str).encode())
    return h.hexdigest()


def cached(key: str, settings: Settings,
           compute: Callable[[], dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Return the tables stored under ``key``, computing (and storing) them when absent.

    Copies are handed out, so a caller cannot change what is cached.
    """
    mode = settings.travel_time_cache
    if mode != "off" and key in _MEMORY:
        _MEMORY.move_to_end(key)
        return {k: v.copy() for k, v in _MEMORY[key].items()}
    folder = settings.cache_dir / "traveltime" / key[:2]
    if mode == "disk":
        files = sorted(folder.glob(f"{key}.*.parquet"))
        if files and (folder / f"{key}.complete").exists():  # written last: the set is whole
            out = {f.name.split(".")[1]: _restore(pd.read_parquet(f)) for f in files}
            logger.info("Read travel times %s from the disk cache", key[:12])
            _remember(key, out)
            return {k: v.copy() for k, v in out.items()}
    out = compute()
    if mode != "off":
        _remember(key, out)
    if mode == "disk":
        from .._atomic import atomic_file, write_text
        from .._errors import OutputError

        for name, df in out.items():
            plain = df.copy()
            plain.attrs = {}
            try:  # atomic, so a reader never sees half a file; a cache that fails is skipped
                with atomic_file(folder / f"{key}.{name}.parquet", what="the cache") as tmp:
                    plain.to_parquet(tmp)
            except OutputError as exc:  # never leave an incomplete set of tables
                logger.warning("Travel-time cache not written: %s", exc)
                for f in folder.glob(f"{key}.*.parquet"):
                    f.unlink(missing_ok=True)
                break
        else:
            with contextlib.suppress(OutputError):
                write_text(folder / f"{key}.complete", ",".join(sorted(out)), what="the cache")
    return {k: v.copy() for k, v in out.items()}


def _restore(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives strings back with another NA flavour: use the nullable 'string' dtype."""
    def fix(ix: pd.Index) -> pd.Index:
        return ix.astype("string") if ix.dtype == object or str(ix.dtype).startswith(
            ("str", "string")) else ix
    df.index = fix(df.index)
    df.columns = fix(df.columns)
    for c in df.columns:
        if df[c].dtype == object or str(df[c].dtype).startswith(("str", "string")):
            df[c] = df[c].astype("string")
    return df


def _remember(key: str, value: dict[str, pd.DataFrame]) -> None:
    _MEMORY[key] = {k: v.copy() for k, v in value.items()}
    _MEMORY.move_to_end(key)
    while len(_MEMORY) > _MAX_ENTRIES:
        _MEMORY.popitem(last=False)


def clear() -> None:
    """Empty the in-memory cache (the disk cache is left alone)."""
    _MEMORY.clear()
