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
from typing import TYPE_CHECKING

from flask import current_app
from markupsafe import Markup

# fpdf2 (with fontTools), segno and Pillow are imported by the functions that draw, so that a
# worker which never draws a certificate does not carry their 35 MiB.
if TYPE_CHECKING:
    from fpdf import FPDF

DEFAULT_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def qr_svg(url: str, title: str) -> Markup:
    """An inline SVG QR code for ``url``, titled for screen readers."""
    import segno

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
    #: The day of completion, as printed above the issuer.
    day: str
    issuer: str
    serial_line: str
    verify_line: str
    verify_url: str
    signer_lines: tuple[str, ...] = ()
    signature: Path | None = None
    seal: Path | None = None


def unicode_font() -> Path | None:
    """The first configured font that exists; the event reports' PDF prints with it too."""
    configured = current_app.config.get("LMS_CERTIFICATE_FONTS")
    candidates = configured.split(":") if configured else DEFAULT_FONTS
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    return None


def has_unicode_font() -> bool:
    return unicode_font() is not None


def certificate_pdf(text: CertificateText) -> bytes:
    import segno
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(text.heading)
    pdf.set_author(text.issuer)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    font = unicode_font()
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
    pdf.ln(6)
    pdf.set_x(20)
    pdf.set_font(family, size=12)
    pdf.multi_cell(width, 7, text.day, align="C")
    pdf.ln(3)
    pdf.set_x(20)
    pdf.set_font(family, size=15)
    pdf.multi_cell(width, 8, text.issuer, align="C")
    _signature_block(pdf, family, text)

    qr = segno.make(text.verify_url, error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=6, border=1)
    image.seek(0)
    pdf.image(image, x=pdf.w - 55, y=pdf.h - 60, w=35, h=35, alt_text=text.verify_line)
    pdf.set_xy(20, pdf.h - 45)
    pdf.set_font(family, size=9)
    pdf.multi_cell(pdf.w - 85, 5, f"{text.serial_line}\n{text.verify_line}\n{text.verify_url}")
    return bytes(pdf.output())


#: Heights in millimetres of the signature and the seal as printed.
SIGNATURE_HEIGHT = 14
SEAL_SIZE = 22


def _signature_block(pdf: FPDF, family: str, text: CertificateText) -> None:
    """The signature above the signer's name and title, centred under the issuer, and the
    seal to the right of the name, where a Japanese certificate stamps it."""
    top = pdf.get_y() + 1
    printed_width = 0.0
    if text.signature is not None:
        width, height = _image_size(text.signature)
        printed_width = SIGNATURE_HEIGHT * width / height
        pdf.image(str(text.signature), x=(pdf.w - printed_width) / 2, y=top,
                  w=printed_width, h=SIGNATURE_HEIGHT, alt_text="signature")
        pdf.set_y(top + SIGNATURE_HEIGHT)
    else:
        pdf.set_y(top + 4)
    names_top = pdf.get_y()
    pdf.set_font(family, size=12)
    widest = 0.0
    for line in text.signer_lines:
        pdf.set_x(20)
        pdf.multi_cell(pdf.w - 40, 6, line, align="C")
        widest = max(widest, pdf.get_string_width(line))
    if text.seal is not None:
        seal_left = pdf.w / 2 + max(widest, printed_width, 40) / 2 + 3
        pdf.image(str(text.seal), x=seal_left, y=names_top - SEAL_SIZE / 2, w=SEAL_SIZE,
                  h=SEAL_SIZE, alt_text="seal")


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size
