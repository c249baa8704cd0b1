"""Contrast (issue 23, point 3): every colour the code paints text with meets 4.5:1, status is
never told by colour alone, and a dark / high-contrast system theme stays readable."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.services.office import UNRESTRICTED
from fieldkit.services.week import WeekRow
from fieldkit.ui.colours import MIN_TEXT_CONTRAST, contrast, is_dark
from fieldkit.ui.field import style
from fieldkit.ui.geo.map_view import MARKER_STYLES
from fieldkit.ui.planning.models import ROUTE_COLORS
from fieldkit.ui.week_model import STATUS_COLORS, WeekTableModel

BERLIN = ZoneInfo("Europe/Berlin")
UI = Path(__file__).resolve().parents[1] / "src" / "fieldkit" / "ui"
# "color: #abc" in a style sheet or HTML span (not "background-color").
TEXT_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


def test_the_ratio_is_wcag_s() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just too light
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    with pytest.raises(ValueError, match="not a colour"):
        contrast("kein", "#ffffff")


def text_colours_in_sources() -> list[tuple[str, str]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for colour in TEXT_COLOUR.findall(path.read_text(encoding="utf-8")):
            found.append((f"{path.relative_to(UI)}", colour))
    return found


def test_every_text_colour_in_a_style_sheet_is_readable_on_white() -> None:
    found = text_colours_in_sources()
    assert len(found) > 20  # the scan sees the style sheets (dialogs, panels, legends)
    weak = [f"{where}: {c}" for where, c in found if contrast(c, "#ffffff") < MIN_TEXT_CONTRAST]
    assert weak == []


@pytest.mark.parametrize("status", sorted(STATUS_COLORS))
def test_status_colours_of_the_week_table(status: str) -> None:
    ground, text = STATUS_COLORS[status]
    assert contrast(text, ground) >= MIN_TEXT_CONTRAST
    assert contrast(text, "#ffffff") >= MIN_TEXT_CONTRAST  # the text also outside the tint


@pytest.mark.parametrize("colour", [*ROUTE_COLORS, "#6b7280"])
def test_planning_text_colours(colour: str) -> None:
    assert contrast(colour, "#ffffff") >= MIN_TEXT_CONTRAST


@pytest.mark.parametrize("kind", sorted(MARKER_STYLES))
def test_map_marker_labels_are_readable_on_their_fill(kind: str) -> None:
    marker = MARKER_STYLES[kind]
    label = "#111827" if marker.shape == "triangle" else "#ffffff"  # as MarkerItem.paint draws
    assert contrast(label, marker.fill) >= MIN_TEXT_CONTRAST


def test_map_markers_differ_by_shape_or_symbol_not_only_colour() -> None:
    looks = {(m.shape, m.text) for m in MARKER_STYLES.values()}
    assert len(looks) == len(MARKER_STYLES)


@pytest.mark.parametrize("colours", [style.LIGHT, style.DARK], ids=["light", "dark"])
def test_field_mode_colours(colours: style.Colours) -> None:
    c = colours
    for text in (c.text, c.muted, c.done, c.error):
        for ground in (c.base, c.button, c.current_bg, c.selected_bg):
            assert contrast(text, ground) >= MIN_TEXT_CONTRAST, (text, ground)
    assert contrast(c.primary_text, c.primary_bg) >= MIN_TEXT_CONTRAST
    assert contrast(c.focus, c.base) >= 3.0  # a focus frame is a graphic: 3:1 (WCAG 1.4.11)
    assert contrast(c.primary_focus, c.primary_bg) >= 3.0


def dark_palette() -> QPalette:
    """A high-contrast theme like Windows' "Nachtschwarz": white and yellow on black."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#000000"),
        (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#000000"),
        (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.Button, "#000000"),
        (QPalette.ColorRole.ButtonText, "#ffff00"),
        (QPalette.ColorRole.Highlight, "#1aebff"),
        (QPalette.ColorRole.HighlightedText, "#000000"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def _row(status: str) -> WeekRow:
    return WeekRow(
        flag_id=uuid.uuid4(), kundennummer="962D000001", name="Muster, Erika",
        strasse="Hauptstr. 1", plz="74072", ort="Heilbronn", status=status, codes=(),
        caseworker="", team="", appointment_at=None, plannable=True, overridden=False,
        geo_precision="", hints="",
    )  # fmt: skip


def test_the_week_table_never_sets_a_ground_without_its_text_colour(qtbot: QtBot) -> None:
    """On any theme: a cell with a tint of its own also has its own (dark) text colour."""
    model = WeekTableModel()
    model.set_rows([_row(s) for s in ("eligible", "warning", "blocked")])
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column, QModelIndex())
            ground = index.data(Qt.ItemDataRole.BackgroundRole)
            if ground is None:
                continue
            text = index.data(Qt.ItemDataRole.ForegroundRole)
            assert text is not None, (row, model.COLUMNS[column])
            assert contrast(text.color(), ground.color()) >= MIN_TEXT_CONTRAST
        # The second cue: the status is written out, not only tinted.
        assert model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)


def test_a_dark_high_contrast_theme_is_followed_in_field_mode(qtbot: QtBot, tmp_path: Path) -> None:
    from fieldkit.services import field
    from fieldkit.store.db import open_database
    from fieldkit.ui.field.day import StopListModel
    from tests.test_field_service import build_day

    db = open_database(str(tmp_path / "dark.sqlite"))
    route_id = build_day(db)
    with db.session() as session:
        day = field.load_day(session, route_id, identity=UNRESTRICTED)
    field.set_stop_status(
        db,
        day.stops[0].stop_id,
        "done",
        datetime(2026, 12, 1, 9, tzinfo=BERLIN),
        identity=UNRESTRICTED,
    )
    with db.session() as session:
        day = field.load_day(session, route_id, identity=UNRESTRICTED)
    db.dispose()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QGuiApplication.palette()
    app.setPalette(dark_palette())
    try:
        assert is_dark()
        c = style.colours()
        assert c.text == "#ffffff"  # the theme's own text and ground
        assert c.base == "#000000"
        sheet = style.style_sheet(c)
        assert "#1f2328" not in sheet  # no dark text of the light theme on black
        assert "background: #ffffff" not in sheet
        model = StopListModel()
        model.set_day(day)
        ground = QColor(c.base)
        for row in range(model.rowCount()):
            index = model.index(row)
            tint = index.data(Qt.ItemDataRole.BackgroundRole)
            text = index.data(Qt.ItemDataRole.ForegroundRole)
            back = tint.color() if tint is not None else ground
            fore = text.color() if text is not None else QColor(c.text)
            assert contrast(fore, back) >= MIN_TEXT_CONTRAST, row
        assert model.index(0).data(Qt.ItemDataRole.ForegroundRole).color() == QColor(c.done)
        assert model.index(1).data(Qt.ItemDataRole.BackgroundRole) is not None  # current
    finally:
        app.setPalette(before)
    assert not is_dark()
