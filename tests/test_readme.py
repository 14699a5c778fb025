"""The README's Python tour runs as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"
EXAMPLES = README.parent / "examples"


def test_readme_python_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "README has no python example"
    shutil.copytree(EXAMPLES, tmp_path / "examples")  # the files the README describes
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    region = namespace["region"]
    assert region.has_break("gdp", "220300", 2019, 2020)  # type: ignore[attr-defined]
    assert (tmp_path / "my-bundle" / "region.toml").exists()
    mine = namespace["mine"].series("population")  # type: ignore[attr-defined]
    assert mine.loc["220322"].tolist() == [782630, 537145]  # 梨树县, 2010 and 2020 censuses
