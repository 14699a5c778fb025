"""Rendering the pages: the Jinja2 environment (autoescape on), the language and region of a
request, labels from the one zh/en catalogue (:mod:`metroscope.report._i18n`), the CSRF
cookie, and tables and figures as template values."""

from __future__ import annotations

import dataclasses
import functools
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from ...report._i18n import STRINGS
from ..auth import CSRF_COOKIE, LANG_COOKIE, guard_of, set_csrf_cookie, set_lang_cookie
from ..errors import ApiError

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from ...region import Region
    from ..state import AppState

LANGS = ("zh", "en")
NAV = (("web_nav_overview", "/"), ("web_nav_indicators", "/indicators"),
       ("web_nav_travel", "/travel"), ("web_nav_scenarios", "/scenarios"),
       ("web_nav_industry", "/industry"), ("web_nav_areas", "/areas"),
       ("web_nav_monitor", "/monitor"), ("web_nav_data", "/data"),
       ("web_nav_report", "/report"))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment (package templates, autoescape on, undefined is an error)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("metroscope.web", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    from ... import _schema as S

    env.globals.update(year_min=S.YEAR_MIN, year_max=S.YEAR_MAX)  # the API's year bounds
    return env


def safe_url(url: Any) -> str:
    """``url`` when it is an http(s) or site-relative link, else ``""`` (never
    ``javascript:`` or ``data:``)."""
    text = str(url or "").strip()
    low = text.lower()
    if low.startswith(("http://", "https://")) or (text.startswith("/")
                                                  and not text.startswith("//")):
        return text
    return ""


def label(key: str, lang: str) -> str:
    """The catalogue string ``key`` in ``lang``.

    Raises
    ------
    KeyError
        When the key is missing from the catalogue (a test checks every template's keys).
    """
    zh, en = STRINGS[key]
    return zh if lang == "zh" else en


@dataclass
class Page:
    """The context every template gets (as ``p``): language, region, navigation, CSRF."""

    request: Request
    lang: str
    region_name: str
    region: Region
    regions: list[tuple[str, str]]
    csrf: str
    signed_in: str | None
    active: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def t(self, key: str, **fields: Any) -> str:
        """A label in the page language; ``fields`` fill its placeholders (``{minutes}``)."""
        text = label(key, self.lang)
        return text.format(**fields) if fields else text

    def pick(self, zh: Any, en: Any) -> str:
        """The Chinese or English one of two values (e.g. ``name_zh``/``name_en``)."""
        value = zh if self.lang == "zh" else en
        other = en if self.lang == "zh" else zh
        return str(value if value not in (None, "") else (other or ""))

    def notes(self, notes: Any) -> list[str]:
        """The notes of a result's provenance (catalogue messages or plain text) in the page
        language: a message is never shown in English on a Chinese page."""
        from ...messages import text

        if isinstance(notes, str):
            notes = [notes]
        return [text(n, self.lang) for n in (notes or [])]

    def url(self, path: str, **params: Any) -> str:
        """``path`` with the page's language and region and ``params`` in the query."""
        q: dict[str, Any] = {"lang": self.lang, "region": self.region_name}
        q.update({k: v for k, v in params.items() if v is not None})
        return f"{path}?{urlencode(q, doseq=True)}"

    def switch_lang(self) -> str:
        """This page's URL in the other language."""
        other = "en" if self.lang == "zh" else "zh"
        q = dict(self.request.query_params)
        q["lang"] = other
        return f"{self.request.url.path}?{urlencode(q)}"

    @property
    def nav(self) -> list[tuple[str, str, bool]]:
        """(label, url, is_active) of the main navigation."""
        return [(self.t(k), self.url(u), k == self.active) for k, u in NAV]

    @property
    def title(self) -> str:
        """The region's title in the page language."""
        return self.pick(self.region.title_zh, self.region.title)

    @property
    def data_as_of(self) -> str:
        """Latest year of the region's statistics and of its census counts."""
        years = self.region.years()
        census = self.region.years("population") if "population" in \
            self.region.indicators() else []
        parts = [f"{self.t('web_stats')} {max(years)}" if years else self.t("no_data")]
        if census:
            parts.append(f"{self.t('web_census')} {max(census)}")
        return " · ".join(parts)


def page_language(query_string: bytes, cookie: str | None) -> str:
    """The page language: ``?lang=`` (its last value), else the language cookie, else
    ``zh``; anything but ``zh`` or ``en`` reads ``zh``."""
    from urllib.parse import parse_qsl

    asked = ""  # as Starlette's query_params.get("lang")
    for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if k == "lang":
            asked = v
    lang = asked or cookie or "zh"
    return lang if lang in LANGS else "zh"


def state_of(request: Request) -> AppState:
    """The app state."""
    s: AppState = request.app.state.metroscope
    return s


def require_core(region: Region, name: str) -> None:
    """Refuse (422 ``no_core``, explained in the page language) a page that measures against
    the core city for a region that has none (the national ``china`` dataset)."""
    from ..._errors import MissingDataError
    from ...messages import Message

    try:
        region.core_code()
    except MissingDataError:
        raise ApiError(422, f"Region {name!r} has no core city; this page measures against "
                       "the core. Compare the national areas on /areas.", code="no_core",
                       text=Message("web_err_no_core", region=name)) from None


def page(request: Request, active: str = "", *, needs_core: bool = False) -> Page:
    """The :class:`Page` of a request (``?lang=`` and ``?region=``, checked; with
    ``needs_core``, a region without a core city is refused with the reason)."""
    st = state_of(request)
    lang = page_language(request.scope.get("query_string", b""),
                         request.cookies.get(LANG_COOKIE))
    name = request.query_params.get("region") or st.config.region
    if name not in st.region_names():
        from ...messages import Message

        raise ApiError(404, f"Unknown region {name!r}; this server serves: "
                       f"{', '.join(st.region_names())}.", code="not_found",
                       text=Message("web_err_unknown_region", name=name[:100],
                                    served=list(st.region_names())))
    region = st.region(name)
    if needs_core:
        require_core(region, name)
    from ...datasets import DESCRIPTIONS

    regions = [(n, n if n not in DESCRIPTIONS else DESCRIPTIONS[n].split(":")[0])
               for n in st.region_names()]
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    who = guard_of(request).session(request)
    return Page(request=request, lang=lang, region_name=name, region=region, regions=regions,
                csrf=csrf, signed_in=who.scope if who else None, active=active)


def render(p: Page, template: str, status: int = 200, *, cache: str | None = None,
           **context: Any) -> HTMLResponse:
    """The template with ``p`` and ``context``; sets the language and CSRF cookies.

    ``cache`` marks a page the answer cache (:mod:`metroscope.web.respcache`) may keep: what
    it shows besides the region, the query and the language (``"monitor"``: the monitor
    database; ``""``: nothing more). Such a page is rendered with the cache's placeholder in
    place of the CSRF token, which the cache replaces by each request's own.
    """
    from ..respcache import CSRF_VALUE_HEADER, PAGE_HEADER, SCOPE_KEY

    placeholder = p.request.scope.get(SCOPE_KEY)
    shown = p
    headers = {"Cache-Control": "no-store", "Vary": "Cookie"}
    if cache is not None and placeholder and p.signed_in is None:
        shown = dataclasses.replace(p, csrf=placeholder)
        headers[PAGE_HEADER.decode()] = cache
        headers[CSRF_VALUE_HEADER.decode()] = p.csrf
    html = environment().get_template(template).render(p=shown, **context)
    resp = HTMLResponse(html, status_code=status, headers=headers)
    if p.request.cookies.get(CSRF_COOKIE) != p.csrf:
        set_csrf_cookie(resp, p.csrf)
    if p.request.cookies.get(LANG_COOKIE) != p.lang:
        set_lang_cookie(resp, p.lang)
    return resp


def figure_json(fig: go.Figure) -> str:
    """A plotly figure as JSON safe inside ``<script type="application/json">``."""
    from ...report._figures import to_json

    return to_json(fig)


def geo_json(p: Page) -> str:
    """The page region's polygons as GeoJSON text safe inside a script element, built once per
    region content (the app's result cache): about 1 s of work and 0.4 MB for Changchun."""
    from ...report._maps import polygons_geojson

    region = p.region
    text: str = state_of(p.request).cached(
        p.region_name, "page_geo_json", {},
        lambda: json.dumps(polygons_geojson(region),
                           separators=(",", ":")).replace("</", "<\\/"))
    return text


def geo_url(p: Page) -> str:
    """Where the page's maps fetch their polygons (:mod:`metroscope.web.pages.geo`)."""
    return f"/geo/units.json?{urlencode({'region': p.region_name})}"


@dataclass(frozen=True)
class TableView:
    """A table for the ``table`` macro: column labels, formatted rows and the raw field name
    of each column (the header's tooltip: the API's and the CLI's name)."""

    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    keys: list[str] = field(default_factory=list)


def column_label(name: str, lang: str) -> str:
    """The header of field ``name`` in ``lang``: the catalogue's ``col_<name>`` (``daily_<τ>``
    reads "mass within τ min"), else the name itself."""
    import re

    from ...messages import CATALOGUE, Message

    if f"col_{name}" in CATALOGUE:
        return Message(f"col_{name}").get(lang)
    daily = re.fullmatch(r"daily_(\d+(?:\.\d+)?)", name)
    return Message("col_daily", minutes=daily.group(1)).get(lang) if daily else name


def cell_label(column: str, v: Any, lang: str) -> str | None:
    """A cell shown as a catalogue label (a yes/no, a unit's role), or None."""
    import pandas as pd

    from ...messages import CATALOGUE, Message

    if pd.api.types.is_bool(v):  # Python's and NumPy's
        return Message("web_true" if v else "web_false").get(lang)
    if column == "role" and isinstance(v, str) and f"role_{v}" in CATALOGUE:
        return Message(f"role_{v}").get(lang)
    return None


def table_view(df: pd.DataFrame, *, max_rows: int = 500, digits: int = 2,
               lang: str = "en") -> TableView:
    """A DataFrame (index reset, geometry dropped) formatted for display; cells that are
    catalogue messages read in ``lang``."""
    import math

    import pandas as pd

    from ..._precision import kind_of
    from ..._records import flat_table
    from ...messages import Message

    flat = flat_table(df).head(max_rows)
    numeric = [bool(pd.api.types.is_numeric_dtype(flat[c]))
               and not pd.api.types.is_bool_dtype(flat[c]) for c in flat.columns]

    years = [str(c).endswith("year") for c in flat.columns]

    def fmt(v: Any, is_year: bool, column: str) -> str:
        if v is None or v is pd.NA:
            return "—"
        shown = cell_label(column, v, lang)
        if shown is not None:
            return shown
        if isinstance(v, float):
            if math.isnan(v):
                return "—"
            if math.isinf(v):
                return "∞" if v > 0 else "-∞"
            if is_year and v.is_integer():
                return str(int(v))
            if kind_of(column) == "share":  # a 0-1 fraction reads as a percentage, as in the CLI
                return f"{v:.1%}"
            return f"{v:,.{digits}f}" if abs(v) < 1e6 else f"{v:,.0f}"
        return v.get(lang) if isinstance(v, Message) else str(v)

    names = [str(c) for c in flat.columns]
    rows = [[fmt(v, y, c) for v, y, c in zip(r, years, names, strict=True)]
            for r in flat.itertuples(index=False, name=None)]
    return TableView([column_label(c, lang) for c in names], rows, numeric, names)
