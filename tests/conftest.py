"""Shared test configuration: versions in the header, opt-in markers."""

from __future__ import annotations

import platform


def pytest_report_header() -> list[str]:
    """Versions of the libraries whose behaviour the numerics depend on."""
    import geopandas
    import numpy
    import pandas
    import scipy
    import shapely

    return [
        f"python {platform.python_version()}, numpy {numpy.__version__}, scipy "
        f"{scipy.__version__}, pandas {pandas.__version__}, geopandas {geopandas.__version__}, "
        f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string})",
    ]
