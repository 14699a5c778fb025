"""``metroscope serve`` and ``metroscope token`` speak the run's language (``--lang`` or
METROSCOPE_LANGUAGE): the start-up lines, the token's lines and table, and their errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from metroscope.cli import make_app

# three or more English words in a row (the rule of tests/test_messages.py); a command line
# (``metroscope token create``) is not an English sentence
ENGLISH = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}")
COMMAND = re.compile(r"metroscope(?: [a-z][a-z-]*)+")


def run(*args: str, **env: str) -> Any:
    argv = list(args)
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "120", **env})


def no_english(text: str) -> bool:
    return not ENGLISH.search(COMMAND.sub("", text))


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """``serve`` runs up to the server, which is not started (its arguments are kept)."""
    import metroscope.web

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(metroscope.web, "run_server",
                        lambda config, host, port: calls.append(
                            {"config": config, "host": host, "port": port}))
    return calls


def test_serve_start_up_lines(served: list[dict[str, Any]], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    zh = run("serve", "--db", db, "--host", "0.0.0.0", "--port", "8123",
             "--data-dir", str(tmp_path), METROSCOPE_LANGUAGE="zh")
    assert zh.exit_code == 0, zh.output
    assert zh.output.splitlines() == [
        "正在监听 0.0.0.0:读取公开;写入需要令牌(metroscope token create)。",
        "metroscope 正在 http://0.0.0.0:8123/ 提供 changchun(按 Ctrl+C 停止)"]
    assert no_english(zh.output)
    private = run("serve", "--db", db, "--host", "0.0.0.0", "--private-reads", "--lang", "zh",
                  "--data-dir", str(tmp_path))
    assert "读取也需要令牌" in private.output and no_english(private.output)
    en = run("serve", "--db", db, "--host", "0.0.0.0", "--port", "8123", "--lang", "en",
             "--data-dir", str(tmp_path), METROSCOPE_LANGUAGE="zh")
    assert en.output.splitlines() == [
        "Listening on 0.0.0.0: reads are public; writes need a token (metroscope token "
        "create).", "metroscope serving changchun on http://0.0.0.0:8123/ (Ctrl+C stops)"]
    assert [c["port"] for c in served] == [8123, 8000, 8123]


def test_serve_refusals(served: list[dict[str, Any]], tmp_path: Path) -> None:
    both = run("serve", "--db", "sqlite://", "--demo", METROSCOPE_LANGUAGE="zh")
    assert both.exit_code == 2
    assert both.output.strip() == "错误:请只给 --db 或 --demo 之一(--demo 会建立自己的数据库)。"
    bad = run("serve", "--db", "nonsense", "--lang", "zh", "--data-dir", str(tmp_path))
    assert bad.exit_code == 1 and bad.output.startswith("错误:'nonsense' 不是数据库 URL")
    assert served == []


def test_token_lines_table_and_errors_in_chinese(tmp_path: Path) -> None:
    d = str(tmp_path)
    made = run("token", "create", "--data-dir", d, "--label", "ci", METROSCOPE_LANGUAGE="zh")
    assert made.exit_code == 0
    head, token = made.output.splitlines()
    m = re.fullmatch(r"令牌 ([0-9a-f]{8}),权限范围 write", head[:head.index("(")])
    assert m is not None and token.startswith("ms_")
    assert head.endswith("(只显示这一次,请妥善保管):") and no_english(head)
    listed = run("token", "list", "--data-dir", d, "--lang", "zh")
    assert "令牌" in listed.output and "编号" in listed.output and "权限范围" in listed.output
    assert m.group(1) in listed.output and no_english(listed.output)
    csv = run("token", "list", "--data-dir", d, "--lang", "zh", "--format", "csv")
    assert csv.output.splitlines()[0] == "id,scope,label,created"  # field names stay English
    gone = run("token", "revoke", m.group(1), "--data-dir", d, "--lang", "zh")
    assert gone.output.strip() == f"已撤销令牌 {m.group(1)}"
    again = run("token", "revoke", m.group(1), "--data-dir", d, METROSCOPE_LANGUAGE="zh")
    assert again.exit_code == 1
    assert again.output.strip() == f"错误:没有编号为 '{m.group(1)}' 的令牌。"
    scope = run("token", "create", "--scope", "root", "--data-dir", d, "--lang", "zh")
    assert scope.output.strip() == "错误:未知的权限范围 'root';可用 read、write、admin。"
    (tmp_path / "tokens.json").write_text("{", encoding="utf-8")
    broken = run("token", "list", "--data-dir", d, "--lang", "zh")
    assert "内容不是有效的 JSON" in broken.output and no_english(broken.output)
    en = run("token", "list", "--data-dir", d, "--lang", "en")
    assert "Expecting property name enclosed in double quotes" in en.output
