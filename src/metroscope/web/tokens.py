"""API tokens: created once, shown once, stored only as SHA-256 digests.

``metroscope token create --scope read|write|admin`` adds one to the store (``tokens.json`` in
the data folder, written atomically, mode 0600). A presented token is hashed and compared with
every stored digest by :func:`hmac.compare_digest` (constant time).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._atomic import atomic_file
from .._errors import MetroscopeError, shorten
from ..messages import Message

SCOPES = ("read", "write", "admin")
PREFIX = "ms_"


class TokenStoreError(ValueError, MetroscopeError):
    """A token store that cannot be read or a bad scope."""


@dataclass(frozen=True)
class Principal:
    """Who made a request: the token's id and scope."""

    token_id: str
    scope: str

    def allows(self, needed: str) -> bool:
        """True when this scope includes ``needed`` (read < write < admin)."""
        return SCOPES.index(self.scope) >= SCOPES.index(needed)


def digest(token: str) -> str:
    """SHA-256 hex digest of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenStore:
    """The tokens of one server (a JSON file of digests)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._cache: tuple[float, list[dict[str, Any]]] | None = None

    def _entries(self) -> list[dict[str, Any]]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return []
        if self._cache is not None and self._cache[0] == mtime:
            return self._cache[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = list(data["tokens"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            kind = ("err_token_store_os" if isinstance(exc, OSError) else
                    "err_token_store_json" if isinstance(exc, ValueError) else
                    "err_token_store_shape")  # in English the reader's own text
            msg = Message("err_token_store_unreadable", path=str(self.path),
                          reason={"zh": Message(kind), "en": str(exc)})
            raise TokenStoreError(msg) from None
        self._cache = (mtime, entries)
        return entries

    def _write(self, entries: list[dict[str, Any]]) -> None:
        """Replace the store atomically; the file is readable by its owner only (0600)."""
        with atomic_file(self.path, what="the token store") as tmp:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"tokens": entries}, fh, indent=1)

    def create(self, scope: str, *, label: str = "") -> tuple[str, str]:
        """A new token of ``scope``: returns ``(token_id, token)``; only the digest is kept."""
        if scope not in SCOPES:
            msg = Message("err_token_scope", got=shorten(scope), allowed=list(SCOPES))
            raise TokenStoreError(msg)
        token = PREFIX + secrets.token_urlsafe(32)
        token_id = secrets.token_hex(4)
        with self._lock:
            entries = list(self._entries())
            entries.append({"id": token_id, "sha256": digest(token), "scope": scope,
                            "label": label, "created": datetime.now(UTC).isoformat()})
            self._write(entries)
            self._cache = None
        return token_id, token

    def list(self) -> list[dict[str, Any]]:
        """The stored tokens without their digests."""
        return [{k: v for k, v in e.items() if k != "sha256"} for e in self._entries()]

    def revoke(self, token_id: str) -> bool:
        """Remove the token ``token_id``; False when there is none."""
        with self._lock:
            entries = list(self._entries())
            kept = [e for e in entries if e.get("id") != token_id]
            if len(kept) == len(entries):
                return False
            self._write(kept)
            self._cache = None
        return True

    def verify(self, token: str) -> Principal | None:
        """The principal of ``token``, or None. Every stored digest is compared in constant
        time (no early exit on the first match)."""
        presented = digest(token)
        found: Principal | None = None
        for e in self._entries():
            if hmac.compare_digest(presented, str(e.get("sha256", ""))) and found is None:
                scope = str(e.get("scope", "read"))
                found = Principal(str(e.get("id", "")), scope if scope in SCOPES else "read")
        return found
