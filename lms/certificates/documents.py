"""The certificate as a QR code and as a PDF.

The PDF embeds the first configured font that exists (``LMS_CERTIFICATE_FONTS``, Noto Sans CJK
from Debian's fonts-noto-cjk by default) so names and Japanese text print as written; only the
glyphs used are embedded, which keeps the file small. Without any of them it falls back to a
built-in Latin font and English text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
from flask import current_app
from fpdf import FPDF
from markupsafe import Markup

DEFAULT_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code for ``url``, titled for screen readers."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title=title, dark="#000",
                                                light="#fff")
    return Markup(svg)  # noqa: S704 - segno escapes the title; the rest is its own markup


@dataclass(frozen=True)
class CertificateText:
    """What the PDF prints, already in the reader's language."""

    heading: str
    preamble: str
    name: str
    body: str
    issuer: str
    serial_line: str
    verify_line: str
    verify_url: str


def _unicode_font() -> Path | None:
    configured = current_app.config.get("LMS_CERTIFICATE_FONTS")
    candidates = configured.split(":") if configured else DEFAULT_FONTS
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def has_unicode_font() -> bool:
    return _unicode_font() is not None


def certificate_pdf(text: CertificateText) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(text.heading)
    pdf.set_author(text.issuer)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    font = _unicode_font()
    family = "Helvetica"
    if font is not None:
        pdf.add_font("certificate", fname=str(font))
        family = "certificate"

    width = pdf.w - 40
    pdf.set_draw_color(31, 78, 121)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    pdf.set_xy(20, 30)
    pdf.set_font(family, size=30)
    pdf.set_text_color(31, 78, 121)
    pdf.multi_cell(width, 14, text.heading, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(6)
    pdf.set_x(20)
    pdf.set_font(family, size=13)
    pdf.multi_cell(width, 7, text.preamble, align="C")
    pdf.ln(4)
    pdf.set_x(20)
    pdf.set_font(family, size=26)
    pdf.multi_cell(width, 13, text.name, align="C")
    pdf.ln(4)
    pdf.set_x(35)
    pdf.set_font(family, size=13)
    pdf.multi_cell(width - 30, 7, text.body, align="C")
    pdf.ln(8)
    pdf.set_x(20)
    pdf.set_font(family, size=14)
    pdf.multi_cell(width, 8, text.issuer, align="C")

    qr = segno.make(text.verify_url, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=6, border=1)
    image.seek(0)
    pdf.image(image, x=pdf.w - 55, y=pdf.h - 60, w=35, h=35, alt_text=text.verify_line)
    pdf.set_xy(20, pdf.h - 45)
    pdf.set_font(family, size=9)
    pdf.multi_cell(pdf.w - 85, 5, f"{text.serial_line}\n{text.verify_line}\n{text.verify_url}")
    return bytes(pdf.output())
