"""Files the demo's people upload, made with the standard library alone: a one-page PDF for an
applicant's documents, a PNG bar chart for a report's picture."""

from __future__ import annotations

import struct
import textwrap
import zlib


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and some lines of text, like a scanned form's text layer."""

    def text(value: str) -> bytes:
        raw = value.replace("–", "-").replace("’", "'").encode("latin-1", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 16 Tf 72 770 Td (" + text(title) + b") Tj /F1 11 Tf 0 -30 Td 15 TL"
    for line in lines:
        for part in textwrap.wrap(line, 85) or [""]:
            content += b" (" + text(part) + b") Tj T*"
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def bar_chart(values: tuple[int, ...], width: int = 480, height: int = 240) -> bytes:
    """A small PNG bar chart of ``values``, left to right."""
    background, bar, axis = b"\xff\xff\xff", b"\x1f\x5f\x8b", b"\x33\x33\x33"
    margin, top = 20, max(values)
    slot = (width - 2 * margin) // len(values)
    heights = [value * (height - 2 * margin) // top for value in values]
    rows = []
    for y in range(height):
        from_bottom = height - margin - y
        row = bytearray(background * width)
        for index, bar_height in enumerate(heights):
            if 0 < from_bottom <= bar_height:
                left = margin + index * slot + slot // 6
                row[left * 3:(left + slot * 2 // 3) * 3] = bar * (slot * 2 // 3)
        if from_bottom == 0:
            row[margin * 3:(width - margin) * 3] = axis * (width - 2 * margin)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
