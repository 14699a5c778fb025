"""Who may do what: public reads, token-guarded writes, sessions for the pages, CSRF and
rate limits.

- API clients send ``Authorization: Bearer <token>`` (no cookie, so no CSRF question).
- Browsers sign in once with a token (``POST /auth/login``); the server keeps the session in
  memory and sets an HttpOnly, SameSite=Strict cookie. Every unsafe request that relies on
  that cookie must carry the CSRF token (double submit: the ``ms_csrf`` cookie and the form
  field ``csrf_token`` or header ``X-CSRF-Token``), compared with :func:`hmac.compare_digest`.
- Writes and sign-ins are rate limited per client address (``limits``, moving window); failed
  authentications count against their own, smaller budget.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from typing import TYPE_CHECKING

from fastapi import Request, Response
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from .errors import ApiError
from .problems import problem
from .tokens import Principal, TokenStore

if TYPE_CHECKING:
    from .config import WebConfig

SESSION_COOKIE = "ms_session"
CSRF_COOKIE = "ms_csrf"
LANG_COOKIE = "ms_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_SECONDS = 8 * 3600
AUTH_FAILURES_PER_MIN = 5


class Guard:
    """Tokens, sessions and rate limits of one app."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.tokens = TokenStore(config.tokens_path)
        self._sessions: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._write_limit = RateLimitItemPerMinute(config.write_rate_per_min)
        self._fail_limit = RateLimitItemPerMinute(AUTH_FAILURES_PER_MIN)

    # sessions -------------------------------------------------------------------------
    def open_session(self, principal: Principal) -> str:
        """A new session id for ``principal``."""
        sid = secrets.token_urlsafe(32)
        with self._lock:
            now = time.monotonic()
            self._sessions = {k: v for k, v in self._sessions.items() if v[1] > now}
            self._sessions[sid] = (principal, now + SESSION_SECONDS)
        return sid

    def close_session(self, sid: str | None) -> None:
        """Forget a session."""
        if sid:
            with self._lock:
                self._sessions.pop(sid, None)

    def session(self, request: Request) -> Principal | None:
        """The principal of the request's session cookie, if valid."""
        sid = request.cookies.get(SESSION_COOKIE)
        if not sid:
            return None
        with self._lock:
            entry = self._sessions.get(sid)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    # rate limits ------------------------------------------------------------------------
    @staticmethod
    def client(request: Request) -> str:
        """The client address used as the rate-limit key."""
        return request.client.host if request.client else "unknown"

    def _too_many(self) -> ApiError:
        return ApiError(429, "Too many requests; wait a minute and try again.",
                        headers={"Retry-After": "60"},
                        details=[problem("Too many writes or failed sign-ins from this "
                                         "address in the last minute.", location="header",
                                         name="Retry-After", value="60",
                                         expected="fewer requests per minute",
                                         fix="Wait 60 s (Retry-After) and try again.")])

    def check_write_rate(self, request: Request) -> None:
        """Count one write (or sign-in) of this client; 429 past the budget."""
        if not self._limiter.hit(self._write_limit, "write", self.client(request)):
            raise self._too_many()

    def _failed(self, request: Request) -> None:
        self._limiter.hit(self._fail_limit, "authfail", self.client(request))

    def _locked_out(self, request: Request) -> bool:
        return not self._limiter.test(self._fail_limit, "authfail", self.client(request))

    # authentication -----------------------------------------------------------------------
    def bearer(self, request: Request) -> tuple[bool, Principal | None]:
        """(header present, principal) from ``Authorization: Bearer``."""
        header = request.headers.get("authorization")
        if not header:
            return False, None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return True, None
        return True, self.tokens.verify(token.strip())

    def login(self, request: Request, token: str) -> Principal:
        """Check a token typed into the sign-in form (rate limited)."""
        if self._locked_out(request):
            raise self._too_many()
        self.check_write_rate(request)
        principal = self.tokens.verify(token.strip()) if token.strip() else None
        if principal is None:
            self._failed(request)
            raise ApiError(401, "Unknown token.", code="unauthorized")
        return principal

    def principal(self, request: Request, needed: str) -> Principal:
        """The principal allowed to do ``needed`` (read | write | admin), or an ApiError.

        Bearer tokens win over the session cookie; a cookie-authenticated unsafe request must
        pass the CSRF check.
        """
        if self._locked_out(request):
            raise self._too_many()
        present, principal = self.bearer(request)
        via_cookie = False
        if not present:
            principal = self.session(request)
            via_cookie = principal is not None
        if principal is None:
            if present:
                self._failed(request)
            raise ApiError(401, f"This needs a token of scope '{needed}': send "
                           "'Authorization: Bearer <token>' (metroscope token create).",
                           code="unauthorized", headers={"WWW-Authenticate": "Bearer"},
                           details=[problem(
                               "A known token was wanted." if present else
                               "No token was sent.", location="header",
                               name="Authorization", expected=f"Bearer <a token of scope "
                               f"'{needed}'>", fix=f"metroscope token create --scope "
                               f"{needed}, then send 'Authorization: Bearer <token>'.")])
        if not principal.allows(needed):
            raise ApiError(403, f"The token has scope '{principal.scope}'; this needs "
                           f"'{needed}'.", code="forbidden",
                           details=[problem(f"The token has scope '{principal.scope}'.",
                                            location="header", name="Authorization",
                                            value=principal.scope,
                                            expected=f"a token of scope '{needed}'",
                                            fix=f"metroscope token create --scope {needed}")])
        if via_cookie and request.method not in ("GET", "HEAD", "OPTIONS"):
            check_csrf(request)
        return principal


