"""The curated facts of the builder: TOML and CSV files in ``data/`` (each names its sources)."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


def toml(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>`` TOML file (tables keep the order they are written in)."""
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


def rows(name: str) -> list[dict[str, str]]:
    """The rows of ``data/<name>`` (a CSV file with a header; ``#`` lines are comments)."""
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))
