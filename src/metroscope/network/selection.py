"""Which links form a network: the modes, the statuses and the network year.

Network selection: ``status`` (which statuses count) and ``year`` (a link counts when its
``open_year`` <= ``year``; operating links without an opening year count, others do not).
With ``year`` given and ``status`` left out, every status counts ("the network as it will be in
``year``").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Literal

import pandas as pd

from .. import _schema as S
from .._errors import ParameterError, shorten
from .._options import NETWORK_MODES
from ..messages import Message

__all__ = ["MODES", "MODE_LINKS", "NetworkSelection", "select_links", "selection"]

Mode = Literal["rail", "road", "fastest"]
MODES: tuple[str, ...] = NETWORK_MODES
MODE_LINKS: dict[str, tuple[str, ...]] = {
    "rail": (*S.RAIL_MODES, *S.ROAD_MODES),  # road links only to reach and leave stations
    "road": tuple(S.ROAD_MODES),
    "fastest": (*S.RAIL_MODES, *S.ROAD_MODES),
}


@dataclass(frozen=True)
class NetworkSelection:
    """Which links form the network: modes, statuses and the network year."""

    mode: str
    statuses: tuple[str, ...]
    year: int | None

    def describe(self) -> str:
        """Human-readable description, e.g. ``rail, operating, year 2030``.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> selection("rail", ["operating", "planned"], 2030).describe()
        'rail network (operating+planned, open by 2030)'
        """
        return self.describe_message().en

    def describe_message(self) -> Message:
        """:meth:`describe` as a catalogue message (Chinese and English).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> selection("rail", ["operating", "planned"], 2030).describe_message().zh
        'rail 路网(operating+planned,截至 2030 年开通)'
        """
        if self.year is None:
            return Message("err_graph_network", mode=self.mode,
                           statuses="+".join(self.statuses))
        return Message("err_graph_network_year", mode=self.mode,
                       statuses="+".join(self.statuses), year=int(self.year))


def selection(mode: str, status: Iterable[str] | str | None, year: int | None) -> NetworkSelection:
    """Normalise and check the network-selection arguments.

    Raises
    ------
    ParameterError
        For an unknown ``mode``, an unknown or empty ``status``, or a ``year`` outside
        the supported network years.

    Examples
    --------
    >>> selection("rail", None, None)
    NetworkSelection(mode='rail', statuses=('operating',), year=None)
    """
    if mode not in MODES:
        msg = Message("err_unknown_mode", got=shorten(mode), allowed=list(MODES))
        raise ParameterError(msg)
    if status is None:
        statuses = tuple(S.STATUSES) if year is not None else ("operating",)
    else:
        statuses = (status,) if isinstance(status, str) else tuple(status)
    bad = sorted(set(statuses) - set(S.STATUSES))
    if bad or not statuses:
        msg = Message("err_unknown_status", got=shorten(bad), allowed=list(S.STATUSES))
        raise ParameterError(msg)
    year = _whole_year(year)
    if year is not None and not (S.YEAR_MIN <= year <= S.YEAR_MAX):
        msg = Message("err_network_year_range", got=shorten(year), low=S.YEAR_MIN,
                      high=S.YEAR_MAX)
        raise ParameterError(msg)
    order = {s: i for i, s in enumerate(S.STATUSES)}
    return NetworkSelection(mode, tuple(sorted(set(statuses), key=order.__getitem__)), year)


def _whole_year(year: object) -> int | None:
    """``year`` as an int when it is a whole number (an int, an integral float, or digits);
    a fraction, NaN, inf, a bool or other text is a ParameterError (``int()`` cut 2030.5 to
    2030 and raised ValueError on "abc")."""
    if year is None:
        return None
    if isinstance(year, str) and year.strip().isdigit():
        return int(year.strip())
    if isinstance(year, Integral) and not isinstance(year, bool):
        return int(year)
    if isinstance(year, Real) and not isinstance(year, bool):
        value = float(year)
        if math.isfinite(value) and value.is_integer():
            return int(value)
    msg = Message("err_network_year_whole", got=shorten(year))
    raise ParameterError(msg)


def select_links(links: pd.DataFrame, sel: NetworkSelection) -> pd.DataFrame:
    """The links of ``sel``'s modes and statuses that are open in ``sel.year``.

    Raises
    ------
    KeyError
        If ``links`` lacks the ``mode``, ``status`` or (with a year) ``open_year``
        column.

    Examples
    --------
    >>> links = select_links(region.links, selection("rail", "operating", None))
    >>> len(links), sorted(links["mode"].unique())
    (333, ['expressway', 'hsr', 'intercity', 'rail', 'road', 'urban'])
    """
    keep = links["mode"].isin(MODE_LINKS[sel.mode]) & links["status"].isin(sel.statuses)
    if sel.year is not None:
        opened = pd.to_numeric(links["open_year"], errors="coerce")
        open_by = (opened <= sel.year).fillna(False).astype(bool)
        undated_operating = opened.isna() & (links["status"] == "operating")
        keep &= open_by | undated_operating
    return links[keep.to_numpy()].copy()
