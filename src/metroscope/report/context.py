"""Template contexts of the report: documented dataclasses, one per template or partial.

The report is built in two steps: section builders (``report.sections``) turn a Region and its
analyses into these plain objects, then ``report.html.j2`` and its ``_*.html.j2`` partials
render them. Templates read nothing else, so every number on the page is a field here.

Every user-visible string is a :class:`Text` holding both languages; the page carries both and
an in-page switch shows one (``--lang`` picks the default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Text:
    """A string in Chinese (``zh``) and English (``en``)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The string in ``lang`` (``zh`` or ``en``).

        Raises
        ------
        Nothing; any other ``lang`` than ``zh`` gives English.

        Examples
        --------
        >>> Text("长春", "Changchun").get("en")
        'Changchun'
        """
        return self.zh if lang == "zh" else self.en

    def __add__(self, other: Text) -> Text:
        return Text(self.zh + other.zh, self.en + other.en)

    @staticmethod
    def same(s: str) -> Text:
        """The same string in both languages (numbers, codes, URLs).

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> Text.same("220100")
        Text(zh='220100', en='220100')
        """
        return Text(s, s)


@dataclass(frozen=True)
class SourceLine:
    """One source line printed under a figure, table or headline.

    ``text`` is a bilingual description (analysis, year, level, measure, notes) built from the
    result's ``attrs["metroscope"]`` provenance; ``sources`` are the raw citations or URLs;
    ``details`` the technical rest (parameters, text recorded only in English), shown folded
    under "method details".
    """

    text: Text
    sources: tuple[str, ...] = ()
    details: Text | None = None


@dataclass(frozen=True)
class Headline:
    """One headline number of the summary (``_headlines.html.j2``).

    ``value`` is the raw number the analysis returned (``None`` when missing) and ``display``
    its formatted text; ``missing`` says why a value is absent. ``quality`` is the A–D tag of
    the data rows behind it (worst one when several) and ``source_kind`` the kind of source
    (statistical bulletin, government page, news, aggregator...). ``note`` explains the
    number (e.g. which denominator a share uses and why it differs from a published figure).
    """

    key: str
    label: Text
    value: float | None
    display: Text
    year: str = ""
    quality: str = ""
    source: SourceLine | None = None
    missing: Text | None = None
    note: Text | None = None
    source_kind: Text | None = None


@dataclass(frozen=True)
class Headlines:
    """A grid of headline numbers."""

    items: tuple[Headline, ...]
    kind: Literal["headlines"] = "headlines"


@dataclass(frozen=True)
class Figure:
    """A plotly figure (``_figure.html.j2``).

    ``specs`` maps a language to the figure's JSON (data + layout) in that language; the page
    plots the active one and re-plots on a language switch. ``is_map`` marks geographic
    figures (tests screenshot them). ``height_px`` is the on-screen height.
    """

    fig_id: str
    caption: Text
    specs: dict[str, str]
    height_px: int = 460
    is_map: bool = False
    source: SourceLine | None = None
    kind: Literal["figure"] = "figure"


@dataclass(frozen=True)
class Cell:
    """One table cell: text in both languages; ``missing`` cells carry the reason in ``title``."""

    text: Text
    numeric: bool = False
    missing: bool = False
    title: Text | None = None
    css: str = ""


@dataclass(frozen=True)
class Table:
    """A table (``_table.html.j2``): bilingual headers, rows of :class:`Cell`. A table with a
    ``caveat`` is drawn inside a caveat box headed by that text (weak results: shown, never as
    a finding)."""

    table_id: str
    caption: Text
    columns: tuple[Text, ...]
    rows: tuple[tuple[Cell, ...], ...]
    source: SourceLine | None = None
    caveat: Text | None = None
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Note:
    """A paragraph: an explanation, a caveat, or a statement that something is missing."""

    text: Text
    style: Literal["note", "caveat", "missing"] = "note"
    kind: Literal["note"] = "note"


Block = Headlines | Figure | Table | Note


@dataclass
class Section:
    """One numbered section (``_section.html.j2``): title, lead paragraph and blocks."""

    key: str
    number: int
    title: Text
    lead: Text | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The HTML id of the section (``sec-<key>``)."""
        return f"sec-{self.key}"

    def missing(self) -> list[Note]:
        """The notes of this section that say something is missing.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> s = Section("flows", 8, Text("流动", "Flows"),
        ...             blocks=[Note(Text("无数据", "no data"), style="missing"), Note(Text.same("ok"))])
        >>> [n.text.get("en") for n in s.missing()]
        ['no data']
        """
        return [b for b in self.blocks if isinstance(b, Note) and b.style == "missing"]


@dataclass(frozen=True)
class Assets:
    """Inlined assets: plotly.js, the geo topojson stub, the stylesheet and the page script."""

    plotly_js: str
    topojson_json: str
    css: str
    js: str


@dataclass
class ReportContext:
    """Context of ``report.html.j2``: the whole page.

    ``default_lang`` is the language shown on opening (``--lang``); ``for_print`` lays the page
    out for Chromium's print-to-PDF (fixed figure widths, page breaks); ``geojson`` is the
    region's polygons (JSON FeatureCollection, feature ids = unit codes) that every map
    references instead of repeating them; ``generated`` is the
    build date (ISO) and ``version`` the metroscope version. Templates also see ``ui``: every
    fixed string of ``_i18n.STRINGS`` as a :class:`Text`, and ``figures_json``: the figure
    specs of all sections keyed by ``fig_id`` then language.
    """

    title: Text
    subtitle: Text
    region_name: str
    default_lang: str
    sections: list[Section]
    assets: Assets
    scenarios: list[Text] = field(default_factory=list)
    geojson: str = '{"type": "FeatureCollection", "features": []}'
    generated: str = ""
    version: str = ""
    for_print: bool = False
