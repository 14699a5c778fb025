"""Print the report to PDF with headless Chromium (the Debian ``chromium`` package).

Chromium runs with the network switched off (``--proxy-server`` to a dead port and every
background service disabled), renders the print layout of the page, lets the scripts draw the
figures (``--virtual-time-budget``) and prints with a document outline (PDF bookmarks, one per
section). The first page is the table of contents; its entries are links to the sections and,
when ``pypdf`` is installed, carry the page numbers found in a first printing.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
OFFLINE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--hide-scrollbars", "--mute-audio",
)


def find_chromium(explicit: str | None = None) -> str:
    """Path of a Chromium executable (``explicit``, ``$METROSCOPE_CHROMIUM`` or the usual names).

    Raises
    ------
    FileNotFoundError
        When none is found.
    """
    for cand in (explicit, os.environ.get("METROSCOPE_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if not cand:
            continue
        found = shutil.which(cand)
        if found:
            return found
    msg = ("No Chromium found for printing the PDF. Install it (Debian: apt-get install -y "
           "chromium fonts-noto-cjk) or pass its path (METROSCOPE_CHROMIUM).")
    raise FileNotFoundError(msg)


def _print_once(exe: str, html_path: Path, pdf_path: Path, timeout_s: float) -> None:
    with tempfile.TemporaryDirectory(prefix="metroscope-chromium-") as profile:
        cmd = [exe, *OFFLINE_FLAGS, f"--user-data-dir={profile}", "--window-size=760,1100",
               "--no-pdf-header-footer", "--generate-pdf-document-outline",
               "--run-all-compositor-stages-before-draw", "--virtual-time-budget=30000",
               f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
        logger.info("Printing %s with %s", html_path, exe)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s,
                              check=False)
    if proc.returncode != 0 or not pdf_path.exists() or pdf_path.stat().st_size == 0:
        msg = (f"Chromium could not print the PDF (exit {proc.returncode}): "
               f"{proc.stderr.strip()[-800:]}")
        raise RuntimeError(msg)


def section_pages(pdf_path: Path) -> dict[str, int]:
    """Page number (1-based) of each top-level bookmark of a PDF, by title; empty when
    ``pypdf`` is not installed or the PDF has no outline."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return {}
    reader = PdfReader(str(pdf_path))
    out: dict[str, int] = {}

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            title = str(getattr(item, "title", ""))
            try:
                page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
            except Exception:  # a broken bookmark only loses its number
                continue
            if title and page is not None and title not in out:
                out[title] = page + 1
    walk(list(reader.outline))
    return out


def _with_page_numbers(html: str, pages: dict[str, int]) -> str:
    """Fill the ``data-page-of`` placeholders of the table of contents."""
    import re

    def repl(m: re.Match[str]) -> str:
        anchor = m.group(1)
        page = pages.get(anchor)
        return m.group(0) if page is None else m.group(0).replace("></span>", f">{page}</span>")

    return re.sub(r'<span class="page" data-page-of="([^"]+)"></span>', repl, html)


def print_pdf(html: str, pdf_path: Path, *, toc: dict[str, list[str]] | None = None,
              chromium: str | None = None, timeout_s: float = 120.0) -> Path:
    """Write ``html`` (print layout) to ``pdf_path`` as a PDF; returns the path.

    ``toc`` maps each section anchor to its possible headings (``"<n><title>"``); their pages,
    found in a first printing, are written into the table of contents of the second.

    Raises
    ------
    FileNotFoundError
        When no Chromium executable is found.
    RuntimeError
        When Chromium fails or writes no PDF.
    OutputError
        When ``pdf_path`` is a folder or cannot be written (a previous file stays whole).
    """
    from .._atomic import check_output_file, copy_file

    check_output_file(pdf_path, what="the PDF")
    exe = find_chromium(chromium)
    with tempfile.TemporaryDirectory(prefix="metroscope-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        first = Path(tmp) / "first.pdf"
        _print_once(exe, page, first, timeout_s)
        pages = _anchor_pages(section_pages(first), toc or {})
        if pages:
            page.write_text(_with_page_numbers(html, pages), encoding="utf-8")
            final = Path(tmp) / "final.pdf"
            _print_once(exe, page, final, timeout_s)
            first = final
        copy_file(first, pdf_path, what="the PDF")  # atomic: a previous PDF stays whole
    logger.info("Wrote %s (%.1f MB)", pdf_path, pdf_path.stat().st_size / 1e6)
    return pdf_path


def _anchor_pages(by_title: dict[str, int], toc: dict[str, list[str]]) -> dict[str, int]:
    """Map section anchors to pages: the bookmark whose title (whitespace removed) is one of
    the section's expected headings (``"<n><title>"`` in either language)."""
    norm = {"".join(k.split()): v for k, v in by_title.items()}
    out: dict[str, int] = {}
    for anchor, titles in toc.items():
        for title in titles:
            page = norm.get("".join(title.split()))
            if page is not None:
                out[anchor] = page
                break
    return out
