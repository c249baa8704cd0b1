"""DIN 5008 form B geometry, text fitting and a small page engine over one ReportLab canvas.

One canvas holds a whole batch, so page numbers are known exactly while drawing: that is what
lets the batch start every letter on a front page and report page ranges without a second
pass. Body text flows through ReportLab frames; everything with a fixed place on the sheet
(window field, information block, marks, footer) is drawn directly.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame
from reportlab.platypus.doctemplate import ActionFlowable

from fieldkit.printing.fonts import BOLD, REGULAR, register_fonts
from fieldkit.printing.templates import clean

PAGE_W, PAGE_H = A4

# Binary (not ASCII85) page streams: about 15 % faster batches and 15 % smaller files; every
# PDF reader handles them. ReportLab reads this global when it writes a file.
rl_config.useA85 = 0

# DIN 5008 form B (all from the top-left corner of the sheet, in mm).
WINDOW_LEFT = 20.0
WINDOW_TOP = 45.0
WINDOW_WIDTH = 85.0
WINDOW_HEIGHT = 45.0
RETURN_ZONE_HEIGHT = 17.7  # Zusatz- und Vermerkzone, holds the Rücksendeangabe
ADDRESS_INSET = 5.0  # the address starts 25 mm from the left edge
INFO_LEFT = 125.0
INFO_TOP = 50.0
INFO_WIDTH = 75.0
BODY_LEFT = 25.0
BODY_RIGHT = 20.0
BODY_TOP_FIRST = 98.5
BODY_TOP_LATER = 27.0
BODY_BOTTOM = 21.0
FOLD_MARKS = (105.0, 210.0)
HOLE_MARK = 148.5

GREY = Color(0.35, 0.35, 0.35)
LIGHT = Color(0.93, 0.93, 0.93)
ACCENT = Color(0.05, 0.33, 0.65)

Output = str | Path | BinaryIO


def y_from_top(top_mm: float) -> float:
    """ReportLab's y (points from the bottom) of a distance from the sheet's top edge."""
    return float(PAGE_H - top_mm * mm)


# --- text fitting -------------------------------------------------------------------------


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Words wrapped to ``width`` points; a word longer than a line is broken by characters."""
    register_fonts()
    lines: list[str] = []
    current = ""
    for word in clean(text).split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while stringWidth(word, font, size) > width:
            cut = _fit_prefix(word, font, size, width)
            hyphen = word.rfind("-", 0, cut)
            if hyphen > 0:
                cut = hyphen + 1  # double names break after their hyphen, as people write them
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _fit_prefix(text: str, font: str, size: float, width: float) -> int:
    """Length of the longest prefix of ``text`` (at least one character) that fits."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line, cut with '…' if it is wider than ``width``."""
    text = " ".join(clean(text).split())
    if stringWidth(text, font, size) <= width:
        return text
    cut = _fit_prefix(text, font, size, width - stringWidth("…", font, size))
    return text[:cut].rstrip() + "…"


@dataclass(frozen=True)
class FittedBlock:
    """Lines and font size chosen so a block fits its box."""

    lines: tuple[str, ...]
    size: float
    leading: float


