"""Shared test configuration: versions in the header, opt-in markers."""

from __future__ import annotations

import platform
from collections.abc import Iterator
from typing import Any

import pytest


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


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A dask.distributed Client on a LocalCluster of 2 worker processes on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    import dask

    # generous timeouts: worker processes start slowly when the machine is busy
    from metroscope.engine import local_cluster

    with dask.config.set({"distributed.comm.timeouts.connect": "120s",
                          "distributed.deploy.lost-worker-timeout": "120s"}), \
            local_cluster(2, dashboard=True) as lc, \
            distributed.Client(lc, timeout=120) as client:
        yield client
