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


def same_as_cli(api: Any, cli: Any, path: str = "") -> None:
    """Assert the API's JSON is exactly the CLI's ``--format json`` (both are rounded by the
    same function, :func:`metroscope._records.rounded`); ``path`` names the first cell that
    differs."""
    if isinstance(cli, dict):
        assert isinstance(api, dict) and set(api) == set(cli), path
        for k in cli:
            same_as_cli(api[k], cli[k], f"{path}.{k}")
    elif isinstance(cli, list):
        assert isinstance(api, list) and len(api) == len(cli), path
        for i, (a, c) in enumerate(zip(api, cli, strict=True)):
            same_as_cli(a, c, f"{path}[{i}]")
    else:
        assert type(api) is type(cli) and api == cli, (path, api, cli)
