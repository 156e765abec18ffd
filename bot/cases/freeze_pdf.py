"""The freeze request as a one-page PDF on the unit's letterhead (fpdf2), ready to attach or print and sign."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from .freeze import INTRO, FreezeRequest
from ..content.i18n import pick

if TYPE_CHECKING:
    from fpdf import FPDF


def _font(pdf: FPDF, config: Config) -> tuple[str, bool]:
    """The letterhead font (a TTF with the rupee sign); without it Helvetica, which cannot write ₹."""
    path = Path(config.unit.letterhead_font)
    if path.is_file():
        pdf.add_font("letterhead", "", str(path))
        bold = path.with_name(path.stem + "-Bold" + path.suffix)
        pdf.add_font("letterhead", "B", str(bold if bold.is_file() else path))
        return "letterhead", True
    return "helvetica", False


def incomplete_band(request: FreezeRequest) -> str:
    """The mark an incomplete request carries on the letter itself, downloaded or printed (officers' trial, session 20:
    a request with no bank, UTR or beneficiary downloaded as a finished-looking letter): "" when nothing is missing."""
    if not request.missing:
        return ""
    return ("INCOMPLETE - missing: " + "; ".join(request.missing)
            + ". Sent as it is: please act on what is given and ask us for the rest.")


def render(request: FreezeRequest, config: Config) -> bytes:
    from fpdf import FPDF  # here, not at import: fpdf2 with Pillow and fontTools is ~20 MB that no webhook needs

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)  # one page: the text is fitted, never spilled onto a second
    pdf.set_margins(18, 14, 18)
    pdf.add_page()
    family, unicode_ok = _font(pdf, config)

    def clean(text: str) -> str:
        return text if unicode_ok else text.replace("₹", "Rs. ").encode("latin-1", "replace").decode("latin-1")

    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(family, "B", 15)
    pdf.cell(width, 8, clean(pick(config.unit_name, "en")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    for line in config.unit.address + [" · ".join(v for v in (config.unit.phone, config.unit.email) if v)]:
        if line:
            pdf.cell(width, 4.5, clean(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    band = incomplete_band(request)
    if band:  # a red-bordered band above the letter: a nodal officer sees at once what it lacks
        pdf.set_draw_color(179, 38, 30)
        pdf.set_text_color(179, 38, 30)
        pdf.set_font(family, "B", 10)
        pdf.multi_cell(width, 5.5, clean(band), border=1, padding=1.5, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(0, 0, 0)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)

    rows = len(request.rows) + len(request.beneficiaries)
    size = 10 if rows <= 18 else 9 if rows <= 24 else 8
    line = size * 0.5
    pdf.set_font(family, "", size)
    pdf.cell(width, line, clean(f"Date: {request.dated}"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", size)
    pdf.multi_cell(width, line, clean(f"Subject: {request.subject}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(family, "", size)
    pdf.multi_cell(width, line, clean(f"{request.to_line}\n{INTRO}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    with pdf.table(col_widths=(35, 65), line_height=line + 0.6, first_row_as_headings=False,
                   text_align=("LEFT", "LEFT")) as table:
        for label, value in request.rows:
            table.row((clean(label), clean(value)))
    pdf.ln(2)
    pdf.set_font(family, "B", size)
    pdf.cell(width, line, "Beneficiary (where the money went)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", size)
    for index, item in enumerate(request.beneficiaries or [], 1):
        pdf.multi_cell(width, line, clean(f"{index}. {item.line()}"), new_x="LMARGIN", new_y="NEXT")
    if not request.beneficiaries:
        pdf.cell(width, line, "not stated", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(width, line, clean(f"Please acknowledge on receipt, quoting {request.reference}."),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(family, "B", size)
    pdf.cell(width, line, "Requested by", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", size)
    for text in request.officer:
        pdf.multi_cell(width, line, clean(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(width, line, "Signature: ______________________", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
