"""The ``Examples`` sections of the public API run as doctests and print what they show.

Every module that defines a public function (the set :mod:`tests.test_docstrings` checks) is run
through :func:`doctest.testmod`. The examples share one namespace, loaded once per session, so
that they stay fast and short:

* ``metroscope``, ``np`` (NumPy) and ``pd`` (pandas) are imported;
* ``region`` is ``metroscope.load("changchun")`` (the embedded default);
* ``china`` is ``metroscope.load("china")`` (the embedded national dataset);
* ``tmp_path`` is an empty writable folder (a :class:`pathlib.Path`, one per module) for the
  examples that write or read files.

Output is compared with ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``; warnings are errors (the
project's pytest ``filterwarnings``), so an example that emits a NumPy warning fails.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import metroscope
from test_docstrings import public_functions

MODULES = sorted({getattr(f, "__module__", "") for f in public_functions().values()})
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.fixture(scope="session")
def namespace() -> dict[str, Any]:
    """The names every example may use without importing or loading them."""
    return {"metroscope": metroscope, "np": np, "pd": pd,
            "region": metroscope.load("changchun"), "china": metroscope.load("china")}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, namespace: dict[str, Any], tmp_path: Path) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={**namespace, "tmp_path": tmp_path},
                             optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} example(s) of {name} failed (see the output above)"
    assert result.attempted > 0, f"{name} has no runnable example"
