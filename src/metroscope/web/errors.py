"""One error envelope for every error of the API: ``{"error": {"code", "message", "details"}}``.

``details`` is a list of problems (the same lists the CLI prints: a data validation problem
as a dict with table/row/column/value/expected/fix, a scenario or option problem as text, a
request-parameter problem with its location). No traceback ever reaches a client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._errors import (
    DataValidationError,
    MetroscopeError,
    UnknownIndicatorError,
    UnknownRegionError,
)
from .._records import jsonable

logger = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
              413: "payload_too_large", 415: "unsupported_media_type",
              422: "invalid_parameters", 429: "rate_limited", 500: "internal_error"}


class ApiError(Exception):
    """An error answered with the envelope; raise it from routes and dependencies."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[Any] | None = None, headers: dict[str, str] | None = None
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or HTTP_CODES.get(status, "error")
        self.details = details or []
        self.headers = headers


def envelope(status: int, message: str, *, code: str | None = None,
             details: list[Any] | None = None, headers: dict[str, str] | None = None
             ) -> JSONResponse:
    """The error response."""
    body = {"error": {"code": code or HTTP_CODES.get(status, "error"), "message": message,
                      "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def problem_details(exc: BaseException) -> list[Any]:
    """The problem list of a metroscope error (empty when it has none)."""
    if isinstance(exc, DataValidationError):
        return [{"table": p.table, "row": jsonable(p.row), "column": p.column,
                 "value": None if p.value is None else str(p.value), "expected": p.expected,
                 "fix": p.fix, "message": str(p)} for p in exc.problems]
    problems = getattr(exc, "problems", None)
    if isinstance(problems, list):
        return [str(p) for p in problems]
    return []


def from_library(exc: BaseException) -> ApiError:
    """An :class:`ApiError` for an error raised by the library on bad input."""
    if isinstance(exc, UnknownRegionError | UnknownIndicatorError):
        return ApiError(404, str(exc), code="not_found", details=problem_details(exc))
    code = "invalid_data" if isinstance(exc, DataValidationError) else "invalid_parameters"
    return ApiError(422, str(exc).splitlines()[0] if problem_details(exc) else str(exc),
                    code=code, details=problem_details(exc))


def _param_problem(err: dict[str, Any]) -> dict[str, Any]:
    loc = [str(x) for x in err.get("loc", ())]
    value = err.get("input")
    return {"location": loc[0] if loc else "", "name": ".".join(loc[1:]),
            "message": err.get("msg", ""),
            "value": value if isinstance(value, str | int | float | bool) or value is None
            else str(value)}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the envelope."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return envelope(exc.status, exc.message, code=exc.code, details=exc.details,
                        headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [_param_problem(dict(e)) for e in exc.errors()]
        n = len(details)
        return envelope(422, f"{n} problem(s) with the request parameters.",
                        code="invalid_parameters", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail) if exc.detail else HTTP_CODES.get(exc.status_code, "error")
        return envelope(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(MetroscopeError)
    async def _library(_request: Request, exc: MetroscopeError) -> JSONResponse:
        err = from_library(exc)
        return envelope(err.status, err.message, code=err.code, details=err.details)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _exc: Exception) -> JSONResponse:
        logger.exception("Unhandled error on %s %s", request.method, request.url.path)
        return envelope(500, "Internal error: the server logged the details.",
                        code="internal_error")
