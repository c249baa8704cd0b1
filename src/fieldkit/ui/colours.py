"""Colour contrast (WCAG 2.1 / BITV 2.0) and the system theme (issue 23).

Text needs a contrast ratio of at least 4.5:1 against its background. A dark or
high-contrast system theme is recognised by its palette: where fieldkit paints text itself it
then takes the palette's colours (and light accents), never dark text on the theme's black.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: The least contrast ratio of text against its background (WCAG 2.1 AA, 1.4.3).
MIN_TEXT_CONTRAST = 4.5


def luminance(colour: str | QColor) -> float:
    """The relative luminance of ``colour`` (0 black … 1 white), as WCAG defines it."""
    c = QColor(colour)
    if not c.isValid():
        raise ValueError(f"not a colour: {colour!r}")
    channels = (c.redF(), c.greenF(), c.blueF())
    linear = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str | QColor, b: str | QColor) -> float:
    """The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the theme draws light text on dark ground (a dark or high-contrast theme)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return luminance(window) < luminance(text)