def fit_lines(
    logical_lines: Sequence[str],
    font: str,
    width: float,
    height: float,
    max_size: float = 10.0,
    min_size: float = 7.0,
) -> FittedBlock:
    """Wrap, then shrink down to ``min_size``; as a last resort one cut line per logical line.

    The result never needs more than ``height`` points (given it can hold the logical lines
    at ``min_size`` at all; the window field holds nine such lines).
    """
    size = max_size
    while size >= min_size - 1e-9:
        leading = size * 1.18
        lines = [w for line in logical_lines for w in wrap_text(line, font, size, width) or [""]]
        if len(lines) * leading <= height:
            return FittedBlock(tuple(lines), size, leading)
        size -= 0.5
    leading = min_size * 1.18
    capacity = max(1, int(height // leading))
    lines = [ellipsize(line, font, min_size, width) for line in logical_lines]
    if len(lines) > capacity:
        # Keep the last line (postcode and town): the post needs it most.
        lines = [*lines[: capacity - 1], lines[-1]]
    return FittedBlock(tuple(lines), min_size, leading)


# --- fixed parts of a letter ---------------------------------------------------------------


def draw_window(canv: Canvas, return_address: str, address_lines: Sequence[str]) -> FittedBlock:
    """Rücksendeangabe and recipient address inside the DIN 5008 form B window field."""
    left = (WINDOW_LEFT + ADDRESS_INSET) * mm
    width = (WINDOW_WIDTH - 2 * ADDRESS_INSET) * mm
    # Return-address line: bottom of the Zusatz- und Vermerkzone, small, underlined.
    ret_size = 7.0
    while ret_size > 5.0 and stringWidth(return_address, REGULAR, ret_size) > width:
        ret_size -= 0.5
    ret = ellipsize(return_address, REGULAR, ret_size, width)
    ret_base = y_from_top(WINDOW_TOP + RETURN_ZONE_HEIGHT) + 2.2
    canv.setFont(REGULAR, ret_size)
    canv.setFillColor(black)
    canv.drawString(left, ret_base, ret)
    canv.setLineWidth(0.3)
    canv.line(left, ret_base - 1.3, left + stringWidth(ret, REGULAR, ret_size), ret_base - 1.3)
    # Address lines: the Anschriftzone below, with a small margin to the window's edges.
    zone_top = y_from_top(WINDOW_TOP + RETURN_ZONE_HEIGHT) - 1.0 * mm
    zone_height = (WINDOW_HEIGHT - RETURN_ZONE_HEIGHT - 2.0) * mm
    block = fit_lines(address_lines, REGULAR, width, zone_height)
    y = zone_top - block.size
    canv.setFont(REGULAR, block.size)
    for line in block.lines:
        canv.drawString(left, y, line)
        y -= block.leading
    return block


def draw_marks(canv: Canvas) -> None:
    """Fold marks (form B: 105 and 210 mm) and the hole mark (148.5 mm) at the left edge."""
    canv.saveState()
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.4)
    for top in FOLD_MARKS:
        canv.line(4 * mm, y_from_top(top), 9 * mm, y_from_top(top))
    canv.line(4 * mm, y_from_top(HOLE_MARK), 11 * mm, y_from_top(HOLE_MARK))
    canv.restoreState()


def draw_letterhead(canv: Canvas, office_name: str, address_lines: Sequence[str]) -> None:
    """Sender at the top right, inside the 45 mm letterhead zone."""
    right = PAGE_W - BODY_RIGHT * mm
    width = 95 * mm
    canv.setFillColor(black)
    canv.setFont(BOLD, 13)
    canv.drawRightString(right, y_from_top(17), ellipsize(office_name, BOLD, 13, width))
    canv.setFont(REGULAR, 8)
    y = y_from_top(22.5)
    for line in address_lines[:4]:
        canv.drawRightString(right, y, ellipsize(line, REGULAR, 8, width))
        y -= 10


def draw_info_block(canv: Canvas, rows: Sequence[tuple[str, str]]) -> None:
    """The information block right of the window: labels small, values wrapped to fit."""
    label_w = 24 * mm
    value_x = INFO_LEFT * mm + label_w
    value_w = (INFO_WIDTH - 5) * mm - label_w
    bottom = y_from_top(BODY_TOP_FIRST - 3)
    y = y_from_top(INFO_TOP) - 8
    for label, value in rows:
        if not value:
            continue
        lines = wrap_text(value, REGULAR, 8.5, value_w)[:2]
        if len(wrap_text(value, REGULAR, 8.5, value_w)) > 2:
            lines[-1] = ellipsize(lines[-1] + "…", REGULAR, 8.5, value_w)
        if y - (len(lines) - 1) * 10.5 < bottom:
            break
        canv.setFont(REGULAR, 7)
        canv.setFillColor(GREY)
        canv.drawString(INFO_LEFT * mm, y, label)
        canv.setFont(REGULAR, 8.5)
        canv.setFillColor(black)
        for line in lines:
            canv.drawString(value_x, y, line)
            y -= 10.5
        y -= 2
    canv.setFillColor(black)


def draw_footer(canv: Canvas, left: str, centre: str, page: int, total_form: str) -> None:
    """Footer with the Kundennummer (left), office (centre) and 'Seite x von y' (right).

    The total is a form XObject filled in once the document is finished.
    """
    y = 12 * mm
    canv.saveState()
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.3)
    canv.line(BODY_LEFT * mm, y + 9, PAGE_W - BODY_RIGHT * mm, y + 9)
    canv.setFillColor(black)
    canv.setFont(BOLD, 8)
    canv.drawString(BODY_LEFT * mm, y, ellipsize(left, BOLD, 8, 60 * mm))
    canv.setFont(REGULAR, 7)
    canv.setFillColor(GREY)
    canv.drawCentredString(PAGE_W / 2 + 10 * mm, y, ellipsize(centre, REGULAR, 7, 70 * mm))
    canv.setFillColor(black)
    canv.setFont(REGULAR, 8)
    right = PAGE_W - BODY_RIGHT * mm
    total_w = 12.0
    text = f"Seite {page} von"
    canv.drawRightString(right - total_w, y, text)
    canv.translate(right - total_w + 2.2, y)
    canv.doForm(total_form)
    canv.restoreState()


