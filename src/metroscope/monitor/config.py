"""The monitor's settings: one frozen, documented object built from defaults and the environment.

Every field reads ``METROSCOPE_MONITOR_<FIELD>`` (lists as comma-separated text); nothing is
read at import time. Library functions take ``config=`` (default :func:`get_config`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._errors import MetroscopeError


class MonitorConfigError(ValueError, MetroscopeError):
    """A monitor setting with an invalid value (from the environment or an argument)."""


class MonitorConfig(BaseModel):
    """Settings of the monitor. Every field states its unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the store (sqlite:///path or "
        "postgresql+psycopg://user@host/db); default a SQLite file monitor.sqlite in the "
        "user's data folder (platformdirs).")
    rsshub_base_url: str = Field(
        "http://127.0.0.1:1200", description="Base URL of the RSSHub instance that serves "
        "'rsshub' sources (a self-hosted one: the public demo instance is for testing only).")
    allow_private_hosts: tuple[str, ...] = Field(
        (), description="Host names or IP addresses the SSRF gate lets through although they "
        "resolve to non-global addresses (e.g. a local RSSHub on 127.0.0.1); exact match.")
    user_agent: str = Field(
        "metroscope-monitor/0.1 (+https://github.com/metroscope; polite feed reader)",
        description="User-Agent header of every fetch (identifies the monitor to site owners).")
    timeout_s: float = Field(20.0, gt=0, description="Connect and read timeout of one request, "
                             "seconds.")
    max_body_bytes: int = Field(5_000_000, gt=0, description="Largest response body read, "
                                "bytes; a larger body is refused (not truncated).")
    max_redirects: int = Field(5, ge=0, description="Redirect hops followed per fetch "
                               "(each hop passes the SSRF gate again).")
    host_min_interval_s: float = Field(2.0, ge=0, description="Minimum time between two "
                                       "requests to the same host, seconds.")
    host_concurrency: int = Field(1, ge=1, description="Requests in flight per host at once "
                                  "(requests).")
    workers: int = Field(4, ge=1, description="Fetches in flight across hosts at once "
                         "(threads).")
    default_interval_min: float = Field(60.0, gt=0, description="Default polling interval of "
                                        "a source, minutes.")
    backoff_base_min: float = Field(5.0, gt=0, description="First retry delay after a failed "
                                    "fetch, minutes; doubled after every further failure.")
    backoff_max_h: float = Field(24.0, gt=0, description="Longest delay between two attempts "
                                 "of a failing source, hours (it is never abandoned).")
    failing_after: int = Field(3, ge=1, description="Consecutive failures after which a "
                               "source's state is 'failing' and source-health rules fire "
                               "(count).")
    delivery_max_attempts: int = Field(20, ge=1, description="Delivery attempts of one alert "
                                       "on one channel before it is marked dead (attempts); "
                                       "retries back off like fetches.")
    release_pages_per_pass: int = Field(
        10, ge=0, description="Pages of new releases read per 'releases' source and pass "
        "(pages); their text, publication time and attachments join the item. Releases "
        "beyond it keep the list entry only.")
    digest_channels: tuple[str, ...] = Field(
        (), description="Channels (names) the scheduled digest goes to; none: no scheduled "
        "digest. Each pass of `monitor run`/`once` queues the last complete period's digest "
        "once (idempotency key = period and bounds).")
    digest_period: Literal["daily", "weekly"] = Field(
        "daily", description="Period of the scheduled digest: the last calendar day or the "
        "last Monday-to-Monday week, Beijing time.")


_PREFIX = "METROSCOPE_MONITOR_"


def get_config(**overrides: Any) -> MonitorConfig:
    """The monitor settings from defaults, ``METROSCOPE_MONITOR_*`` variables and overrides.

    Raises
    ------
    MonitorConfigError
        Listing every invalid value and the variable it came from.

    Examples
    --------
    >>> cfg = get_config(timeout_s=5)
    >>> cfg.timeout_s, cfg.backoff_base_min
    (5.0, 5.0)
    """
    from ..settings import from_environment

    return from_environment(MonitorConfig, _PREFIX,
                            {k: v for k, v in overrides.items() if v is not None},
                            MonitorConfigError, "Invalid monitor settings")
