"""The FastAPI application factory: ``create_app(WebConfig(...))``.

Middleware keeps whole answers of analyses and of the overview in memory (``respcache``),
adds the security headers (a strict Content-Security-Policy: scripts only from this server)
and caps request bodies; errors become the one JSON envelope (``errors``);
``/api/v1`` is the JSON API, ``/`` and the other pages the dashboard, ``/static`` the
package's own assets (plotly.js comes from the installed plotly wheel, htmx is vendored).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from . import errors
from .auth import Guard
from .config import WebConfig
from .params import check_query_lengths
from .problems import problem
from .respcache import ResponseCacheMiddleware
from .state import AppState

if TYPE_CHECKING:
    from ..monitor import Fetcher

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityMiddleware:
    """Adds the security headers and refuses bodies larger than ``max_body_bytes`` (413),
    whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            await self._too_large(send)
            return
        received = 0
        too_large = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        answered = False

        async def secure_send(message: Message) -> None:
            nonlocal answered
            if too_large:  # the app's answer to a cut body (400 "error parsing the body")
                if not answered:
                    answered = True
                    await self._too_large(send)
                return
            if message["type"] == "http.response.start":
                answered = True
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, limited_receive, secure_send)
        if too_large and not answered:
            answered = True
            await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        cap = f"at most {self.max_body_bytes} bytes"
        body = json.dumps({"error": {"code": "payload_too_large", "message": (
            f"The request body is larger than {self.max_body_bytes} bytes."),
            "details": [problem(f"The request body is larger than {self.max_body_bytes} "
                                "bytes.", location="body", expected=cap,
                                fix="Send a smaller body.")]}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


def static_dir() -> Path:
    """The package's static folder."""
    return Path(str(resources.files("metroscope.web") / "static"))


def create_app(config: WebConfig | None = None, *,
               monitor_fetcher: Callable[[], Fetcher] | None = None) -> FastAPI:
    """The dashboard and API for ``config`` (default: the embedded Changchun area).

    ``monitor_fetcher`` builds the HTTP client of "check now" (default the monitor's own
    :class:`~metroscope.monitor.Fetcher`; tests pass one with a mock transport).
    """
    config = config or WebConfig()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.metroscope.close()  # the monitor store's connections

    app = FastAPI(lifespan=lifespan, title="metroscope API", version=__version__,
                  description="Every metroscope analysis over HTTP: the same calls and the "
                  "same JSON as the CLI's --format json. Errors: {\"error\": {\"code\", "
                  "\"message\", \"details\"}}. Writes need 'Authorization: Bearer <token>'.",
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
                  dependencies=[Depends(check_query_lengths)])
    app.state.metroscope = AppState(config, monitor_fetcher=monitor_fetcher)
    app.state.guard = Guard(config)
    app.state.config = config
    errors.install(app)

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        from ..report._assets import plotly_js_path

        return FileResponse(plotly_js_path(), media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/static/geo-assets.js", include_in_schema=False)
    def geo_assets() -> Response:
        from ..report._assets import TOPOJSON_STUB

        stub = json.dumps(TOPOJSON_STUB)
        js = (f"window.PlotlyGeoAssets = {{topojson: {{world_110m: {stub}, "
              f"world_50m: {stub}}}}};\n")
        return Response(js, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.add_middleware(ResponseCacheMiddleware, state=app.state.metroscope)
    app.add_middleware(SecurityMiddleware, max_body_bytes=config.max_body_bytes)
    return app


def run_server(config: WebConfig, *, host: str = "127.0.0.1", port: int = 8000,
               log_level: str = "info", **uvicorn_options: Any) -> None:
    """Serve :func:`create_app` with uvicorn (blocks until stopped)."""
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level,
                **uvicorn_options)
