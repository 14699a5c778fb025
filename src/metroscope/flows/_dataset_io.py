"""Writing a flow dataset's folder (the I/O half of :mod:`.dataset`, which re-exports these
names): the target check, the stream of blocks into part files in a folder that appears whole
or not at all, the block size, and what was written (:class:`FlowDataset`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._errors import OutputError
from ..messages import Message
from ._table import FloatArray

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger("metroscope.flows.dataset")

META = "_flows.json"
KEPT = "_kept_share.parquet"

#: Kept pairs per block of a ``k_nearest`` stream when ``chunk_rows`` is not given: about
#: 40 MB of working memory per block in flight (80 bytes a pair) and part files of 8-10 MB.
#: Blocks of the ``chunk_rows`` setting (512 origins: 10⁵ pairs at k = 200) spent a fixed cost
#: per block (opening, writing and flushing a part file; on dask a task's round trip) that
#: grew the CPU time by about 15 % and the files to about 2,000 at N = 10⁶.
PAIRS_PER_BLOCK = 1 << 19
#: At least this many blocks when N allows it, so that 2 to 8 workers or threads share the
#: blocks evenly (the last block in flight is the only one a worker can wait on).
MIN_BLOCKS = 16


@dataclass(frozen=True)
class FlowDataset:
    """What :func:`radiation_to_parquet` / :func:`gravity_to_parquet` wrote.

    Attributes
    ----------
    path
        The dataset folder.
    n_locations, n_pairs, n_parts
        Locations N, pairs written (rows), part files.
    bytes_written
        Bytes of the part files.
    kept_share
        Per origin code: share of the untruncated model's mass on the kept pairs (NaN where
        not evaluated; 1.0 everywhere without truncation).
    parameters
        The model and its options (as in ``_flows.json``).
    writers
        ``host:pid`` of the processes that wrote the parts (the workers, on dask); in memory
        only: ``_flows.json`` records their number, not the machines.
    """

    path: Path
    n_locations: int
    n_pairs: int
    n_parts: int
    bytes_written: int
    kept_share: pd.Series
    parameters: dict[str, Any] = field(default_factory=dict)
    writers: tuple[str, ...] = ()
    kept_summary: dict[str, float | int] = field(default_factory=dict)

    def summary(self) -> dict[str, float | int]:
        """Kept share over the evaluated origins: ``evaluated`` (count), ``min``, ``p01``,
        ``median``, ``mean``, ``flow_weighted`` (weighted by the origins' trips ``T_i``/``O_i``:
        the share of all trips of the untruncated model that the kept pairs carry) and
        ``origins_without_pairs``.

        Raises
        ------
        Nothing of its own.

        Examples
        --------
        >>> loc = pd.DataFrame({"lon": [0.0, 1.0, 3.0], "lat": [0.0, 0.0, 0.0],
        ...                     "population": [100.0, 50.0, 200.0]}, index=["a", "b", "c"])
        >>> from metroscope.flows.dataset import radiation_to_parquet
        >>> ds = radiation_to_parquet(loc, tmp_path / "summary", k_nearest=2)  # all pairs
        >>> round(ds.summary()["min"], 12), ds.summary()["origins_without_pairs"]
        (1.0, 0)
        """
        return dict(self.kept_summary)


def _summary(kept: FloatArray, weights: FloatArray) -> dict[str, float | int]:
    ok = np.isfinite(kept)
    v = kept[ok]
    out: dict[str, float | int] = {"evaluated": int(ok.sum())}
    if v.size:
        out |= {"min": float(v.min()), "p01": float(np.quantile(v, 0.01)),
                "median": float(np.median(v)), "mean": float(v.mean())}
        w = weights[ok]
        out["flow_weighted"] = float(np.sum(v * w) / w.sum()) if w.sum() > 0 else float("nan")
    return out


def check_dataset_dir(path: str | Path) -> Path:
    """Check a dataset-folder target before computing: new, empty, or a previous flow dataset
    (``_flows.json`` and part files only), which is then replaced.

    Raises
    ------
    OutputError
        When the target is a file, or a non-empty folder that is not a flow dataset (a
        catalogue message: it reads in Chinese under ``--lang zh`` and on a Chinese page).
    """
    from .._atomic import _check_folder

    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(Message("err_flow_dataset_is_file", target=str(target)))
    if target.is_dir():
        entries = sorted(p.name for p in target.iterdir() if not p.name.startswith(".~"))
        foreign = [e for e in entries if e not in (META, KEPT)
                   and not (e.startswith("part-") and e.endswith(".parquet"))]
        if entries and (META not in entries or foreign):
            shown = ", ".join((foreign or entries)[:5])
            raise OutputError(Message("err_flow_dataset_foreign", target=str(target),
                                      shown=shown))
    _check_folder(target.parent, target, "the flow dataset")
    return target


def _stream(kernel: Callable[..., dict[str, Any]], path: str | Path, codes: pd.Index,
            shared: dict[str, Any], parameters: dict[str, Any], weights: FloatArray, *,
            engine: str | None, client: Any, chunk_rows: int | None,
            progress: Callable[[int, int], None] | None) -> FlowDataset:
    from .._atomic import atomic_dir, fsync_file, write_text
    from ..engine import map_blocks

    target = check_dataset_dir(path)
    n = len(codes)
    code_arr = np.asarray(codes, dtype=object)
    # the workers flush their own parts (in parallel); the client flushes only its two files
    with atomic_dir(target, what="the flow dataset", files_synced=True) as tmp:
        parts = map_blocks(kernel, n, engine=engine, client=client, chunk_rows=chunk_rows,
                           progress=progress, shared={**shared, "folder": str(tmp),
                                                      "codes": code_arr})
        kept = np.concatenate([p["kept"] for p in parts]) if parts else np.empty(0)
        n_pairs = int(sum(p["pairs"] for p in parts))
        size = int(sum(p["bytes"] for p in parts))
        writers = tuple(sorted({p["writer"] for p in parts}))
        share = pd.Series(kept, index=pd.Index(code_arr, name="code"), name="kept_share")
        share.reset_index().to_parquet(tmp / KEPT, index=False)
        fsync_file(tmp / KEPT)
        summary = _summary(kept, weights)
        # origins that kept no destination (a cutoff with no location inside it)
        summary["origins_without_pairs"] = n - int(sum(p["origins"] for p in parts))
        meta = {"parameters": parameters, "n_locations": n, "n_pairs": n_pairs,
                "n_parts": len(parts), "bytes_written": size, "kept_share": summary,
                "n_writers": len(writers)}  # not their host:pid: the file is shared
        write_text(tmp / META, json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                   what="the dataset metadata")
    logger.info("Wrote %d pairs of %d locations in %d parts (%d bytes) to %s", n_pairs, n,
                len(parts), size, target)
    return FlowDataset(target, n, n_pairs, len(parts), size, share, parameters, writers,
                       summary)


def _block_rows(n: int, k_nearest: int | None, chunk_rows: int | None) -> int | None:
    """Origins per block: ``chunk_rows`` if given; for ``k_nearest`` about
    :data:`PAIRS_PER_BLOCK` kept pairs, but at least the ``chunk_rows`` setting and at most
    ``N /`` :data:`MIN_BLOCKS` origins; otherwise (all pairs, ``cutoff_km``: pairs per origin
    unknown) None, the setting."""
    if chunk_rows is not None or k_nearest is None:
        return chunk_rows
    from ..settings import get_settings

    floor = get_settings().chunk_rows
    return max(floor, min(PAIRS_PER_BLOCK // max(k_nearest, 1), -(-n // MIN_BLOCKS)))
