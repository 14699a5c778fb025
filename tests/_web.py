"""Helpers of the web tests: an in-process client per configuration and the CLI run
in-process (same interpreter, same cached region) for the API-equals-CLI contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from metroscope.web import WebConfig, create_app


def client(tmp: Path, **config: Any) -> Any:
    """A TestClient of a fresh app whose data folder is ``tmp``."""
    from fastapi.testclient import TestClient

    return TestClient(create_app(WebConfig(data_dir=tmp, **config)))


def cli_app(command: str) -> typer.Typer:
    """The Typer app of ``metroscope COMMAND`` (a single command wrapped in one)."""
    import importlib

    module = importlib.import_module(f"metroscope.cli.{command}")
    target = module.app
    if not isinstance(target, typer.Typer):
        wrapper = typer.Typer()
        wrapper.command()(target)
        target = wrapper
    return target


def cli_json(command: str, *args: str) -> Any:
    """``metroscope COMMAND ARGS --format json`` run in-process, parsed."""
    result = CliRunner().invoke(cli_app(command), [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
