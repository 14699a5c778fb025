"""One typed, documented settings object.

Library functions take ``settings=`` (default: :func:`get_settings`, built from defaults and
``METROSCOPE_*`` environment variables); nothing is read at import time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._errors import MetroscopeError

M = TypeVar("M", bound=BaseModel)


class SettingsError(ValueError, MetroscopeError):
    """A setting with an invalid value (from the environment or a file)."""


class Settings(BaseModel):
    """Defaults used across metroscope. Every field states its unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    friction_exponent: float = Field(
        2.0, gt=0, description="Distance-decay exponent b of the gravity linkage R = M_i M_j / D^b "
        "(dimensionless).")
    circle_minutes: float = Field(
        60.0, gt=0, description="Threshold of the commuting circle, minutes (the 1-hour circle).")
    shrink_threshold_pct: float = Field(
        0.0, description="A unit is 'shrinking' when its population change 2010->2020 is below "
        "this, percent.")
    wait_fraction_of_headway: float = Field(
        0.5, ge=0, le=1, description="Expected wait as a fraction of the headway (0.5 = random "
        "arrivals), dimensionless.")
    transfer_penalty_min: float = Field(
        5.0, ge=0, description="Penalty added at every change of rail line, minutes.")
    operating_speed_factor_hsr: float = Field(
        0.7056, gt=0, le=1, description="Average speed of the fastest trains as a fraction of "
        "the design speed, for links of mode 'hsr' with neither timetable minutes nor an "
        "operating_speed_kph (dimensionless; calibrated on published times, docs/network.md).")
    operating_speed_factor_intercity: float = Field(
        0.9186, gt=0, le=1, description="The same for links of mode 'intercity' (dimensionless; "
        "calibrated on a single published time, docs/network.md).")
    operating_speed_factor_rail: float = Field(
        0.6032, gt=0, le=1, description="The same for links of mode 'rail' (dimensionless; "
        "calibrated on a single published time, docs/network.md).")
    operating_speed_factor_expressway: float = Field(
        1.0, gt=0, le=1, description="Average car speed on expressway links as a fraction of "
        "their design speed (dimensionless; calibrated by least squares on published drive "
        "times, docs/network.md: the fit reaches its upper bound 1).")
    road_speed_kph: float = Field(
        90.0, gt=0, description="Average car speed on ordinary-road links (national and "
        "provincial roads between neighbouring seats, length = great circle x 1.3) without a "
        "speed of their own, km/h (calibrated on published drive times, docs/network.md: the "
        "fit reaches its upper bound 90 km/h, i.e. the modelled road lengths are too long).")
    urban_speed_kph: float = Field(
        25.0, gt=0, description="Average speed of the intra-city leg (streets within one city, "
        "station access in town) on links of mode 'urban' without a speed, km/h. Assumption: "
        "peak-hour average driving speeds of large Chinese cities are about 23-26 km/h (Amap "
        "2018 report: Beijing 23.35 km/h, the lowest of the major cities; Kunming transport "
        "annual report 2019: morning peak 25.6 km/h); no Changchun figure was found.")
    assumed_headway_min: float | None = Field(
        None, gt=0, description="Headway given to a rail line without a published frequency, "
        "minutes. None: the median headway of the network's lines of the same mode that have "
        "one (else of all its lines); the results say so. Never a zero wait unless no line "
        "has a headway at all (then noted).")
    rail_dwell_min: float = Field(
        0.0, ge=0, description="Minutes a train stands at each intermediate station of a ride, "
        "min (calibrated on published times, docs/network.md).")
    point_access_speed_kph: float = Field(
        40.0, gt=0, description="Speed of the access leg from an arbitrary point (a hospital, "
        "an address) to the nearest network nodes, km/h, applied to the great-circle distance "
        "times point_circuity_factor.")
    point_circuity_factor: float = Field(
        1.3, ge=1, description="Road distance over great-circle distance for point access "
        "legs (dimensionless).")
    point_access_nodes: int = Field(
        3, gt=0, description="Number of nearest network nodes a point is connected to (nodes).")
    travel_time_cache: str = Field(
        "memory", pattern="^(off|memory|disk)$", description="Cache of travel-time matrices "
        "keyed by a content hash of the network and parameters: 'off', 'memory' (in-process) "
        "or 'disk' (also Parquet files under cache_dir/traveltime).")
    cache_dir: Path = Field(
        Path.home() / ".cache" / "metroscope", description="Folder for cached travel-time "
        "matrices and other content-hashed results.")
    engine: str = Field("local", pattern="^(local|dask)$",
                        description="Engine of the pairwise kernels: 'local' or 'dask'.")
    language: str = Field(
        "en", pattern="^(en|zh)$", description="Language of the notes and messages the command "
        "line prints: 'en' or 'zh' (the report carries both and switches in the page).")
    chunk_rows: int = Field(
        512, gt=0, description="Origins per block in the chunked pairwise kernels (rows); "
        "bounds memory at chunk_rows x N x 8 bytes per array.")


