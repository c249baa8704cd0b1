"""Look of field mode: larger text that follows the system font, big targets, visible focus.

Sizes are relative to the application font (the user's system setting), never fixed pixels,
so text scales with it. Colours keep a contrast ratio of at least 4.5:1 against their
background (BITV 2.0 / WCAG 2.1 AA); the focus frame is a 3-pixel dark blue border.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

#: Text scale of field mode relative to the system font: readable at arm's length in a car.
SCALE = 1.2
FOCUS = "#0b4f9c"  # 7.9:1 on white
TEXT = "#1f2328"
MUTED = "#4f5660"  # 7.2:1 on white
DONE = "#1a6b30"  # 6.5:1 on white
CURRENT_BG = "#fff1c2"
ERROR = "#a4161a"  # 7.3:1 on white

STYLE = f"""
QWidget {{ color: {TEXT}; }}
QPushButton {{
    min-height: 2.2em; padding: 4px 14px; border: 1px solid #6e7781; border-radius: 6px;
    background: #f6f8fa;
}}
QPushButton:hover {{ background: #eaeef2; }}
QPushButton:pressed {{ background: #d0d7de; }}
QPushButton:disabled {{ color: #6e7781; border-color: #afb8c1; }}
QPushButton#primary {{
    background: #0b4f9c; color: white; border-color: #0b4f9c; font-weight: bold;
}}
QPushButton#primary:disabled {{ background: #8c959f; border-color: #8c959f; }}
QPushButton:focus {{ border: 3px solid {FOCUS}; }}
QPushButton#primary:focus {{ border: 3px solid #ffbf47; }}
QCheckBox, QRadioButton {{
    min-height: 1.9em; spacing: 10px; padding: 0px 4px;
    border: 3px solid transparent; border-radius: 5px;
}}
QCheckBox::indicator, QRadioButton::indicator {{ width: 1.1em; height: 1.1em; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {FOCUS}; }}
QLineEdit, QPlainTextEdit, QDateTimeEdit, QComboBox {{
    border: 1px solid #6e7781; border-radius: 4px; padding: 3px; background: white;
}}
QLineEdit:disabled, QPlainTextEdit:disabled {{ background: #f0f2f4; color: #57606a; }}
QLineEdit:focus, QPlainTextEdit:focus, QDateTimeEdit:focus, QComboBox:focus {{
    border: 3px solid {FOCUS}; padding: 1px;
}}
QListView {{ border: 1px solid #6e7781; background: white; }}
QListView:focus {{ border: 3px solid {FOCUS}; }}
QListView::item {{ padding: 6px 4px; border-bottom: 1px solid #d8dee4; }}
QListView::item:selected {{ background: #cfe2ff; color: {TEXT}; }}
QGroupBox {{ font-weight: bold; border: 1px solid #afb8c1; border-radius: 6px;
    margin-top: 1.2em; padding-top: 0.4em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QTabBar::tab {{ min-height: 2em; padding: 4px 16px; }}
QTabBar::tab:selected {{ font-weight: bold; }}
QTabBar::tab:focus {{ border: 3px solid {FOCUS}; }}
QLabel#error {{ color: {ERROR}; font-weight: bold; }}
QLabel#muted {{ color: {MUTED}; }}
"""


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
    widget.setStyleSheet(STYLE)


def heading_font(scale: float = 1.35) -> QFont:
    """A bold font for headings, relative to the field font."""
    font = field_font(SCALE * scale)
    font.setBold(True)
    return font
