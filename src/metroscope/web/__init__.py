"""The web dashboard and JSON API (FastAPI + Jinja2 + htmx + plotly), served by
``metroscope serve``.

    from metroscope.web import WebConfig, create_app
    app = create_app(WebConfig(region="changchun"))

The API is a transport over the library, not a second implementation: each route calls the
function the matching CLI command calls and answers the same JSON records.
"""

from __future__ import annotations

from .app import create_app, run_server
from .config import WebConfig

__all__ = ["WebConfig", "create_app", "run_server"]
