"""The memo as a one-page A4 PDF (fpdf2), charts embedded as PNG.

Font: Source Sans Pro (SIL Open Font License), shipped as TrueType files by the PyPI package
``font-source-sans-pro`` – a dependency of the project, so every machine that installs the lock has
it. fpdf2 ships no Unicode font and the PDF core fonts are latin-1 only (no "€", "–", "≥"), while
system fonts differ between machines; a font from the package index keeps "ñ", "é", "€", "α" and
"≥" identical everywhere. fpdf2 embeds a subset with a ToUnicode map, so the text can be searched
and copied.
"""

from __future__ import annotations

import io
from typing import cast

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from rollout._memo_content import MemoContent, Rows

FAMILY = "SourceSans"
ACCENT = (228, 87, 46)
INK, MUTED, RULE, ZEBRA = (31, 35, 40), (95, 99, 104), (210, 214, 220), (246, 247, 249)
TONES = {
    "go": ((27, 127, 59), (232, 245, 236)),
    "no_go": ((179, 38, 30), (253, 236, 234)),
    "extend": ((138, 90, 0), (255, 245, 218)),
    None: ((95, 99, 104), (241, 243, 244)),
}
MARGIN, TOP, WIDTH = 14.0, 12.0, 182.0
GAP = 4.0
COL = (WIDTH - GAP) / 2
CHART_MAX_H = 42.0


def _fonts(pdf: FPDF) -> None:
    import font_source_sans_pro as ssp

    files = ssp.font_files_ttf
    pdf.add_font(FAMILY, "", files["SourceSansPro"])
    pdf.add_font(FAMILY, "B", files["SourceSansProBold"])
    pdf.add_font(FAMILY, "I", files["SourceSansProIt"])


def _font(pdf: FPDF, size: float, style: str = "", color: tuple[int, int, int] = INK) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_text_color(*color)


def _heading(pdf: FPDF, text: str, x: float = MARGIN, width: float = WIDTH) -> None:
    _font(pdf, 9, "B")
    pdf.set_x(x)
    pdf.cell(width, 5, text.upper(), new_x=XPos.LEFT, new_y=YPos.NEXT)


def _fit(pdf: FPDF, text: str, width: float, size: float, style: str = "") -> None:
    """Shrink the font (down to 6.5 pt) until ``text`` fits on one line of ``width``."""
    while size > 6.5 and pdf.get_string_width(text) > width - 1.5:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)


def _table(pdf: FPDF, rows: Rows, x: float, width: float, label_share: float = 0.48) -> float:
    """Label / value rows with zebra shading; returns the y below the table."""
    label_w, value_w, h = width * label_share, width * (1 - label_share), 5.0
    pdf.set_draw_color(*RULE)
    for i, (label, value) in enumerate(rows):
        y = pdf.get_y()
        if i % 2:
            pdf.set_fill_color(*ZEBRA)
            pdf.rect(x, y, width, h, style="F")
        _font(pdf, 8.5, "", MUTED)
        _fit(pdf, label, label_w, 8.5)
        pdf.set_xy(x, y)
        pdf.cell(label_w, h, label)
        _font(pdf, 8.5, "B")
        _fit(pdf, value, value_w, 8.5, "B")
        pdf.cell(value_w, h, value, align="R")
        pdf.line(x, y + h, x + width, y + h)
        pdf.set_xy(x, y + h)
    return pdf.get_y()


