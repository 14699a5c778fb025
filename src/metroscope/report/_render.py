"""Rendering a :class:`~metroscope.report.context.ReportContext` to one HTML string."""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING, Any

from ._i18n import STRINGS, t

if TYPE_CHECKING:
    import jinja2

    from .context import ReportContext

_URL = re.compile(r"https?://[^\s|;,<>\"')]+")


def linkify(text: Any) -> Any:
    """Escape ``text`` and turn its URLs into links (they open only when the reader clicks)."""
    from markupsafe import Markup, escape

    s = str(escape(str(text)))
    return Markup(_URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noreferrer">{m.group(0)}</a>', s))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment reading the templates shipped in ``metroscope.report``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("metroscope.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["linkify"] = linkify
    env.globals["ui"] = {k: t(k) for k in STRINGS}
    return env


def figures_json(ctx: ReportContext) -> str:
    """All figure specs as one JSON object ``{fig_id: {lang: spec}}`` (``</`` escaped)."""
    parts = []
    for section in ctx.sections:
        for block in section.blocks:
            if block.kind == "figure":
                langs = ",".join(f"{json.dumps(lang)}:{spec}" for lang, spec in block.specs.items())
                parts.append(f"{json.dumps(block.fig_id)}:{{{langs}}}")
    return "{" + ",".join(parts) + "}"


def render(ctx: ReportContext) -> str:
    """The page as HTML."""
    template = environment().get_template("report.html.j2")
    return str(template.render(r=ctx, figures_json=figures_json(ctx)))
