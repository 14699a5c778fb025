"""Embedded datasets: ``changchun`` (the default) and ``china``.

Built by ``tools/build_datasets.py`` from the shared source data; see ``DATA.md`` beside this
file for every source, licence and caveat.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import UnknownRegionError, shorten
from ..messages import Message

if TYPE_CHECKING:
    import pandas as pd

    from ..region import Region

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent

DESCRIPTIONS = {
    "changchun": ("长春都市圈 Changchun Metropolitan Area: Jilin's prefectures and counties with "
                  "roles from the 2025 plan, census 2010/2020, official statistics, the rail "
                  "network and projects (plus peers Shenyang, Dalian, Harbin)"),
    "china": ("全国 China: 369 prefectural and ~2,850 county-level units, census 2010/2020, "
              "2015 yearbook GDP, and the national metropolitan areas' member lists"),
}


def list_datasets() -> list[str]:
    """Names of the embedded datasets that are present in this installation.

    Raises
    ------
    Nothing of its own; ``OSError`` if the embedded data folder cannot be listed.

    Examples
    --------
    >>> list_datasets()
    ['changchun', 'china']
    """
    return sorted(p.name for p in DATA_DIR.iterdir() if (p / "region.toml").exists())


def catalogue_rows() -> list[dict[str, str]]:
    """The embedded datasets as ``{"name", "description"}`` rows (no pandas: the CLI's
    ``data list`` starts fast).

    Raises
    ------
    Nothing of its own; an unreadable data folder propagates ``OSError`` from
    :func:`list_datasets`.

    Examples
    --------
    >>> [row["name"] for row in catalogue_rows()]
    ['changchun', 'china']
    """
    return [{"name": n, "description": DESCRIPTIONS.get(n, "")} for n in list_datasets()]


def catalogue() -> pd.DataFrame:
    """The embedded datasets: columns ``name`` and ``description`` (one row each).

    Raises
    ------
    Nothing of its own; an unreadable data folder propagates ``OSError`` from
    :func:`list_datasets`.

    Examples
    --------
    >>> catalogue()["name"].tolist()
    ['changchun', 'china']
    """
    import pandas as pd

    return pd.DataFrame(catalogue_rows(), columns=["name", "description"])


def path(name: str) -> Path:
    """Folder of the embedded dataset ``name``.

    Raises
    ------
    UnknownRegionError
        If no embedded dataset has that name (the message lists the available ones).

    Examples
    --------
    >>> sorted(p.name for p in path("changchun").iterdir() if p.suffix == ".toml")
    ['region.toml']
    """
    folder = DATA_DIR / name
    if not (folder / "region.toml").exists():
        available = list_datasets()
        msg = Message("err_no_dataset", got=shorten(name), available=available) if available \
            else Message("err_no_dataset_none", got=shorten(name))
        raise UnknownRegionError(msg)
    return folder


@functools.lru_cache(maxsize=4)
def _load_cached(name: str) -> Region:
    from ..bundle import read_bundle

    region = read_bundle(path(name))
    logger.info("Loaded embedded dataset %r: %r", name, region)
    return region


def load(name: str = "changchun") -> Region:
    """Load an embedded dataset as a :class:`~metroscope.Region`.

    Parameters
    ----------
    name
        ``changchun`` (default) or ``china``; ``metroscope.datasets.list_datasets()`` lists them.

    Raises
    ------
    UnknownRegionError
        If no embedded dataset has that name.

    Examples
    --------
    >>> load("changchun")
    Region('changchun': 81 units, 5636 stats rows, 132 nodes, 338 links, 3 projects)
    """
    region = _load_cached(name)
    # Regions are immutable but their DataFrames are not: hand out copies.
    return replace(
        region,
        units=region.units.copy(),
        stats=region.stats.copy(),
        nodes=region.nodes.copy(),
        links=region.links.copy(),
        access=region.access.copy(),
        projects=region.projects.copy(),
        extra={k: v.copy() for k, v in region.extra.items()},
        validate=False,
    )


def open_region(name_or_path: str) -> Region:
    """An embedded dataset by name (:func:`load`), or a bundle folder by path.

    The one way the CLI (``--region``) and the web app (``metroscope serve --region``) open a
    region.

    Raises
    ------
    UnknownRegionError
        When ``name_or_path`` is neither an embedded dataset nor an existing folder.
    DataValidationError
        When the bundle folder holds invalid tables (every problem listed).

    Examples
    --------
    >>> open_region("changchun").core_code()
    '220100'
    >>> folder = region.select(codes=["220100"]).write(tmp_path / "one").parent
    >>> open_region(str(folder))
    Region('changchun': 1 units, 103 stats rows, 132 nodes, 338 links, 3 projects)
    """
    if name_or_path in list_datasets():
        return load(name_or_path)
    p = Path(name_or_path)
    if p.exists():
        from ..bundle import read_bundle

        return read_bundle(p)
    msg = Message("err_not_dataset_or_bundle", got=shorten(name_or_path),
                  datasets=list_datasets())
    raise UnknownRegionError(msg)
