"""A local HTTP server on 127.0.0.1 for the offline demo and the tests.

It serves the files of ``fixtures/`` (``/rsshub/<route>`` maps to ``fixtures/rsshub/<route>``)
with ETags (answering 304 to a matching ``If-None-Match``), and receives signed webhooks on
``POST /webhook``: each is verified (:func:`~metroscope.monitor.alerts.verify_signature`) and
recorded once per event id; ``fail_webhooks`` makes the next N posts answer 500 (a channel
being down). Extra in-memory documents can be added with :meth:`FixtureServer.put`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .alerts import verify_signature

FIXTURES_DIR = Path(__file__).parent / "fixtures"
_TYPES = {".xml": "application/rss+xml; charset=utf-8", ".atom": "application/atom+xml",
          ".json": "application/feed+json", ".html": "text/html; charset=utf-8"}


@dataclass
class WebhookLog:
    """What the webhook receiver saw: accepted events by id, duplicates, bad signatures and
    requests whose sender went away before the whole body arrived (``aborted``; a real server
    never hands those to its handler either)."""

    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    duplicates: int = 0
    bad_signatures: int = 0
    failures_served: int = 0
    aborted: int = 0


class FixtureServer:
    """Serve ``root`` on 127.0.0.1 (a free port) in a background thread.

    Use as a context manager; ``base_url`` is ``http://127.0.0.1:<port>``.
    """

    def __init__(self, root: Path = FIXTURES_DIR, *, webhook_secret: str = "") -> None:
        self.root = root
        self.webhook_secret = webhook_secret
        self.webhooks = WebhookLog()
        self.fail_webhooks = 0
        self.requests: list[str] = []
        self._docs: dict[str, tuple[bytes, str, int]] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                server.requests.append(self.path)
                found = server.lookup(self.path.split("?", 1)[0])
                if found is None:
                    self.send_error(404)
                    return
                body, ctype, status = found
                if status in (301, 302, 307, 308):
                    self.send_response(status)
                    self.send_header("Location", body.decode())
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:  # the sender was killed mid-request: not a delivery
                    with server._lock:
                        server.webhooks.aborted += 1
                    self.close_connection = True
                    return
                if self.path != "/webhook":
                    self.send_error(404)
                    return
                code = server.receive(body, dict(self.headers.items()))
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def put(self, path: str, body: bytes | str, content_type: str = "application/rss+xml",
            status: int = 200) -> None:
        """Serve ``body`` at ``path`` (overrides a file; a 30x status makes body the target)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self._docs[path] = (data, content_type, status)

    def lookup(self, path: str) -> tuple[bytes, str, int] | None:
        """The document served at ``path`` (in-memory first, then the fixture files)."""
        with self._lock:
            if path in self._docs:
                return self._docs[path]
        rel = path.lstrip("/")
        target = (self.root / rel).resolve()
        if self.root.resolve() not in target.parents or not target.is_file():
            return None
        return target.read_bytes(), _TYPES.get(target.suffix, "application/rss+xml"), 200

    def receive(self, body: bytes, headers: dict[str, str]) -> int:
        """Handle a webhook post; the HTTP status to answer."""
        h = {k.lower(): v for k, v in headers.items()}
        with self._lock:
            if self.fail_webhooks > 0:
                self.fail_webhooks -= 1
                self.webhooks.failures_served += 1
                return 500
            if not verify_signature(self.webhook_secret, h.get("x-metroscope-timestamp", ""),
                                    body, h.get("x-metroscope-signature", "")):
                self.webhooks.bad_signatures += 1
                return 401
            event_id = h.get("x-metroscope-event-id", "")
            if event_id in self.webhooks.events:
                self.webhooks.duplicates += 1
            else:
                self.webhooks.events[event_id] = json.loads(body)
        return 204

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
