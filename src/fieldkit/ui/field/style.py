"""Look of field mode: larger text that follows the system font, big targets, visible focus.

Sizes are relative to the application font (the user's system setting), never fixed pixels,
so text scales with it. Colours keep a contrast ratio of at least 4.5:1 against their
background (BITV 2.0 / WCAG 2.1 AA); the focus frame is a 3-pixel dark blue border. A dark or
high-contrast system theme gets light accents on the theme's own ground (:func:`colours`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from fieldkit.ui.colours import is_dark

#: Text scale of field mode relative to the system font: readable at arm's length in a car.
SCALE = 1.2


@dataclass(frozen=True)
class Colours:
    """The colours field mode paints with; each text colour ≥ 4.5:1 on its ground."""

    text: str
    muted: str
    done: str
    current_bg: str
    error: str
    focus: str
    base: str
    button: str
    button_hover: str
    button_pressed: str
    border: str
    selected_bg: str
    primary_bg: str
    primary_text: str
    primary_focus: str


#: On the usual light theme.
LIGHT = Colours(
    text="#1f2328",
    muted="#4f5660",  # 7.2:1 on white
    done="#1a6b30",  # 6.5:1 on white
    current_bg="#fff1c2",
    error="#a4161a",  # 7.3:1 on white
    focus="#0b4f9c",  # 7.9:1 on white
    base="#ffffff",
    button="#f6f8fa",
    button_hover="#eaeef2",
    button_pressed="#d0d7de",
    border="#6e7781",
    selected_bg="#cfe2ff",
    primary_bg="#0b4f9c",
    primary_text="#ffffff",
    primary_focus="#ffbf47",
)

#: On a dark or high-contrast theme: light accents on black (text and ground from the palette
#: where it gives them, see :func:`colours`).
DARK = Colours(
    text="#ffffff",
    muted="#d0d7de",
    done="#7ee787",
    current_bg="#3d2e00",
    error="#ffa198",
    focus="#ffbf47",
    base="#000000",
    button="#161b22",
    button_hover="#21262d",
    button_pressed="#30363d",
    border="#8b949e",
    selected_bg="#1f3a5f",
    primary_bg="#0b4f9c",
    primary_text="#ffffff",
    primary_focus="#ffbf47",
)

# The light theme's colours under their old names (other modules and tests use them).
FOCUS, TEXT, MUTED, DONE = LIGHT.focus, LIGHT.text, LIGHT.muted, LIGHT.done
CURRENT_BG, ERROR = LIGHT.current_bg, LIGHT.error


def colours(palette: QPalette | None = None) -> Colours:
    """The colours for the system theme: the light set, or on a dark / high-contrast theme
    the dark set with the theme's own text and ground colours."""
    palette = palette if palette is not None else QGuiApplication.palette()
    if not is_dark(palette):
        return LIGHT
    role = QPalette.ColorRole
    return dataclasses.replace(
        DARK,
        text=palette.color(role.WindowText).name(),
        base=palette.color(role.Base).name(),
    )


def style_sheet(c: Colours) -> str:
    """Field mode's style sheet in the colours ``c``."""
    return f"""
QWidget {{ color: {c.text}; }}
QPushButton {{
    min-height: 2.2em; padding: 4px 14px; border: 1px solid {c.border}; border-radius: 6px;
    background: {c.button};
}}
QPushButton:hover {{ background: {c.button_hover}; }}
QPushButton:pressed {{ background: {c.button_pressed}; }}
QPushButton:disabled {{ color: {c.border}; border-color: {c.border}; border-style: dashed; }}
QPushButton#primary {{
    background: {c.primary_bg}; color: {c.primary_text}; border-color: {c.primary_bg};
    font-weight: bold;
}}
QPushButton#primary:disabled {{ background: #8c959f; border-color: #8c959f; }}
QPushButton:focus {{ border: 3px solid {c.focus}; }}
QPushButton#primary:focus {{ border: 3px solid {c.primary_focus}; }}
QCheckBox, QRadioButton {{
    min-height: 1.9em; spacing: 10px; padding: 0px 4px;
    border: 3px solid transparent; border-radius: 5px;
}}
QCheckBox::indicator, QRadioButton::indicator {{ width: 1.1em; height: 1.1em; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {c.focus}; }}
QLineEdit, QPlainTextEdit, QDateTimeEdit, QComboBox {{
    border: 1px solid {c.border}; border-radius: 4px; padding: 3px; background: {c.base};
    color: {c.text};
}}
QLineEdit:disabled, QPlainTextEdit:disabled {{ background: {c.button}; color: {c.muted}; }}
QLineEdit:focus, QPlainTextEdit:focus, QDateTimeEdit:focus, QComboBox:focus {{
    border: 3px solid {c.focus}; padding: 1px;
}}
QListView {{ border: 1px solid {c.border}; background: {c.base}; color: {c.text}; }}
QListView:focus {{ border: 3px solid {c.focus}; }}
QListView::item {{ padding: 6px 4px; border-bottom: 1px solid {c.border}; }}
QListView::item:selected {{ background: {c.selected_bg}; color: {c.text}; }}
QGroupBox {{ font-weight: bold; border: 1px solid {c.border}; border-radius: 6px;
    margin-top: 1.2em; padding-top: 0.4em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QTabBar::tab {{ min-height: 2em; padding: 4px 16px; }}
QTabBar::tab:selected {{ font-weight: bold; }}
QTabBar::tab:focus {{ border: 3px solid {c.focus}; }}
QLabel#error {{ color: {c.error}; font-weight: bold; }}
QLabel#muted {{ color: {c.muted}; }}
"""


STYLE = style_sheet(LIGHT)


def field_font(scale: float = SCALE) -> QFont:
    """The system font, scaled for field mode."""
    font = QFont(QApplication.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    return font


def apply(widget: QWidget) -> None:
    """Give ``widget`` and its children field mode's font and style sheet."""
    widget.setFont(field_font())
    widget.setStyleSheet(style_sheet(colours(widget.palette())))


def heading_font(scale: float = 1.35) -> QFont:
    """A bold font for headings, relative to the field font."""
    font = field_font(SCALE * scale)
    font.setBold(True)
    return font