_ENV_PREFIX = "METROSCOPE_"


def get_settings(**overrides: Any) -> Settings:
    """Settings from the defaults, ``METROSCOPE_<FIELD>`` environment variables and overrides.

    Raises
    ------
    SettingsError
        Listing every invalid value and the variable it came from.

    Examples
    --------
    >>> s = get_settings(rail_dwell_min=2.0)
    >>> s.rail_dwell_min
    2.0
    """
    return from_environment(Settings, _ENV_PREFIX, overrides, SettingsError,
                            "Invalid metroscope settings (from METROSCOPE_* variables or "
                            "arguments)")


def from_environment(model: type[M], prefix: str, overrides: Mapping[str, Any],
                     error: type[Exception], title: str) -> M:
    """``model`` built from its defaults, ``<prefix><FIELD>`` environment variables (a tuple
    field as comma-separated text) and ``overrides`` (which win); shared by
    :func:`get_settings` and the monitor's ``get_config``.

    Raises
    ------
    Exception
        ``error(message)`` listing every invalid value, the value given and, for a value
        read from the environment, its variable.

    Examples
    --------
    >>> import os
    >>> from pydantic import BaseModel
    >>> class Limits(BaseModel):
    ...     workers: int = 2
    ...     hosts: tuple[str, ...] = ()
    >>> os.environ["EXAMPLE_LIMITS_HOSTS"] = "127.0.0.1, ::1"
    >>> from_environment(Limits, "EXAMPLE_LIMITS_", {"workers": 4}, ValueError, "limits")
    Limits(workers=4, hosts=('127.0.0.1', '::1'))
    >>> os.environ["EXAMPLE_LIMITS_WORKERS"] = "many"
    >>> from_environment(Limits, "EXAMPLE_LIMITS_", {}, ValueError, "limits")
    Traceback (most recent call last):
    ...
    ValueError: limits:
      - workers: Input should be a valid integer, unable to parse string as an integer (got 'many'; variable EXAMPLE_LIMITS_WORKERS)
    >>> del os.environ["EXAMPLE_LIMITS_HOSTS"], os.environ["EXAMPLE_LIMITS_WORKERS"]
    """
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        env = os.environ.get(prefix + name.upper())
        if env is None:
            continue
        values[name] = (tuple(x.strip() for x in env.split(",") if x.strip())
                        if "tuple" in str(field.annotation) else env)
    from_env = {n for n in values if n not in overrides}
    values.update(overrides)
    try:
        return model(**values)
    except ValidationError as exc:
        lines = []
        for e in exc.errors():
            field_name = str(e["loc"][0]) if e["loc"] else ""
            where = f"; variable {prefix}{field_name.upper()}" if field_name in from_env else ""
            lines.append(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']} "
                         f"(got {e.get('input')!r}{where})")
        raise error(f"{title}:\n  - " + "\n  - ".join(lines)) from None
