"""The travel options every analysis on the network repeats, as one value.

Travel times, isochrones, the commuting circle and accessibility all ask the same questions:
which mode, which network (the links of which statuses, open by which *network year*), which
routing settings and which unit level. :class:`TravelOptions` holds those answers once, checks
them when it is made, and is passed down unchanged (``options=``). The *statistics year* (the
year of the population or GDP an analysis weighs units by) is not one of them: it stays the
``stats_year`` argument of the analyses that read statistics, so a network of 2030 can be
weighed by the population of 2020 and each year is named for what it selects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .. import _schema as S
from .._errors import ParameterError, shorten
from ..messages import Message
from ..settings import Settings, get_settings
from .selection import NetworkSelection, selection

if TYPE_CHECKING:
    from .._options import NetworkMode

__all__ = ["TravelOptions"]


@dataclass(frozen=True)
class TravelOptions:
    """Mode, network year, statuses, routing settings and unit level of a network analysis.

    Parameters
    ----------
    mode
        ``fastest`` (door to door over road and rail; default), ``rail`` or ``road``.
    network_year
        Links whose ``open_year`` is after it do not count (default: today's network). Not the
        year of the statistics: analyses that weigh units take ``stats_year`` separately.
    status
        Link statuses that count (a name or several; default ``operating``, or every status
        when ``network_year`` is given). Stored as a tuple.
    settings
        Routing parameters (default: :func:`~metroscope.settings.get_settings` when used).
    level
        Unit level of the matrix (default ``county``, see
        :func:`~metroscope.network.matrix_units`).

    Raises
    ------
    ParameterError
        For an unknown ``mode``, ``status`` or ``level``, or a ``network_year`` outside the
        supported range, when the options are made.

    Examples
    --------
    >>> from metroscope.network import TravelOptions, accessibility
    >>> opts = TravelOptions(mode="rail", network_year=2030)
    >>> opts.selection().describe()
    'rail network (operating+under_construction+planned, open by 2030)'
    >>> a = accessibility(region, options=opts, stats_year=2010)
    >>> meta = a.attrs["metroscope"]
    >>> meta["network_year"], meta["stats_year"]
    (2030, 2010)
    """

    mode: NetworkMode = "fastest"
    network_year: int | None = None
    status: tuple[str, ...] | None = None
    settings: Settings | None = None
    level: str | None = None

    def __post_init__(self) -> None:
        status = self.status
        if status is not None:
            object.__setattr__(self, "status", (status,) if isinstance(status, str)
                               else tuple(str(s) for s in status))
        if self.level is not None and self.level not in S.LEVELS:
            msg = Message("err_unknown_level", got=shorten(self.level), allowed=list(S.LEVELS))
            raise ParameterError(msg)
        sel = selection(self.mode, self.status, self.network_year)  # raises on a bad value
        object.__setattr__(self, "network_year", sel.year)

    def selection(self) -> NetworkSelection:
        """The links these options route on (mode, statuses with their default, year).

        Raises
        ------
        Nothing; the options were checked when made.

        Examples
        --------
        >>> TravelOptions(mode="road").selection()
        NetworkSelection(mode='road', statuses=('operating',), year=None)
        """
        return selection(self.mode, self.status, self.network_year)

    def routing_settings(self) -> Settings:
        """``settings``, or the current settings when none were given.

        Raises
        ------
        SettingsError
            When no settings were given and the environment or settings file holds an
            invalid value.

        Examples
        --------
        >>> TravelOptions().routing_settings().circle_minutes
        60.0
        """
        return self.settings or get_settings()

    def with_mode(self, mode: NetworkMode) -> TravelOptions:
        """The same options with another mode.

        Raises
        ------
        ParameterError
            For an unknown ``mode``.

        Examples
        --------
        >>> TravelOptions(network_year=2030).with_mode("rail").mode
        'rail'
        """
        return replace(self, mode=mode)

    @classmethod
    def of(
        cls,
        options: TravelOptions | None = None,
        *,
        mode: NetworkMode = "fastest",
        status: Iterable[str] | str | None = None,
        year: int | None = None,
        settings: Settings | None = None,
        level: str | None = None,
    ) -> TravelOptions:
        """``options``, or options made from the keyword arguments the analyses also accept.

        The analyses take either ``options=TravelOptions(...)`` or the keywords ``mode``,
        ``status``, ``year`` (the network year), ``settings`` and ``level``; this is how
        they read them. Keywords left at their defaults beside ``options`` are ignored; a
        keyword given another value beside ``options`` is an error, never silently dropped.

        Raises
        ------
        ParameterError
            When ``options`` is given together with a keyword that differs from its default,
            or (without ``options``) for an invalid value (see :class:`TravelOptions`).

        Examples
        --------
        >>> TravelOptions.of(mode="rail", year=2030).network_year
        2030
        >>> TravelOptions.of(TravelOptions(mode="road"), mode="rail")
        Traceback (most recent call last):
        ...
        metroscope._errors.ParameterError: Give the travel options either as options= or as keywords, not both: mode='rail' given beside options=TravelOptions(mode='road', ...).
        """
        if options is None:
            return cls(mode=mode, network_year=year,
                       status=None if status is None else tuple(
                           (status,) if isinstance(status, str) else status),
                       settings=settings, level=level)
        if not isinstance(options, TravelOptions):
            msg = Message("err_options_not_travel", got=shorten(options))
            raise ParameterError(msg)
        given = [f"{name}={value!r}" for name, value, default in (
            ("mode", mode, "fastest"), ("status", status, None), ("year", year, None),
            ("settings", settings, None), ("level", level, None)) if value != default]
        if given:
            msg = Message("err_options_and_keywords", given=given, mode=repr(options.mode))
            raise ParameterError(msg)
        return options
