"""The monitor's delivery errors and store errors read in the reader's language: a failed
delivery stores its error as a catalogue message (revision 0004; an older row keeps showing its
English text), a store that cannot be opened says why in Chinese, and a rule file's YAML error
names the file, line and column as a scenario file's does. Every expected sentence below is
written out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from _monitor_fixtures import mock_fetcher, sqlite_store  # noqa: F401
from metroscope._errors import error_text
from metroscope.cli import EXIT_USER, make_app
from metroscope.messages import Message
from metroscope.monitor import StoreError, query
from metroscope.monitor.alerts import deliver_pending, queue_alert
from metroscope.monitor.channels import add_channel
from metroscope.monitor.config import get_config
from metroscope.monitor.store import Delivery, Store, open_store


def run(*args: str) -> Any:
    argv = list(args)
    return CliRunner().invoke(make_app(argv), argv, env={"COLUMNS": "120"})


def _failed_delivery(store: Store, status: int = 500) -> None:
    """One alert on one webhook channel whose server answers ``status``."""
    with store.session() as s, s.begin():
        add_channel(s, "team", "https://hooks.example.org/abc", secret="env:ZH5_HOOK_SECRET")
    with store.session() as s, s.begin():
        queue_alert(s, rule_name="hsr", kind="keyword", cause=["x"], title="高铁开工",
                    channels=["team"])
    fetcher = mock_fetcher(lambda request: httpx.Response(status))
    try:
        deliver_pending(store, fetcher=fetcher, config=get_config(host_min_interval_s=0))
    finally:
        fetcher.close()


def test_a_failed_delivery_is_stored_as_a_message(sqlite_store: Store,
                                                 monkeypatch: Any) -> None:
    monkeypatch.setenv("ZH5_HOOK_SECRET", "s3cret-value")
    _failed_delivery(sqlite_store)
    with sqlite_store.session() as s:
        row = s.scalar(sa.select(Delivery))
        assert row is not None
        # the English text stays in last_error; the message beside it
        assert row.last_error == "webhook answered HTTP 500"
        assert row.last_error_message is not None and "err_channel_http" in row.last_error_message
    shown = query.deliveries(sqlite_store, 1)
    assert [(d["channel"], d["state"], d["attempts"]) for d in shown] == [("team", "pending", 1)]
    said = shown[0]["last_error"]
    assert isinstance(said, Message)
    assert said.get("zh") == "webhook 返回 HTTP 500"
    assert said.get("en") == "webhook answered HTTP 500"


def test_alerts_show_says_why_a_delivery_failed_in_chinese(sqlite_store: Store,
                                                          monkeypatch: Any) -> None:
    monkeypatch.setenv("ZH5_HOOK_SECRET", "s3cret-value")
    _failed_delivery(sqlite_store, status=503)
    zh = run("monitor", "alerts", "--show", "1", "--db", sqlite_store.url, "--lang", "zh")
    assert zh.exit_code == 0, zh.output
    assert zh.output.splitlines()[-1] == (
        "投递到 team:待重试,已尝试 1 次;最近错误:webhook 返回 HTTP 503")
    en = run("monitor", "alerts", "--show", "1", "--db", sqlite_store.url, "--lang", "en")
    assert en.output.splitlines()[-1] == (
        "delivery to team: pending, 1 attempt(s); last error: webhook answered HTTP 503")


def test_a_plain_text_delivery_row_of_an_older_database_still_shows(tmp_path: Path) -> None:
    # a database at revision 0003 (before delivery errors were stored as messages)
    from alembic import command

    from metroscope.monitor.migrate import alembic_config, current_revision, head_revision
    from metroscope.monitor.store import make_engine

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    when = "2026-03-01 00:00:00"
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO channels (id, name, kind, url, enabled) VALUES "
            "(1, 'team', 'apprise', 'json://hooks.example.org/x', 1)"))
        conn.execute(sa.text(
            "INSERT INTO alerts (id, idempotency_key, rule_name, kind, title, body, payload, "
            f"created_at, acknowledged) VALUES (1, 'k1', 'hsr', 'keyword', 'HSR', '', '{{}}', "
            f"'{when}', 0)"))
        conn.execute(sa.text(
            "INSERT INTO deliveries (alert_id, channel_id, state, attempts, next_attempt_at, "
            f"last_error) VALUES (1, 1, 'dead', 20, '{when}', "
            "'Apprise could not deliver to json://hooks.example.org/***')"))
    assert current_revision(engine) == "0003"
    engine.dispose()
    store = open_store(url)  # upgrades to the head revision
    try:
        assert current_revision(store.engine) == head_revision() == "0004"
        [d] = query.deliveries(store, 1)
        assert d["last_error"] == "Apprise could not deliver to json://hooks.example.org/***"
        assert not isinstance(d["last_error"], Message)  # shown as stored
    finally:
        store.close()
    shown = run("monitor", "alerts", "--show", "1", "--db", url, "--lang", "zh")
    assert shown.output.splitlines()[-1] == (
        "投递到 team:已放弃,已尝试 20 次;最近错误:"
        "Apprise could not deliver to json://hooks.example.org/***")


def test_store_errors_read_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"x" * 4096)
    with pytest.raises(StoreError) as opened:
        open_store(f"sqlite:///{bad}")
    zh = error_text(opened.value, "zh")
    assert zh.startswith(f"无法打开或迁移监测存储 sqlite:///{bad}:")
    assert zh.endswith("请检查 URL、服务器是否在运行,以及该文件是否为 metroscope 监测数据库。")
    assert str(opened.value).startswith(
        f"Cannot open or migrate the monitor store sqlite:///{bad}:")
    with pytest.raises(StoreError) as parsed:
        open_store("nonsense")
    assert error_text(parsed.value, "zh").startswith("'nonsense' 不是数据库 URL(")
    assert str(parsed.value).startswith("Not a database URL: 'nonsense' (")
    missing = run("monitor", "alerts", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}",
                  "--lang", "zh")
    assert missing.exit_code == EXIT_USER
    assert missing.output.startswith(f"错误:没有监测存储 {tmp_path / 'none.sqlite'}。修正:")


def test_a_rule_file_with_a_yaml_error_names_file_line_and_column(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    path = tmp_path / "rule.yaml"
    path.write_text("name: hsr\nkind: keyword\nkeywords: [高铁, 长四\n", encoding="utf-8")
    zh = run("monitor", "rules", "add", "--file", str(path), "--db", db, "--lang", "zh")
    en = run("monitor", "rules", "add", "--file", str(path), "--db", db, "--lang", "en")
    assert (zh.exit_code, en.exit_code) == (EXIT_USER, EXIT_USER), zh.output
    # the same sentence as a scenario file's syntax error (scn_err_syntax)
    zh_lines = zh.output.splitlines()
    assert zh_lines[0] == f"错误:{path} 中有 1 个问题:", zh.output
    assert "".join(x.strip() for x in zh_lines[1:]).startswith(
        "- 第 4 行第 1 列:YAML 语法错误;请检查该行及其上一行的缩进、冒号、引号和括号(解析器提示:")
    assert en.output.splitlines()[0] == f"Error: 1 problem(s) in {path}:"
    assert "line 4, column 1: YAML syntax error" in " ".join(en.output.split())
    # --json text: the context is the option; a list is not a rule
    listed = run("monitor", "rules", "add", "--json", "[1, 2]", "--db", db, "--lang", "zh")
    assert listed.exit_code == EXIT_USER
    assert listed.output.splitlines() == [
        "错误:--json 给出的规则中有 1 个问题:",
        "  - 规则应为含 name、kind 等键的映射,而非 list"]
    dup = run("monitor", "rules", "add", "--json", "name: a\nname: b\nkind: tags",
              "--db", db, "--lang", "zh")
    assert "第 2 行:键 'name' 重复(首次出现在第 1 行)" in dup.output



def test_a_refused_channel_says_its_problems_in_chinese(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.sqlite'}"
    zh = run("monitor", "channels", "add", "team", "ftp://hooks.example.org/x", "--kind",
             "webhook", "--db", db, "--lang", "zh")
    assert zh.exit_code == EXIT_USER, zh.output
    assert " ".join(zh.output.split()) == (
        "错误:通道 'team':webhook 的 URL 必须是 http(s)(收到 ftp://hooks.example.org/***);"
        "webhook 需要用于签名的密钥(env:NAME 或 file:/path)")
    en = run("monitor", "channels", "add", "team", "ftp://hooks.example.org/x", "--kind",
             "webhook", "--db", db, "--lang", "en")
    assert " ".join(en.output.split()) == (
        "Error: channel 'team': webhook URL must be http(s) (got ftp://hooks.example.org/***); "
        "a webhook needs a secret (env:NAME or file:/path) to sign with")