# --- styles ---------------------------------------------------------------------------------


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of all documents (one family, a few sizes)."""
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=10, leading=13, spaceAfter=5
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12, spaceAfter=4),
        "tiny": ParagraphStyle("tiny", parent=base, fontSize=7.5, leading=9.5, spaceAfter=0),
        "subject": ParagraphStyle(
            "subject", parent=base, fontName=BOLD, fontSize=10.5, spaceAfter=10
        ),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=11, spaceBefore=6, spaceAfter=4
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=20, leading=25, spaceAfter=12
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=4
        ),
        "flyer": ParagraphStyle("flyer", parent=base, fontSize=11.5, leading=16, spaceAfter=9),
        "flyerbullet": ParagraphStyle(
            "flyerbullet",
            parent=base,
            fontSize=11.5,
            leading=16,
            leftIndent=16,
            bulletIndent=3,
            spaceAfter=10,
        ),
        "flyerlead": ParagraphStyle(
            "flyerlead", parent=base, fontName=BOLD, fontSize=13, leading=18, spaceAfter=14
        ),
        "flyertitle": ParagraphStyle(
            "flyertitle",
            parent=base,
            fontName=BOLD,
            fontSize=26,
            leading=32,
            spaceAfter=16,
            textColor=ACCENT,
        ),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, spaceAfter=0
        ),
        "rfb": ParagraphStyle("rfb", parent=base, fontSize=9, leading=11.4, spaceAfter=4),
        "rfbhead": ParagraphStyle(
            "rfbhead", parent=base, fontName=BOLD, fontSize=9.5, spaceBefore=4, spaceAfter=3
        ),
    }


# --- page engine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in points (ReportLab coordinates)."""

    x: float
    y: float
    width: float
    height: float


#: Draws the fixed parts of a page and returns where the body text may flow.
PageDecorator = Callable[[Canvas, int, str], Box]


class Cancelled(Exception):
    """Raised when a batch's cancel check says stop; the output is incomplete."""