def _paragraph(
    pdf: FPDF,
    text: str,
    size: float = 9.5,
    color: tuple[int, int, int] = INK,
    x: float = MARGIN,
    width: float = WIDTH,
    style: str = "",
) -> None:
    _font(pdf, size, style, color)
    pdf.set_x(x)
    pdf.multi_cell(width, size * 0.46, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _header(pdf: FPDF, c: MemoContent) -> None:
    _font(pdf, 8, "B", ACCENT)
    pdf.cell(WIDTH, 4, c.kicker.upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _font(pdf, 19, "B")
    pdf.multi_cell(WIDTH, 8.5, c.name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _paragraph(pdf, "  ·  ".join(f"{k}: {v}" for k, v in c.meta), size=8.5, color=MUTED)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    y = pdf.get_y() + 1.5
    pdf.line(MARGIN, y, MARGIN + WIDTH, y)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 3)


def _height(pdf: FPDF, width: float, line: float, text: str) -> float:
    """Height ``text`` takes in a multi-line cell (measured, nothing drawn)."""
    return float(cast(float, pdf.multi_cell(width, line, text, dry_run=True, output="HEIGHT")))


def _decision(pdf: FPDF, c: MemoContent) -> None:
    tone, bg = TONES[c.decision]
    inner = WIDTH - 12
    _font(pdf, 9)
    heights = [_height(pdf, inner - 4, 4.3, r) for r in c.reasons]
    height = 5 + 7 + sum(heights) + 4
    y = pdf.get_y()
    pdf.set_fill_color(*bg)
    pdf.rect(MARGIN, y, WIDTH, height, style="F")
    pdf.set_fill_color(*tone)
    pdf.rect(MARGIN, y, 1.8, height, style="F")
    pdf.set_xy(MARGIN + 6, y + 2)
    _heading(pdf, c.recommendation_title, x=MARGIN + 6, width=inner)
    _font(pdf, 13.5, "B", tone)
    pdf.set_x(MARGIN + 6)
    pdf.cell(inner, 7, c.verdict, new_x=XPos.LEFT, new_y=YPos.NEXT)
    for reason in c.reasons:
        _font(pdf, 9, "B", tone)
        pdf.set_x(MARGIN + 6)
        pdf.cell(4, 4.3, "•")
        _font(pdf, 9)
        pdf.multi_cell(inner - 4, 4.3, reason, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_y(y + height + GAP)


def _two_tables(pdf: FPDF, c: MemoContent) -> None:
    y0 = pdf.get_y()
    ends = []
    for x, title, rows, missing in (
        (MARGIN, c.readout_title, c.readout, c.reasons[0]),
        (MARGIN + COL + GAP, c.money_title, c.money, c.money_missing),
    ):
        pdf.set_xy(x, y0)
        _heading(pdf, title, x=x, width=COL)
        if rows:
            ends.append(_table(pdf, rows, x, COL))
        else:
            _paragraph(pdf, missing, size=8.5, color=MUTED, x=x, width=COL)
            ends.append(pdf.get_y())
    pdf.set_xy(MARGIN, max(ends) + GAP)


def _scenarios(pdf: FPDF, c: MemoContent) -> None:
    if not c.scenarios:
        return
    _heading(pdf, c.scenarios_title)
    widths = (46.0, 30.0, 38.0, 40.0, 28.0)
    pdf.set_fill_color(*ZEBRA)
    pdf.set_draw_color(*RULE)
    for row_i, row in enumerate((c.scenario_header, *c.scenarios)):
        y = pdf.get_y()
        if row_i == 0:
            pdf.rect(MARGIN, y, WIDTH, 5.2, style="F")
        for i, (w, text) in enumerate(zip(widths, row, strict=True)):
            _font(pdf, 8.5, "B" if row_i == 0 else "", MUTED if row_i == 0 else INK)
            _fit(pdf, text, w, 8.5, "B" if row_i == 0 else "")
            pdf.cell(w, 5.2, text, align="L" if i == 0 else "R")
        pdf.line(MARGIN, y + 5.2, MARGIN + WIDTH, y + 5.2)
        pdf.set_xy(MARGIN, y + 5.2)
    pdf.set_y(pdf.get_y() + GAP)


def _charts(pdf: FPDF, pngs: list[bytes]) -> None:
    x, y, row_h = MARGIN, pdf.get_y(), 0.0
    for i, png in enumerate(pngs):
        with Image.open(io.BytesIO(png)) as im:
            w_px, h_px = im.size
        h = min(COL * h_px / w_px, CHART_MAX_H)
        w = h * w_px / h_px
        if i and i % 2 == 0:
            y, row_h = y + row_h + 2, 0.0
        if i % 2 == 0 and pdf.will_page_break(y - pdf.get_y() + h):
            pdf.add_page()
            y = pdf.get_y()
        x = MARGIN + (i % 2) * (COL + GAP) + (COL - w) / 2
        pdf.image(io.BytesIO(png), x=x, y=y, w=w, h=h)
        row_h = max(row_h, h)
    pdf.set_y(y + row_h + GAP)


def _bullets(pdf: FPDF, title: str, items: tuple[str, ...]) -> None:
    _heading(pdf, title)
    for item in items:
        _font(pdf, 8.5, "", MUTED)
        pdf.set_x(MARGIN)
        pdf.cell(4, 4, "•")
        pdf.multi_cell(WIDTH - 4, 4, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(pdf.get_y() + GAP - 1)


def _approval(pdf: FPDF, c: MemoContent) -> None:
    tone = TONES["go" if c.approval_status == "approved" else "no_go" if c.approval_status else None][0]
    _font(pdf, 9)
    height = 9 + sum(_height(pdf, WIDTH - 48, 4.8, v) for _, v in c.approval)
    if pdf.will_page_break(height + (12 if c.approval_status is None else 0)):
        pdf.add_page()
    y = pdf.get_y()
    pdf.set_xy(MARGIN + 4, y + 2)
    _heading(pdf, c.approval_title, x=MARGIN + 4, width=WIDTH - 8)
    for i, (label, value) in enumerate(c.approval):
        pdf.set_x(MARGIN + 4)
        _font(pdf, 9, "", MUTED)
        pdf.cell(40, 4.8, label)
        _font(pdf, 9, "B" if i == 0 else "", tone if i == 0 else INK)
        pdf.multi_cell(WIDTH - 48, 4.8, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if c.approval_status is None:
        line_y = pdf.get_y() + 8
        widths = (80.0, 40.0, 46.0)
        x = MARGIN + 4
        pdf.set_draw_color(*MUTED)
        for w, label in zip(widths, c.signature, strict=True):
            pdf.line(x, line_y, x + w - 6, line_y)
            _font(pdf, 7.5, "", MUTED)
            pdf.set_xy(x, line_y + 0.5)
            pdf.cell(w - 6, 3.5, label)
            x += w
        pdf.set_y(line_y + 4)
    end = pdf.get_y() + 2
    pdf.set_draw_color(*RULE)
    pdf.rect(MARGIN, y, WIDTH, end - y)
    pdf.set_y(end + GAP - 1)


class _MemoPDF(FPDF):
    """A4 pages with the memo's footer line in the bottom margin."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-9)
        _font(self, 7.5, "I", MUTED)
        self.cell(WIDTH * 0.85, 4, self.footer_text)
        self.cell(WIDTH * 0.15, 4, f"{self.page_no()}/{{nb}}", align="R")


def render_pdf(c: MemoContent, pngs: list[bytes]) -> bytes:
    """The memo as PDF bytes (``pngs`` are the charts, rendered at 2× for print)."""
    pdf = _MemoPDF(format="A4")
    pdf.footer_text = c.footer
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=13)
    _fonts(pdf)
    pdf.set_title(f"{c.title} – {c.name}")
    pdf.set_creator("Campaign Planner")
    pdf.set_lang(c.lang)
    pdf.add_page()
    _header(pdf, c)
    _heading(pdf, c.question_title)
    _paragraph(pdf, c.question)
    pdf.set_y(pdf.get_y() + GAP - 1)
    _decision(pdf, c)
    _two_tables(pdf, c)
    _scenarios(pdf, c)
    if pngs:
        _charts(pdf, pngs)
    _bullets(pdf, c.assumptions_title, c.assumptions)
    _approval(pdf, c)
    return bytes(pdf.output())