def csrf_matches(cookie: str | None, sent: str | None) -> bool:
    """Double-submit check in constant time."""
    if not cookie or not sent:
        return False
    return hmac.compare_digest(cookie.encode(), sent.encode())


def set_csrf_cookie(resp: Response, token: str) -> None:
    """Give the browser the CSRF token ``token`` (readable by the page's script,
    SameSite=Strict)."""
    resp.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="strict", path="/")


def set_lang_cookie(resp: Response, lang: str) -> None:
    """Remember the page language ``lang`` (HttpOnly, SameSite=Lax)."""
    resp.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="lax", path="/")


def csrf_cookie_header(token: str) -> bytes:
    """The ``Set-Cookie`` value of :func:`set_csrf_cookie`."""
    resp = Response()
    set_csrf_cookie(resp, token)
    return next(v for k, v in resp.raw_headers if k == b"set-cookie")


def lang_cookie_header(lang: str) -> bytes:
    """The ``Set-Cookie`` value of :func:`set_lang_cookie`."""
    resp = Response()
    set_lang_cookie(resp, lang)
    return next(v for k, v in resp.raw_headers if k == b"set-cookie")


def check_csrf(request: Request, form_value: str | None = None) -> None:
    """403 unless the CSRF header (or ``form_value``) equals the CSRF cookie."""
    sent = request.headers.get(CSRF_HEADER) or form_value
    if not csrf_matches(request.cookies.get(CSRF_COOKIE), sent):
        raise ApiError(403, "Missing or wrong CSRF token: reload the page and try again.",
                       code="csrf_failed")


def guard_of(request: Request) -> Guard:
    """The app's :class:`Guard`."""
    g: Guard = request.app.state.guard
    return g


def require_read(request: Request) -> Principal | None:
    """Dependency of every read: nothing when reads are public, else a read token."""
    g = guard_of(request)
    if g.config.public_reads:
        return None
    return g.principal(request, "read")


def require_write(request: Request) -> Principal:
    """Dependency of every write: refused in read-only mode, rate limited, needs a write
    token (bearer, or a session plus CSRF)."""
    g = guard_of(request)
    if g.config.read_only:
        raise ApiError(403, "This server is read-only (metroscope serve --read-only).",
                       code="read_only")
    g.check_write_rate(request)
    return g.principal(request, "write")


def require_admin(request: Request) -> Principal:
    """Like :func:`require_write` with scope ``admin``."""
    g = guard_of(request)
    if g.config.read_only:
        raise ApiError(403, "This server is read-only (metroscope serve --read-only).",
                       code="read_only")
    g.check_write_rate(request)
    return g.principal(request, "admin")