class PdfBuilder:
    """A PDF being written page by page; documents are appended one after another."""

    def __init__(self, out: Output, title: str, compress: bool = True) -> None:
        register_fonts()
        target = str(out) if isinstance(out, Path) else out
        self.canv = Canvas(
            target,
            pagesize=A4,
            pageCompression=1 if compress else 0,
            # Otherwise Helvetica, which is not embedded, would be named in every page.
            initialFontName=REGULAR,
            initialFontSize=10,
        )
        self.canv.setTitle(title)
        self.canv.setAuthor("fieldkit")
        self.canv.setCreator("fieldkit")
        self.page_count = 0
        self._forms = 0
        self._static: dict[Hashable, str] = {}
        self._saved = False

    def flow(
        self, story: list[Flowable], first: PageDecorator, later: PageDecorator | None = None
    ) -> tuple[int, int]:
        """Lay ``story`` out over as many pages as it needs; returns (first, last) page."""
        later = later or first
        self._forms += 1
        total_form = f"pagetotal{self._forms}"
        start = self.page_count + 1
        story = list(story)
        number = 0
        while True:
            number += 1
            box = (first if number == 1 else later)(self.canv, number, total_form)
            frame = Frame(box.x, box.y, box.width, box.height, 0, 0, 0, 0, showBoundary=0)
            _fill(frame, story, self.canv)
            self._end_page()
            if not story:
                break
        self.canv.beginForm(total_form)
        self.canv.setFont(REGULAR, 8)
        self.canv.drawString(0, 0, str(number))
        self.canv.endForm()
        return start, self.page_count

    def flow_static(
        self, key: Hashable, make_story: Callable[[], list[Flowable]], deco: PageDecorator
    ) -> tuple[int, int]:
        """Like :meth:`flow` for a one-page text that repeats within this PDF (the flyer).

        The body is laid out once into a form XObject and reused for every ``key`` seen
        again: a batch stays fast and small. A text that needs more than a page is flowed
        normally each time.
        """
        name = self._static.get(key)
        if name is None:
            story = make_story()
            name = f"static{len(self._static) + 1}"
            box = deco(_NullCanvas(), 1, "")
            if not _fits(story, box, self.canv):
                self._static[key] = ""
                return self.flow(story, deco)
            self._static[key] = name
            self.canv.beginForm(name)
            _fill(Frame(box.x, box.y, box.width, box.height, 0, 0, 0, 0), story, self.canv)
            self.canv.endForm()
        elif not name:
            return self.flow(make_story(), deco)

        def draw(canv: Canvas, number: int, total_form: str) -> None:
            deco(canv, number, total_form)
            canv.doForm(name)

        page = self.page(draw)
        return page, page

    def page(self, draw: Callable[[Canvas, int, str], None]) -> int:
        """One page drawn entirely by ``draw`` (its total is 1); returns its page number."""
        self._forms += 1
        total_form = f"pagetotal{self._forms}"
        draw(self.canv, 1, total_form)
        self._end_page()
        self.canv.beginForm(total_form)
        self.canv.setFont(REGULAR, 8)
        self.canv.drawString(0, 0, "1")
        self.canv.endForm()
        return self.page_count

    def _end_page(self) -> None:
        self.canv.showPage()
        self.page_count += 1

    def save(self) -> None:
        """Finish the file (an empty document still gets one page, as PDF requires)."""
        if self._saved:
            return
        self._saved = True
        self.canv.save()


class _NullCanvas:
    """Swallows drawing, so a page decorator can be asked for its body box alone."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


def _fits(story: Sequence[Flowable], box: Box, canv: Canvas) -> bool:
    """Whether ``story`` surely fits in one ``box`` (space before and after counted fully)."""
    total = 0.0
    for flowable in story:
        if isinstance(flowable, ActionFlowable):
            return False
        flowable.canv = canv
        _, height = flowable.wrap(box.width, box.height)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total <= box.height


def _fill(frame: Frame, story: list[Flowable], canv: Canvas) -> None:
    """Move flowables from ``story`` into ``frame`` until it is full, splitting where allowed."""
    while story:
        head = story[0]
        if isinstance(head, ActionFlowable):
            # Page and frame breaks (also what KeepTogether and CondPageBreak split into).
            story.pop(0)
            if frame._atTop:  # a break on an empty page would waste a sheet
                continue
            return
        if frame.add(head, canv, trySplit=0):
            story.pop(0)
            continue
        parts = frame.split(head, canv)
        if parts:
            story[0:1] = parts
            if isinstance(story[0], ActionFlowable):
                continue
            if frame.add(story[0], canv, trySplit=0):
                story.pop(0)
                continue
        if frame._atTop:  # too tall for any page: shrink rather than loop forever
            story[0] = KeepInFrame(frame._aW, frame._aH, [head], mode="shrink")
            frame.add(story.pop(0), canv, trySplit=0)
            continue
        return
