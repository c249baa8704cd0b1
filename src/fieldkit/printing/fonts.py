"""The shipped font (Liberation Sans, SIL OFL 1.1), registered once and embedded in every PDF.

The PDF base-14 fonts are not embedded and their encoding cannot carry every character a
name may hold; a shipped TrueType font gives umlauts, ß and most European letters everywhere.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from fieldkit.paths import resource_path

REGULAR = "FieldkitSans"
BOLD = "FieldkitSans-Bold"

_FILES = {REGULAR: "LiberationSans-Regular.ttf", BOLD: "LiberationSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the family with ReportLab (idempotent, thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        # Lets Paragraph's <b> find the bold face of the family.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


def has_glyph(char: str) -> bool:
    """Whether the shipped font can draw ``char`` (others would print as a box)."""
    register_fonts()
    font = pdfmetrics.getFont(REGULAR)
    return ord(char) in font.face.charToGlyph
