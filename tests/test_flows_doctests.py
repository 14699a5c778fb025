"""The examples in the docstrings of the flow modules and the engine run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["metroscope.engine", "metroscope.flows.radiation", "metroscope.flows.gravity",
           "metroscope.flows.balancing", "metroscope.flows.gof"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
