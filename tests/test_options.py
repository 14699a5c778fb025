"""Typed options (issue 16, item 4): strings from a boundary are narrowed to the Literal types
of the analyses by one check each, and a bad value is a ParameterError (a ValueError and a
MetroscopeError, so the CLI shows it as a usage error and the API as a 422, never as a bug)."""

from __future__ import annotations

from typing import get_args

import pytest

from metroscope import MetroscopeError, ParameterError
from metroscope._options import DECAYS, NETWORK_MODES, Decay, NetworkMode, as_decay, as_mode


def test_the_literal_types_are_the_valid_values() -> None:
    assert NETWORK_MODES == get_args(NetworkMode) == ("rail", "road", "fastest")
    assert DECAYS == get_args(Decay) == ("power", "exponential")
    for m in NETWORK_MODES:
        assert as_mode(m) == m
    for d in DECAYS:
        assert as_decay(d) == d


@pytest.mark.parametrize("bad", ["plane", "", "Rail", "all"])
def test_a_bad_mode_is_a_parameter_error_naming_the_choices(bad: str) -> None:
    with pytest.raises(ParameterError, match="rail, road, fastest") as info:
        as_mode(bad)
    assert isinstance(info.value, ValueError) and isinstance(info.value, MetroscopeError)


def test_a_bad_decay_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="power"):
        as_decay("gaussian")


def test_the_cli_reports_a_bad_mode_as_a_usage_error() -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "metroscope", "access", "isochrone", "--mode",
                        "plane"], capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2, r.stderr
    assert "Unknown mode 'plane'" in r.stderr and "Traceback" not in r.stderr
