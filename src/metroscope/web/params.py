"""Caps on the length of query parameters, for every route (API and pages).

A code is a few characters and a name or a search a few dozen; a longer value is refused
(422, one problem per parameter, the value cut to 100 characters) before any route runs, so
no handler, cache key or error message ever holds a huge user string. The refusal is a
request-validation error like any other: the API answers the envelope, a page its error page
in the page language.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from .problems import clip

#: the longest value of a query parameter not named below (names, searches, keywords)
MAX_PARAM_CHARS = 500
#: per parameter: unit codes are short; ``codes`` is a comma-separated list of them
PARAM_CHARS = {"origin": 40, "from": 40, "to": 40, "code": 40, "unit": 40, "parent": 40,
               "codes": 4000}


def check_query_lengths(request: Request) -> None:
    """Refuse (422 ``invalid_parameters``) a query parameter longer than its cap.

    Examples
    --------
    >>> from starlette.requests import Request
    >>> check_query_lengths(Request({"type": "http", "query_string": b"origin=220100",
    ...                              "headers": []}))
    >>> try:
    ...     check_query_lengths(Request({"type": "http", "query_string": b"origin=" + b"x" * 41,
    ...                                  "headers": []}))
    ... except RequestValidationError as exc:
    ...     print(exc.errors()[0]["msg"])
    String should have at most 40 characters
    """
    errors = []
    for name, value in request.query_params.multi_items():
        cap = PARAM_CHARS.get(name, MAX_PARAM_CHARS)
        if len(value) > cap:
            errors.append({"type": "string_too_long", "loc": ("query", clip(name, 40)),
                           "msg": f"String should have at most {cap} characters",
                           "input": clip(value), "ctx": {"max_length": cap}})
    if errors:
        raise RequestValidationError(errors)
