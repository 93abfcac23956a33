"""The event report as a PDF, in the reader's language: the same content as the public page
(figures, program, summary and the selected reflections), never anyone else's name.

It prints with the certificates' font (lms.certificates.documents: Noto Sans CJK by default),
so Japanese titles and names print as written; without it, characters the built-in Latin font
lacks print as "?".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lms.certificates.documents import unicode_font
from lms.events.reports import Count, Report
from lms.events.services import SESSION_KIND_LABELS
from lms.i18n import _, country_name, format_clock, format_day
from lms.names import localized_name

if TYPE_CHECKING:
    from fpdf import FPDF

BLUE = (31, 78, 121)


class _Writer:
    def __init__(self, pdf: FPDF, family: str, latin_only: bool) -> None:
        self.pdf, self.family, self.latin_only = pdf, family, latin_only

    def text(self, value: str) -> str:
        if self.latin_only:
            return value.encode("latin-1", "replace").decode("latin-1")
        return value

    def heading(self, value: str, size: int = 14) -> None:
        self.pdf.ln(3)
        self.pdf.set_font(self.family, size=size)
        self.pdf.set_text_color(*BLUE)
        self.pdf.multi_cell(0, size * 0.5, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(1)

    def paragraph(self, value: str, size: int = 10) -> None:
        self.pdf.set_font(self.family, size=size)
        self.pdf.multi_cell(0, size * 0.5, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def counts(self, title: str, rows: list[Count], total: tuple[int, int]) -> None:
        self.heading(title, 12)
        self.pdf.set_font(self.family, size=10)
        widths = (self.pdf.epw * 0.6, self.pdf.epw * 0.2, self.pdf.epw * 0.2)
        header = ("", _("Registered"), _("Attended"))
        lines = [(row.label, str(row.registered), str(row.attended)) for row in rows]
        lines.append((_("Total"), str(total[0]), str(total[1])))
        for number, line in enumerate([header, *lines]):
            for width, cell, align in zip(widths, line, ("L", "R", "R"), strict=True):
                self.pdf.cell(width, 6, self.text(cell), border="B" if number == 0 else 0,
                              align=align)
            self.pdf.ln(6)


def report_pdf(content: Report) -> bytes:
    from fpdf import FPDF

    cohort = content.cohort
    title = localized_name(cohort)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{title} — {_('Event report')}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = unicode_font()
    family = "Helvetica"
    if font is not None:
        pdf.add_font("report", fname=str(font))
        family = "report"
    writer = _Writer(pdf, family, latin_only=font is None)
    writer.heading(title, 20)
    writer.paragraph(_("Event report"), 12)
    writer.paragraph(f"{format_day(cohort.starts_on)} – {format_day(cohort.ends_on)}")
    edition = content.edition
    if edition is not None:
        place = _("online") if edition.online else ", ".join(
            part for part in (edition.venue, edition.city) if part)
        writer.paragraph(place)
    if content.summary:
        writer.heading(_("Summary"))
        writer.paragraph(content.summary)
    figures = content.figures
    writer.heading(_("Attendance"))
    writer.counts(_("By country"), figures.by_country, (figures.registered, figures.attended))
    writer.counts(_("By kind of participant"), figures.by_kind,
                  (figures.registered, figures.attended))
    if content.days:
        writer.heading(_("Program"))
        for day in content.days:
            number = (day.day - cohort.starts_on).days + 1
            writer.heading(_("Day %(number)d — %(day)s", number=number,
                             day=format_day(day.day, "full")), 11)
            for item in day.sessions:
                clock = (f"{format_clock(item.starts_at, zone=cohort.timezone)}–"
                         f"{format_clock(item.ends_at, zone=cohort.timezone)}")
                writer.paragraph(f"{clock}  {SESSION_KIND_LABELS[item.kind]}: {item.title}")
    if content.quotes:
        writer.heading(_("Reflections of participants"))
        for quote in content.quotes:
            who = quote.name if not quote.country else \
                f"{quote.name} ({country_name(quote.country)})"
            writer.heading(who, 11)
            writer.paragraph(quote.body)
    return bytes(pdf.output())
