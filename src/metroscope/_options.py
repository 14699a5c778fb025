"""Typed options shared by the analyses and their views, and the checks that narrow a string
from a boundary (a CLI option, a query parameter) to them. Light on purpose: importing it
loads no analysis module, so the CLI and the web app can check options before any heavy import.
"""

from __future__ import annotations

from typing import Literal, cast, get_args

from ._errors import ParameterError, shorten
from .messages import Message

#: A travel mode of the routing: ``rail`` (rail links, seats by access legs), ``road`` or
#: ``fastest`` (door to door over both).
NetworkMode = Literal["rail", "road", "fastest"]
NETWORK_MODES: tuple[str, ...] = get_args(NetworkMode)

#: The cost of the gravity model on a region (``metroscope.flows.region_flows``): a network's
#: travel minutes by one of :data:`NetworkMode`, or great-circle ``distance`` (km).
FlowMode = Literal["rail", "road", "fastest", "distance"]
FLOW_MODES: tuple[str, ...] = get_args(FlowMode)

#: The distance decay of potential accessibility (Hansen 1959): power t^-b or exponential
#: e^-bt.
Decay = Literal["power", "exponential"]
DECAYS: tuple[str, ...] = get_args(Decay)


def as_mode(text: str) -> NetworkMode:
    """``text`` as a :data:`NetworkMode` (the check at a boundary: CLI option, query string).

    Raises
    ------
    ParameterError
        When ``text`` is not one of :data:`NETWORK_MODES` (the message lists them).
    """
    if text not in NETWORK_MODES:
        msg = Message("err_unknown_mode", got=shorten(text), allowed=list(NETWORK_MODES))
        raise ParameterError(msg)
    return cast("NetworkMode", text)


def as_decay(text: str) -> Decay:
    """``text`` as a :data:`Decay` (the check at a boundary: CLI option, query string).

    Raises
    ------
    ParameterError
        When ``text`` is not ``power`` or ``exponential``.
    """
    if text not in DECAYS:
        msg = Message("err_unknown_decay", got=shorten(text))
        raise ParameterError(msg)
    return cast("Decay", text)
