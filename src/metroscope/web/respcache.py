"""A cache of whole answers in front of the app, so that a warm page or analysis result is
served from memory without routing, dependencies or a worker thread.

What is kept (GET only, only when reads are public, never for a request with an
``Authorization`` header or a session cookie):

- analysis results: ``200`` answers whose ``Cache-Control`` is
  :data:`~metroscope.web.respond.ANALYSIS_CACHE` (pure functions of the region content and
  the parameters), byte for byte with their ETag;
- pages whose handler marks them cacheable (``render(..., cache=...)``): the overview and
  its circle fragment. They are rendered with a per-process secret in place of the CSRF
  token; each answer gets the request's own token (escaped as the template would) and its
  cookies, and an ETag of its exact bytes.

The key is (path, raw query, scheme, Host, page language: ``?lang=``, else the language
cookie, else zh); the CSRF and language cookies are set per answer as ``render`` sets them.
Requests for a key that was kept before and is being built right now wait for that answer
instead of building it again (after a write, 50 clients do not render the overview 50
times). An entry is used only while
everything it was built from is unchanged: the write generation (bumped by every request
with an unsafe method, before its answer leaves), the saved scenarios (names, sizes and
modification times), the uploaded bundles (names) and, for pages showing monitor data, the
monitor database (SQLite ``PRAGMA data_version`` on a connection of its own, which changes
on every commit of any other connection or process). A monitor database that is not a SQLite
file has no such version, so those pages are not kept. Values are taken before the app
runs, so a kept answer is never older than its key.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import (
    CSRF_COOKIE,
    LANG_COOKIE,
    SESSION_COOKIE,
    csrf_cookie_header,
    lang_cookie_header,
)
from .pages._render import page_language
from .respond import ANALYSIS_CACHE, etag_matches

if TYPE_CHECKING:
    from .state import AppState

#: Set in the ASGI scope by the cache: a page handler may render with this placeholder.
SCOPE_KEY = "metroscope.csrf_placeholder"
#: Internal answer headers of a cacheable page (removed before the answer leaves).
PAGE_HEADER = b"x-metroscope-page"
CSRF_VALUE_HEADER = b"x-metroscope-csrf"
PAGE_CACHE_CONTROL = b"private, no-cache"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_ENTRY_BYTES = 4 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_KNOWN_KEYS = 4096


@dataclass(frozen=True)
class Entry:
    """A kept answer: headers without length, the body (a page's split at the placeholder)
    and the values of what it depends on when it was built."""

    status: int
    headers: list[tuple[bytes, bytes]]
    parts: list[bytes]
    page: bool
    digest: str
    deps: tuple[Any, ...]
    monitor: Any

    @property
    def size(self) -> int:
        """Bytes held."""
        return sum(len(p) for p in self.parts) + sum(len(k) + len(v) for k, v in self.headers)


class ResponseCacheMiddleware:
    """The cache (see the module docstring); ``state`` supplies the dependencies' values."""

    def __init__(self, app: ASGIApp, state: AppState, max_bytes: int = MAX_TOTAL_BYTES) -> None:
        self.app = app
        self.state = state
        self.max_bytes = max_bytes
        self.placeholder = "ms-csrf-" + secrets.token_hex(16)
        self._entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.generation = 0
        self.hits = 0
        self.stored = 0
        #: Keys being filled now (concurrent requests for them wait) and keys kept before
        #: (only those wait: an answer that is never kept is built by each request).
        self._filling_now: dict[tuple[Any, ...],
                                tuple[asyncio.Event, asyncio.AbstractEventLoop]] = {}
        self._known: OrderedDict[tuple[Any, ...], None] = OrderedDict()
        state.answer_cache = self

    # dependencies -------------------------------------------------------------------------
    def _deps(self) -> tuple[Any, ...]:
        return (self.generation, self.state.saved_scenarios_version(),
                self.state.bundles_version())

    # the ASGI call --------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in SAFE_METHODS:
            try:
                await self.app(scope, receive, self._bumping(send))
            finally:  # also when the handler failed after a partial write
                self._invalidate()
            return
        headers = dict(scope.get("headers") or [])
        cookies = cookie_parser(headers.get(b"cookie", b"").decode("latin-1"))
        if (method != "GET" or not self.state.config.public_reads
                or b"authorization" in headers or SESSION_COOKIE in cookies):
            await self.app(scope, receive, send)
            return
        lang = page_language(scope.get("query_string", b""), cookies.get(LANG_COOKIE))
        key = (scope["path"], scope.get("query_string", b""), scope.get("scheme"),
               headers.get(b"host"), lang)
        loop = asyncio.get_running_loop()
        for _ in range(2):  # once more after waiting for a request that fills the same key
            entry = self._valid(key)
            if entry is not None:
                await self._send_entry(entry, lang, headers, cookies, send)
                return
            busy = self._filling_now.get(key)
            if busy is None or key not in self._known or busy[1] is not loop:
                break
            await busy[0].wait()  # the same answer is being built: wait, not build it too
        deps = self._deps()
        monitor = self.state.monitor_version()
        scope = dict(scope)
        scope[SCOPE_KEY] = self.placeholder
        done = (asyncio.Event(), loop)
        self._filling_now.setdefault(key, done)
        try:
            await self.app(scope, receive, self._filling(key, deps, monitor, send))
        finally:
            if self._filling_now.get(key) is done:
                del self._filling_now[key]
            done[0].set()

    def _valid(self, key: tuple[Any, ...]) -> Entry | None:
        """The entry of ``key`` if everything it depends on is unchanged."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or entry.deps != self._deps() or (
                entry.monitor is not None and entry.monitor != self.state.monitor_version()):
            return None
        with self._lock:
            self.hits += 1
            if key in self._entries:
                self._entries.move_to_end(key)
        return entry

    def _invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self._bytes = 0

    def _bumping(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._invalidate()  # before the answer leaves: the next GET sees the write
            await send(message)
        return wrapped

    def _filling(self, key: tuple[Any, ...], deps: tuple[Any, ...], monitor: Any,
                 send: Send) -> Send:
        state: dict[str, Any] = {"mode": None, "chunks": []}

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                hdrs = list(message.get("headers", []))
                names = {k.lower(): v for k, v in hdrs}
                if PAGE_HEADER in names:
                    state["mode"] = "page"
                    state["start"] = message
                    state["csrf"] = names.get(CSRF_VALUE_HEADER, b"").decode("latin-1")
                    state["monitor"] = PAGE_HEADER in names and b"monitor" in names[PAGE_HEADER]
                    return  # sent with the body, once the token is in
                if (message["status"] == 200 and names.get(b"cache-control")
                        == ANALYSIS_CACHE.encode() and b"set-cookie" not in names):
                    state["mode"] = "api"
                    state["start"] = message
                await send(message)
                return
            if message["type"] != "http.response.body" or state["mode"] is None:
                await send(message)
                return
            state["chunks"].append(message.get("body", b""))
            if state["mode"] == "api":
                await send(message)
            if message.get("more_body", False):
                return
            body = b"".join(state["chunks"])
            if state["mode"] == "api":
                self._store(key, Entry(200, [(k, v) for k, v in state["start"]["headers"]
                                             if k.lower() != b"content-length"],
                                       [body], False, "", deps, None))
                return
            await self._finish_page(key, deps, monitor, state, body, send)

        return wrapped

    async def _finish_page(self, key: tuple[Any, ...], deps: tuple[Any, ...], monitor: Any,
                           state: dict[str, Any], body: bytes, send: Send) -> None:
        start = state["start"]
        kept = [(k, v) for k, v in start["headers"]
                if k.lower() not in (PAGE_HEADER, CSRF_VALUE_HEADER, b"content-length",
                                     b"cache-control", b"etag", b"set-cookie")]
        cookies = [(k, v) for k, v in start["headers"] if k.lower() == b"set-cookie"]
        parts = body.split(self.placeholder.encode())
        entry = Entry(start["status"], kept, parts, True,
                      hashlib.sha256(body).hexdigest(), deps,
                      monitor if state["monitor"] else None)
        if start["status"] == 200 and (not state["monitor"] or monitor is not None):
            self._store(key, entry)
        await self._send_page(entry, state["csrf"], cookies, None, send)

    # storing and answering -----------------------------------------------------------------
    def _store(self, key: tuple[Any, ...], entry: Entry) -> None:
        size = entry.size
        if size > MAX_ENTRY_BYTES:
            return
        with self._lock:
            if entry.deps[0] != self.generation:  # a write happened meanwhile
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += size
            self.stored += 1
            self._known[key] = None
            while len(self._known) > MAX_KNOWN_KEYS:
                self._known.popitem(last=False)
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    async def _send_entry(self, entry: Entry, lang: str, headers: dict[bytes, bytes],
                          cookies: dict[str, str], send: Send) -> None:
        inm = headers.get(b"if-none-match", b"").decode("latin-1")
        if not entry.page:
            body = entry.parts[0]
            tag = next((v for k, v in entry.headers if k.lower() == b"etag"), b"")
            if tag and etag_matches(inm, tag.decode("latin-1")):
                await _send(send, 304, [(k, v) for k, v in entry.headers
                                        if k.lower() != b"content-type"], b"")
                return
            await _send(send, entry.status, entry.headers, body)
            return
        # the cookies render() sets: a CSRF token when there is none, the page language
        csrf = cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        set_cookie = [] if cookies.get(CSRF_COOKIE) else [(b"set-cookie",
                                                            csrf_cookie_header(csrf))]
        if cookies.get(LANG_COOKIE) != lang:
            set_cookie.append((b"set-cookie", lang_cookie_header(lang)))
        await self._send_page(entry, csrf, set_cookie, inm, send)

    async def _send_page(self, entry: Entry, csrf: str, set_cookie: list[tuple[bytes, bytes]],
                         inm: str | None, send: Send) -> None:
        token = str(escape(csrf)).encode()
        tag = '"' + hashlib.sha256((entry.digest + "\0" + csrf).encode()).hexdigest() + '"'
        headers = [*entry.headers, *set_cookie, (b"etag", tag.encode()),
                   (b"cache-control", PAGE_CACHE_CONTROL)]
        if inm is not None and etag_matches(inm, tag):
            await _send(send, 304, [(k, v) for k, v in headers
                                    if k.lower() != b"content-type"], b"")
            return
        await _send(send, entry.status, headers, token.join(entry.parts))


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]],
                body: bytes) -> None:
    out = list(headers)
    if status != 304:
        out.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body})
