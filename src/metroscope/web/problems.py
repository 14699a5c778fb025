"""The problem objects of the error envelope: every item of ``error.details`` has the same keys.

The command line reports a problem as a place, the value given, what was expected and how to
fix it (``data validate``: ``stats.csv, line 3, column 'year': got 'twenty'; expected an
integer. Fix: ...``). The API says the same in one object per problem::

    {"location": "query" | "path" | "header" | "body" | a table or file of a bundle | null,
     "name": the parameter, field or column | null,
     "value": the value given, at most 100 characters (cut with "…") | null,
     "expected": what it must be | null,
     "fix": how to put it right | null,
     "message": the whole problem as one sentence}

A user's value is never echoed longer than :data:`VALUE_LIMIT` characters, in ``value`` or in
``message``.
"""

from __future__ import annotations

import re
from typing import Any

from .._errors import Problem

#: the keys of every problem object, in order
KEYS = ("location", "name", "value", "expected", "fix", "message")
#: the most characters of a user's value an error repeats
VALUE_LIMIT = 100
_ELLIPSIS = "…"
#: "edits.0.speed_kph: Input should be greater than 0 (got -5)" (scenario and rule specs)
_FIELD_LINE = re.compile(r"^(?P<name>[\w.\[\]-]+): (?P<rest>.*?)(?: \(got (?P<got>.*)\))?$",
                         re.DOTALL)
_SHOULD = re.compile(r"^(?:Input|Value) should (?:be |have )?(?P<what>.*)$", re.DOTALL)


def clip(value: Any, limit: int = VALUE_LIMIT) -> str | None:
    """``value`` as text of at most ``limit`` characters (cut with an ellipsis), or None.

    Examples
    --------
    >>> clip("220100")
    '220100'
    >>> len(clip("x" * 5000)), clip("x" * 5000)[-1]
    (100, '…')
    >>> clip(b"not json"), clip(None), clip(7)
    ('not json', None, '7')
    """
    if value is None:
        return None
    if isinstance(value, bytes | bytearray):
        text = bytes(value[: limit * 4]).decode("utf-8", errors="replace")
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


_PARTS = re.compile(r"[,;&=:\s]+")


def long_values(values: list[Any], limit: int = VALUE_LIMIT) -> list[str]:
    """The texts of ``values`` (and of their parts between ``,;&=:`` and spaces) longer than
    ``limit``, longest first: what an error must not repeat in full.

    Examples
    --------
    >>> [len(v) for v in long_values(["a=" + "y" * 150, "short"])]
    [152, 150]
    """
    out: set[str] = set()
    for value in values:
        text = str(value)
        if len(text) > limit:
            out.add(text)
            out.update(part for part in _PARTS.split(text) if len(part) > limit)
    return sorted(out, key=len, reverse=True)


def scrub(text: Any, values: list[str], limit: int = VALUE_LIMIT) -> Any:
    """``text`` with every occurrence of the long ``values`` cut to ``limit`` characters
    (:func:`clip`); anything not a text is returned as it is.

    Examples
    --------
    >>> scrub("Unknown area 'yyyyyy'.", ["yyyyyy"], limit=4)
    "Unknown area 'yyy…'."
    """
    if not isinstance(text, str) or not values:
        return text
    for value in values:
        if value in text:
            text = text.replace(value, clip(value, limit) or "")
    return text


def locate(detail: dict[str, Any], params: list[tuple[str, str, str]]) -> dict[str, Any]:
    """``detail`` with ``location``, ``name`` and ``value`` filled from the one request
    parameter ``(location, name, value)`` its message names (a library message says "Unknown
    region 'nope'" without saying it came from the path); unchanged when it already names
    one, or when no parameter or more than one fits. A detail with a name but no location
    takes the name of the one parameter holding its value (``resolve_spec`` says "scenario"
    for compare's ``spec=`` too).

    Examples
    --------
    >>> d = locate(problem("no alert 99999"), [("path", "alert_id", "99999")])
    >>> d["location"], d["name"], d["value"]
    ('path', 'alert_id', '99999')
    >>> locate(problem("no alert 7"), [("path", "alert_id", "99999")])["name"] is None
    True
    """
    if detail.get("name") is not None and detail.get("location") is not None:
        return detail
    text = str(detail.get("message") or "")
    if detail.get("location") is not None:  # only a parameter of that location fits
        params = [p for p in params if p[0] == detail["location"]]
    if detail.get("name") is not None:  # named, only the location is missing
        fits = [p for p in params if str(detail.get("value")) == p[2]]
    else:
        fits = [p for p in params if p[2] and re.search(
            rf"(?<![\w-]){re.escape(p[2])}(?![\w-])", text)]
    if len(fits) != 1:
        return detail
    where, name, value = fits[0]
    if detail.get("name") is not None:  # the request's name: a helper may name its own
        return {**detail, "location": where, "name": name}
    return {**detail, "location": where, "name": name, "value": clip(value)}


