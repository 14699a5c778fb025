"""metroscope: measure, simulate and monitor metropolitan areas (都市圈).

The public API is small; heavy libraries are imported only when first used::

    import metroscope
    region = metroscope.load("changchun")      # the embedded default
    region.table(["population", "gdp"], 2020)  # wide view of stats
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import (
    DataValidationError,
    FileFormatError,
    InsufficientDataError,
    MetroscopeError,
    MissingDataError,
    NetworkError,
    OutputError,
    ParameterError,
    Problem,
    ScenarioError,
    UnknownIndicatorError,
    UnknownRegionError,
)

__version__ = "0.1.0"

__all__ = [
    "DataValidationError",
    "FileFormatError",
    "InsufficientDataError",
    "MetroscopeError",
    "MissingDataError",
    "NetworkError",
    "OutputError",
    "ParameterError",
    "Problem",
    "Region",
    "ScenarioError",
    "Settings",
    "UnknownIndicatorError",
    "UnknownRegionError",
    "__version__",
    "load",
    "read_region",
]

if TYPE_CHECKING:
    from .datasets import load
    from .region import Region
    from .settings import Settings


def read_region(path: Any) -> Region:
    """Read a Region bundle folder (``region.toml`` + one file per table).

    Raises
    ------
    Propagates FileFormatError and DataValidationError from
    :func:`metroscope.bundle.read_bundle` when the folder has no readable ``region.toml`` or
    its tables are invalid (every problem listed at once).

    Examples
    --------
    >>> folder = region.select(codes=["220100", "220200"]).write(tmp_path / "two").parent
    >>> read_region(folder)
    Region('changchun': 2 units, 198 stats rows, 132 nodes, 338 links, 3 projects)
    """
    from pathlib import Path

    from .bundle import read_bundle

    return read_bundle(Path(path))


def __getattr__(name: str) -> Any:
    if name == "load":
        from .datasets import load

        return load
    if name == "Region":
        from .region import Region

        return Region
    if name == "Settings":
        from .settings import Settings

        return Settings
    msg = f"module 'metroscope' has no attribute {name!r}"
    raise AttributeError(msg)
