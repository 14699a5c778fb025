"""One error envelope for every error of the API: ``{"error": {"code", "message", "details"}}``.

``details`` is a list of problem objects, every one with the same keys (the problems the CLI
prints, see :mod:`metroscope.web.problems`: location, name, value, expected, fix, message); a
user's value is never repeated longer than 100 characters. No traceback ever reaches a client:
only the project's own errors (:class:`~metroscope._errors.MetroscopeError`) are the user's
(4xx); anything else, a plain ``ValueError`` or ``KeyError`` included, is a bug: logged, and
answered 500 ``internal_error``.

An error reached from a page (any path outside ``/api/``) is answered in the page's language
instead (:mod:`metroscope.web.error_pages`): an HTML error page, or for an htmx fragment the
envelope with the message in that language. SQLite's "database is locked" (another writer
past the busy timeout) is a 503 ``database_busy`` with ``Retry-After``, never a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._errors import DataValidationError, MetroscopeError, NotFoundError
from ..messages import Message
from .error_pages import PageError, page_request, param_problem, respond
from .problems import (
    clip,
    from_data_problem,
    from_text,
    locate,
    long_values,
    messages,
    normalise_all,
    problem,
    scrub,
)

logger = logging.getLogger(__name__)

HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
              413: "payload_too_large", 415: "unsupported_media_type",
              422: "invalid_parameters", 429: "rate_limited", 500: "internal_error",
              503: "unavailable"}
#: seconds a client should wait after a 503 database_busy (the store's busy timeout is 10 s)
RETRY_AFTER_S = 5


class ApiError(Exception):
    """An error answered with the envelope; raise it from routes and dependencies."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[Any] | None = None, headers: dict[str, str] | None = None,
                 text: Message | None = None, said: list[Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or HTTP_CODES.get(status, "error")
        self.details = details or []
        self.headers = headers
        #: the message in both languages, for a page (the API answers ``message``)
        self.text = text
        #: the problems of a library error that renders each one in a language (validation
        #: problems, catalogue messages), for a page: see :func:`said_in`
        self.said = said or []


def said_in(item: Any, lang: str) -> str:
    """One problem of :attr:`ApiError.said` in ``lang``: a validation problem or a catalogue
    message rendered, anything else as written (a zip library's reason).

    Examples
    --------
    >>> said_in(Message("err_upload_symlink", name="'a'"), "zh")
    "'a':不接受符号链接"
    >>> said_in("Bad magic number", "zh")
    'Bad magic number'
    """
    from .._errors import Problem

    if isinstance(item, Problem):
        return item.text(lang)
    return item.get(lang) if isinstance(item, Message) else str(item)


def envelope(status: int, message: str, *, code: str | None = None,
             details: list[Any] | None = None, headers: dict[str, str] | None = None
             ) -> JSONResponse:
    """The error response (every detail made a problem object of the same keys)."""
    body = {"error": {"code": code or HTTP_CODES.get(status, "error"), "message": message,
                      "details": normalise_all(details)}}
    return JSONResponse(body, status_code=status, headers=headers)


def problem_details(exc: BaseException, *, location: str | None = None
                    ) -> list[dict[str, Any]]:
    """The problem list of a metroscope error as problem objects (empty when it has none);
    ``location`` says where a text problem was found (``body``, ``query``)."""
    if isinstance(exc, DataValidationError):
        return [from_data_problem(p) for p in exc.problems]
    problems = getattr(exc, "problems", None)
    if isinstance(problems, list):
        return [from_text(str(p), location=location) for p in problems]
    return []


def from_library(exc: BaseException, *, location: str | None = None) -> ApiError:
    """An :class:`ApiError` for an error the library raised on bad input (a
    :class:`~metroscope._errors.MetroscopeError`): 404 for an unknown name, else 422."""
    listed = problem_details(exc, location=location)
    details = listed or [problem(_first_line(str(exc)), location=location)]
    # a catalogue message is shown on a page in the page's language (the API answers English)
    arg = exc.args[0] if len(exc.args) == 1 else None
    text = arg if isinstance(arg, Message) else None
    if isinstance(exc, NotFoundError):
        return ApiError(404, str(exc), code="not_found", details=details, text=text)
    code = "invalid_data" if isinstance(exc, DataValidationError) else "invalid_parameters"
    from .uploads import UploadError

    said = list(exc.problems) if isinstance(exc, DataValidationError | UploadError) else None
    return ApiError(422, _first_line(str(exc)) if listed else str(exc), code=code,
                    details=details, text=text, said=said)


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def _param_problem(err: dict[str, Any], body: Any = None) -> dict[str, Any]:
    """One request-parameter problem of pydantic as a problem object (a body that is not
    JSON at all is named so, with the start of what was sent)."""
    loc = [str(x) for x in err.get("loc", ())]
    where = loc[0] if loc else None
    kind, msg = str(err.get("type", "")), str(err.get("msg", ""))
    if kind == "json_invalid":
        reason = (err.get("ctx") or {}).get("error", msg)
        return problem(f"The request body is not valid JSON ({reason}, at character "
                       f"{loc[1] if len(loc) > 1 else '?'}).", location="body",
                       value=body if isinstance(body, str | bytes) else None,
                       expected="a JSON object", fix="Send a JSON object with "
                       "'Content-Type: application/json'.")
    value = err.get("input")
    if isinstance(value, bytes | bytearray):  # a body sent as something else than JSON
        return problem("The request body is not a JSON object.", location="body",
                       value=value, expected="a JSON object", fix="Send a JSON object with "
                       "'Content-Type: application/json'.")
    name = ".".join(loc[1:]) or None
    shown = value if isinstance(value, str | int | float | bool) or value is None else (
        str(value))
    got = "" if value is None or kind == "missing" else f" (got {clip(shown)!r})"
    expected = msg.removeprefix("Input should be ").removeprefix("String should ")
    if kind == "missing":
        expected = "a value (it is required)"
    if where != "body":
        text = f"{where} parameter {name!r}: {msg}{got}"
    else:  # the body as a whole (a list, or nothing) has no field name
        text = f"body field {name!r}: {msg}{got}" if name else f"The request body: {msg}{got}"
    return problem(text, location=where, name=name, value=shown, expected=expected)


def _lines(message: str, details: list[Any]) -> list[str]:
    """The original message and details as text lines (for a page's "original message"),
    each once (a one-problem error's problem often is its message).

    Examples
    --------
    >>> _lines("No alert 7.", [problem("No alert 7.", location="path")])
    ['No alert 7.']
    """
    out = [message] if message else []
    for line in messages(details):
        if line not in out:
            out.append(line)
    return out


def answer(request: Request, status: int, message: str, *, code: str | None = None,
           details: list[Any] | None = None, headers: dict[str, str] | None = None,
           text: Message | None = None, problems: list[str] | None = None) -> Response:
    """The error for ``request``: the envelope for the API, a page in the page language
    otherwise (``text`` and ``problems`` already localised; the rest shown as the original)."""
    code = code or HTTP_CODES.get(status, "error")
    params = [("path", k, str(v)) for k, v in request.path_params.items()] + [
        ("query", k, v) for k, v in request.query_params.multi_items()]
    details = normalise_all(details)
    if 400 <= status < 500:  # name the parameter an unknown name came from
        details = [locate(d, params) for d in details]
    # a library message may repeat a (shorter than its cap) parameter in full: cut it
    long = long_values([v for _, _, v in params])
    if long:
        message = scrub(message, long)
        details = [{k: scrub(v, long) for k, v in d.items()} for d in details]
        problems = [scrub(p, long) for p in problems or []]
    if not page_request(request):
        return envelope(status, message, code=code, details=details, headers=headers)
    original = [] if problems or code == "internal_error" else (
        _lines("" if text is not None else message, details or []))
    return respond(request, PageError(status, code, text=text, problems=problems or [],
                                      original=original, headers=headers,
                                      details=details or []))


def locked_message(text: str) -> bool:
    """True when ``text`` is SQLite's "database is locked" (or busy) message.

    Examples
    --------
    >>> locked_message("(sqlite3.OperationalError) database is locked")
    True
    >>> locked_message("no such table: items")
    False
    """
    low = text.lower()
    return any(m in low for m in ("database is locked", "database is busy",
                                  "database table is locked"))


def is_locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked"/"busy" (raw or wrapped by SQLAlchemy).

    Examples
    --------
    >>> import sqlite3
    >>> is_locked(sqlite3.OperationalError("database is locked"))
    True
    >>> is_locked(sqlite3.OperationalError("no such table: items"))
    False
    """
    import sqlite3

    return any(isinstance(e, sqlite3.OperationalError) and locked_message(str(e))
               for e in (exc, getattr(exc, "orig", None)))


def busy_error() -> ApiError:
    """The 503 ``database_busy`` answer: ``Retry-After`` in the headers and the envelope."""
    return ApiError(503, "The database is busy with another write (locked); retry in "
                    f"{RETRY_AFTER_S} s.", code="database_busy",
                    details=[problem(f"The monitor's database is locked by another writer; "
                                     f"retry after {RETRY_AFTER_S} s.", location="header",
                                     name="Retry-After", value=RETRY_AFTER_S,
                                     expected="a retry after the Retry-After seconds",
                                     fix=f"Retry in {RETRY_AFTER_S} s.")],
                    headers={"Retry-After": str(RETRY_AFTER_S)},
                    text=Message("web_err_hint_database_busy", seconds=RETRY_AFTER_S))


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the envelope (or, from a page, an
    error page in the page's language)."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        # the problems listed: the page shows the message's first line above them
        said = [said_in(x, _lang(request)) for x in exc.said] if exc.said else None
        return answer(request, exc.status, exc.message, code=exc.code, details=exc.details,
                      headers=exc.headers, text=exc.text, problems=said)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        raw = [dict(e) for e in exc.errors()]
        details = [_param_problem(e, exc.body) for e in raw]
        n = len(details)
        lang = _lang(request)
        return answer(request, 422, f"{n} problem(s) with the request parameters.",
                      code="invalid_parameters", details=details,
                      problems=[param_problem(e, lang) for e in raw])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else HTTP_CODES.get(exc.status_code, "error")
        details: list[Any] = []
        if message in ("Not Found", "Method Not Allowed") and not page_request(request):
            details = [problem(f"{message}: {request.method} {clip(request.url.path)}",
                               location="path", value=request.url.path,
                               expected="a route of the API (see /api/v1/openapi.json)")]
        elif message in ("Not Found", "Method Not Allowed"):
            message = ""
        return answer(request, exc.status_code, message or HTTP_CODES.get(exc.status_code,
                                                                          "error"),
                      details=details, headers=getattr(exc, "headers", None))

    @app.exception_handler(MetroscopeError)
    async def _library(request: Request, exc: MetroscopeError) -> Response:
        err = from_library(exc)
        return answer(request, err.status, err.message, code=err.code, details=err.details,
                      text=err.text)

    async def _database(request: Request, exc: Exception) -> Response:
        if not is_locked(exc):
            return await _unexpected(request, exc)
        logger.warning("Database busy on %s %s: %s", request.method, request.url.path, exc)
        err = busy_error()
        return answer(request, err.status, err.message, code=err.code, details=err.details,
                      headers=err.headers, text=err.text)

    import sqlite3

    from sqlalchemy.exc import OperationalError

    app.add_exception_handler(sqlite3.OperationalError, _database)
    app.add_exception_handler(OperationalError, _database)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _exc: Exception) -> Response:
        logger.exception("Unhandled error on %s %s", request.method, request.url.path)
        return answer(request, 500, "Internal error: the server logged the details.",
                      code="internal_error")


def _lang(request: Request) -> str:
    from .error_pages import page_lang

    return page_lang(request)