def problem(message: str, *, location: str | None = None, name: str | None = None,
            value: Any = None, expected: str | None = None, fix: str | None = None
            ) -> dict[str, Any]:
    """One problem object (the keys of :data:`KEYS`; ``value`` clipped).

    Examples
    --------
    >>> p = problem("not a mode", location="query", name="mode", value="plane",
    ...             expected="rail, road or fastest")
    >>> list(p) == list(KEYS), p["value"]
    (True, 'plane')
    """
    return {"location": location, "name": name, "value": clip(value), "expected": expected,
            "fix": fix, "message": message}


def from_data_problem(p: Problem) -> dict[str, Any]:
    """A validation problem of a table (as ``data validate`` prints it) as a problem object:
    ``location`` the file (or table) with its line or row, ``name`` the column."""
    return problem(str(p), location=p.location, name=p.column, value=p.value, expected=p.expected,
                   fix=p.fix)


def from_text(text: str, *, location: str | None = None) -> dict[str, Any]:
    """A problem line of the library (a scenario, rule or option problem) as an object:
    ``field: complaint (got value)`` gives name, expected and value.

    Examples
    --------
    >>> p = from_text("edits.0.speed_kph: Input should be greater than 0 (got -5)",
    ...               location="body")
    >>> p["name"], p["value"], p["expected"]
    ('edits.0.speed_kph', '-5', 'greater than 0')
    >>> from_text("--set expects KEY=VALUE, got 'novalue'.")["name"] is None
    True
    """
    m = _FIELD_LINE.match(text)
    if not m:
        return problem(text, location=location)
    rest = m.group("rest")
    should = _SHOULD.match(rest)
    expected = should.group("what") if should else None
    if rest == "Field required":
        expected = "a value (the field is required)"
    got = m.group("got")
    if got and len(got) >= 2 and got[0] == got[-1] and got[0] in "'\"":
        got = got[1:-1]  # the repr of a text value: the text
    return problem(text, location=location, name=m.group("name"), value=got,
                   expected=expected)


def normalise(item: Any, *, location: str | None = None) -> dict[str, Any]:
    """Any detail (a problem object, a :class:`~metroscope._errors.Problem`, a text line or a
    dict of other keys) as a problem object with exactly the keys of :data:`KEYS`.

    Examples
    --------
    >>> normalise({"name": "tag", "value": "x", "message": "not a tag"})["location"] is None
    True
    >>> sorted(normalise("known: a, b"))== sorted(KEYS)
    True
    """
    if isinstance(item, Problem):
        return from_data_problem(item)
    if isinstance(item, dict):
        if set(item) == set(KEYS):
            return {**item, "value": clip(item["value"])}
        known = {k: item[k] for k in KEYS if k in item and k != "message"}
        extra = {k: v for k, v in item.items() if k not in KEYS}
        message = item.get("message") or "; ".join(f"{k}={v}" for k, v in extra.items())
        return problem(str(message), **{"location": location, **known})
    return from_text(str(item), location=location)


def messages(details: list[Any]) -> list[str]:
    """The sentence of every detail (for a page that lists the problems).

    Examples
    --------
    >>> messages([problem("year: not a number"), "known: a"])
    ['year: not a number', 'known: a']
    """
    return [str(d.get("message", d)) if isinstance(d, dict) else str(d) for d in details]


def normalise_all(items: list[Any] | None, *, location: str | None = None
                  ) -> list[dict[str, Any]]:
    """:func:`normalise` of every detail."""
    return [normalise(i, location=location) for i in items or []]
