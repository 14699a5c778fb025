"""Writes: tokens stored as SHA-256 and checked in constant time, scopes, read-only mode,
sessions with CSRF for the pages, rate limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _web import client
from metroscope.web.tokens import TokenStore, digest

SPEC = {"name": "my-faster-hsr", "title": "Faster HSR",
        "edits": [{"op": "set_speed", "mode": "hsr", "speed_kph": 380}]}


def _tokens(tmp: Path) -> dict[str, str]:
    store = TokenStore(tmp / "tokens.json")
    return {scope: store.create(scope)[1] for scope in ("read", "write", "admin")}


def test_tokens_are_stored_only_as_sha256(tmp_path: Path) -> None:
    tokens = _tokens(tmp_path)
    text = (tmp_path / "tokens.json").read_text()
    for tok in tokens.values():
        assert tok not in text
        assert digest(tok) in text
    assert oct((tmp_path / "tokens.json").stat().st_mode & 0o777) == "0o600"
    assert TokenStore(tmp_path / "tokens.json").verify(tokens["write"]).scope == "write"
    assert TokenStore(tmp_path / "tokens.json").verify(tokens["write"] + "x") is None


def test_tokens_are_compared_with_compare_digest(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac

    from metroscope.web import tokens as mod

    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(mod.hmac, "compare_digest", spy)
    tokens = _tokens(tmp_path)
    assert TokenStore(tmp_path / "tokens.json").verify(tokens["read"]) is not None
    assert len(calls) == 3  # every stored digest is compared, no early exit


def test_a_write_needs_a_write_token(tmp_path: Path) -> None:
    tokens = _tokens(tmp_path)
    with client(tmp_path) as c:
        r = c.post("/api/v1/scenarios", json=SPEC)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"]["code"] == "unauthorized"
        r = c.post("/api/v1/scenarios", json=SPEC,
                   headers={"Authorization": f"Bearer {tokens['read']}"})
        assert r.status_code == 403
        r = c.post("/api/v1/scenarios", json=SPEC,
                   headers={"Authorization": f"Bearer {tokens['write']}"})
        assert r.status_code == 201, r.text
        assert r.headers["location"] == "/api/v1/scenarios/my-faster-hsr"
        saved = tmp_path / "scenarios" / "my-faster-hsr.yaml"
        assert saved.exists()
        # the saved spec is listed, shown and runs like a shipped one
        names = [s["name"] for s in c.get("/api/v1/scenarios").json()]
        assert names[-1] == "my-faster-hsr"
        assert c.get("/api/v1/scenarios/my-faster-hsr").json()[0]["op"] == "set_speed"
        assert c.get("/api/v1/circle?mode=rail&scenario=my-faster-hsr").status_code == 200
        # the same name again is a conflict, nothing overwritten
        before = saved.read_bytes()
        r = c.post("/api/v1/scenarios", json={**SPEC, "title": "other"},
                   headers={"Authorization": f"Bearer {tokens['admin']}"})
        assert r.status_code == 409 and saved.read_bytes() == before


def test_a_path_as_scenario_name_is_refused(tmp_path: Path) -> None:
    tokens = _tokens(tmp_path)
    with client(tmp_path) as c:
        for name in ("../evil", "a/b", ".hidden"):
            r = c.post("/api/v1/scenarios", json={**SPEC, "name": name},
                       headers={"Authorization": f"Bearer {tokens['write']}"})
            assert r.status_code == 422, (name, r.text)
        assert c.get("/api/v1/scenarios/..%2F..%2Fetc%2Fpasswd").status_code in (404, 422)
    assert not (tmp_path.parent / "evil.yaml").exists()


def test_read_only_refuses_writes_even_with_a_token(tmp_path: Path) -> None:
    tokens = _tokens(tmp_path)
    with client(tmp_path, read_only=True) as c:
        r = c.post("/api/v1/scenarios", json=SPEC,
                   headers={"Authorization": f"Bearer {tokens['admin']}"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"
        assert c.get("/api/v1/scenarios").status_code == 200


def test_private_reads_need_a_token(tmp_path: Path) -> None:
    tokens = _tokens(tmp_path)
    with client(tmp_path, public_reads=False) as c:
        assert c.get("/api/v1/scenarios").status_code == 401
        r = c.get("/api/v1/scenarios", headers={"Authorization": f"Bearer {tokens['read']}"})
        assert r.status_code == 200


def test_writes_and_auth_failures_are_rate_limited(tmp_path: Path) -> None:
    _tokens(tmp_path)
    with client(tmp_path, write_rate_per_min=3) as c:
        codes = [c.post("/api/v1/scenarios", json=SPEC,
                        headers={"Authorization": "Bearer wrong"}).status_code
                 for _ in range(8)]
    assert codes[:3] == [401, 401, 401]
    assert codes[-1] == 429


def test_session_writes_need_the_csrf_token(tmp_path: Path) -> None:
    tokens = _tokens(tmp_path)
    with client(tmp_path) as c:
        page = c.get("/")
        csrf = page.cookies.get("ms_csrf") or c.cookies.get("ms_csrf")
        assert csrf
        # sign-in itself needs the CSRF token
        r = c.post("/auth/login", data={"token": tokens["write"]}, follow_redirects=False)
        assert r.status_code == 403
        r = c.post("/auth/login", data={"token": tokens["write"], "csrf_token": csrf},
                   follow_redirects=False)
        assert r.status_code == 303, r.text
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        # the session alone is not enough for a write
        r = c.post("/api/v1/scenarios", json=SPEC)
        assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
        r = c.post("/api/v1/scenarios", json=SPEC, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 201, r.text
        c.post("/auth/logout", data={"csrf_token": csrf})
        r = c.post("/api/v1/scenarios", json={**SPEC, "name": "again"},
                   headers={"X-CSRF-Token": csrf})
        assert r.status_code == 401


def test_token_cli_creates_lists_and_revokes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from metroscope.cli import token

    r = CliRunner().invoke(token.app, ["create", "--scope", "admin", "--data-dir",
                                       str(tmp_path)])
    assert r.exit_code == 0, r.output
    tok = r.stdout.strip().splitlines()[-1]
    assert tok.startswith("ms_")
    rows = json.loads(CliRunner().invoke(token.app, ["list", "--data-dir", str(tmp_path),
                                                     "--format", "json"]).stdout)
    assert rows[0]["scope"] == "admin" and "sha256" not in rows[0]
    assert CliRunner().invoke(token.app, ["revoke", rows[0]["id"], "--data-dir",
                                          str(tmp_path)]).exit_code == 0
    assert TokenStore(tmp_path / "tokens.json").verify(tok) is None
    r = CliRunner().invoke(token.app, ["create", "--scope", "root", "--data-dir",
                                       str(tmp_path)])
    assert r.exit_code != 0
