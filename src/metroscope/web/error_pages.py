"""Errors reached from a page: an HTML error page in the page's language (``?lang=``, else the
language cookie, else Chinese), or, for an htmx fragment request, the JSON envelope with the
message and problems in that language (the page's script shows them in place). The JSON API
under ``/api/`` always answers the English envelope of :mod:`metroscope.web.errors`.

The error page stands alone (no region is loaded to draw it), so it renders even when the
region or the database is what failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..messages import CATALOGUE, Message
from .problems import VALUE_LIMIT, clip, normalise_all

LANGS = ("zh", "en")
LANG_COOKIE = "ms_lang"
#: pydantic error types whose limit is named in the message (context key)
_LIMIT_KEYS = ("gt", "ge", "lt", "le", "max_length", "expected")


def page_request(request: Request) -> bool:
    """True when the error answers a page (not ``/api/``, ``/static/`` or the map data)."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/", "/geo/"))


def page_lang(request: Request) -> str:
    """The page language of ``request``: ``?lang=``, the cookie, else ``zh``.

    Examples
    --------
    >>> from starlette.requests import Request
    >>> page_lang(Request({"type": "http", "query_string": b"lang=en", "headers": []}))
    'en'
    >>> page_lang(Request({"type": "http", "query_string": b"lang=xx", "headers": []}))
    'zh'
    """
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "zh"
    return lang if lang in LANGS else "zh"


def _t(key: str, lang: str, **params: Any) -> str:
    return Message(key, **params).get(lang)


def param_problem(err: dict[str, Any], lang: str) -> str:
    """One request-parameter problem of pydantic (``RequestValidationError.errors()``) as a
    sentence in ``lang``: the parameter, the value given and what it must be.

    Examples
    --------
    >>> param_problem({"type": "greater_than", "loc": ("query", "minutes"), "input": "-5",
    ...                "ctx": {"gt": 0}}, "zh")
    '参数 minutes(值:-5):必须大于0'
    >>> param_problem({"type": "int_parsing", "loc": ("query", "year"), "input": "abc"}, "en")
    'Parameter year (value: abc): must be a whole number'
    """
    loc = [str(x) for x in err.get("loc", ())]
    name = ".".join(loc[1:]) or (loc[0] if loc else "")
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    limit = next((ctx[k] for k in _LIMIT_KEYS if k in ctx), "")
    if isinstance(limit, float):
        limit = f"{limit:g}"
    key = f"web_err_why_{kind}"
    why = _t(key, lang, limit=limit) if key in CATALOGUE else _t("web_err_why_other", lang)
    value = err.get("input")
    shown = "—" if value is None or isinstance(value, dict) else clip(value, VALUE_LIMIT)
    return _t("web_err_param", lang, name=name, value=shown, why=why)


@dataclass
class PageError:
    """What an error page says: status, code, the message in the page language (``text``,
    when the error has one), problems already in that language (``problems``) and the
    library's original message and details (``original``, shown as such). When the problems
    are listed, only the first line of ``text`` is shown above them (its other lines are the
    same problems)."""

    status: int
    code: str
    text: Message | None = None
    problems: list[str] = field(default_factory=list)
    original: list[str] = field(default_factory=list)
    headers: dict[str, str] | None = None
    #: the problem objects of the API envelope (location, name, value, expected, fix,
    #: message), for an htmx fragment's envelope
    details: list[dict[str, Any]] = field(default_factory=list)


def _title(status: int, lang: str) -> str:
    key = f"web_err_title_{status}"
    return _t(key, lang) if key in CATALOGUE else _t("web_err_title_other", lang, status=status)


def _hint(err: PageError, lang: str) -> str:
    if err.text is not None:
        said = err.text.get(lang)
        return said.splitlines()[0] if err.problems and said else said
    key = f"web_err_hint_{err.code}"
    if key in CATALOGUE:
        return _t(key, lang)
    return _t("web_err_hint_not_found" if err.status == 404 else "web_err_hint_other", lang)


def _switch(request: Request, lang: str) -> str:
    """The same page in the other language (a value longer than an error may repeat is left
    out: it is likely what was refused)."""
    q = {k: v for k, v in request.query_params.items() if len(v) <= VALUE_LIMIT}
    q["lang"] = "en" if lang == "zh" else "zh"
    return f"{request.url.path}?{urlencode(q)}"


def _areas_link(request: Request, err: PageError, lang: str) -> str:
    """For a page refused because the region has no core city (``no_core``), the national
    areas page of that region (the overview would refuse it too); else empty."""
    if err.code != "no_core":
        return ""
    q = {"lang": lang}
    region = request.query_params.get("region")
    if region:
        q = {"region": region[:100], **q}
    return f"/areas?{urlencode(q)}"


def _fragment_details(err: PageError, lang: str = "en") -> list[dict[str, Any]]:
    """The problems of an htmx fragment's envelope: the API's problem objects (every key
    filled as in the JSON API), each message in the page language: the localised problem
    where the error has one per problem, else (on a Chinese page) the parameter and value
    in Chinese with the library's English sentence marked as the original; without problem
    objects, the localised or original lines.

    Examples
    --------
    >>> d = {"location": "query", "name": "minutes", "value": "-5", "expected": "> 0",
    ...      "fix": None, "message": "query parameter 'minutes': ..."}
    >>> _fragment_details(PageError(422, "invalid_parameters", problems=["参数 minutes"],
    ...                             details=[d]))[0]["message"], d["message"][:5]
    ('参数 minutes', 'query')
    """
    if not err.details:
        return normalise_all([*err.problems, *err.original])
    out = [dict(d) for d in err.details]
    if len(err.problems) == len(out):
        for d, text in zip(out, err.problems, strict=True):
            d["message"] = text
    elif lang != "en":  # the library's sentences are English: say which parameter in lang
        for d in out:
            said = (_t("web_err_param", lang, name=d["name"], value="—" if d["value"] is None
                       else clip(d["value"], VALUE_LIMIT), why=_t("web_err_why_other", lang))
                    if d.get("name") else _hint(err, lang))
            d["message"] = f"{said} [{_t('web_err_original', lang)}: {d['message']}]"
    return out


def respond(request: Request, err: PageError) -> Response:
    """The error as a page (HTML) or, for an htmx request, as a localised envelope."""
    lang = page_lang(request)
    title, hint = _title(err.status, lang), _hint(err, lang)
    if request.headers.get("hx-request"):
        body = {"error": {"code": err.code, "message": f"{title}: {hint}",
                          "details": _fragment_details(err, lang)}}
        return JSONResponse(body, status_code=err.status, headers=err.headers)
    from .pages._render import environment

    html = environment().get_template("error.html.j2").render(
        lang=lang, title=title, hint=hint, status=err.status, code=err.code,
        problems=err.problems, original=err.original, switch=_switch(request, lang),
        home=f"/?{urlencode({'lang': lang})}", areas=_areas_link(request, err, lang),
        t=lambda key: _t(key, lang))
    headers = {"Cache-Control": "no-store", **(err.headers or {})}
    return HTMLResponse(html, status_code=err.status, headers=headers)
