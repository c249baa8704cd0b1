"""The results inbox: Verbis-Vermerke to copy, tasks, complex cases, hints for the E-Akte."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.ops import office as office_ops
from fieldkit.services import office_inbox as inbox
from fieldkit.ui import texts
from fieldkit.ui.office.widgets import (
    OfficeWindow,
    push_button,
    rows_table,
    selected_row,
    wrapped_label,
)
from fieldkit.ui.ops import Failure
from fieldkit.ui.rows_model import RowsModel
from fieldkit.ui.screen import fit_to_screen


def kind_label(kind: str) -> str:
    """The kind of an inbox item, translatable."""
    labels = {
        inbox.NOTE: QCoreApplication.translate("InboxWindow", "Verbis-Vermerk"),
        inbox.TASK: QCoreApplication.translate("InboxWindow", "Aufgabe"),
        inbox.TALK: QCoreApplication.translate("InboxWindow", "Gespräch (komplexer Fall)"),
        inbox.EAKTE: QCoreApplication.translate("InboxWindow", "Hinweis Leistungsabteilung"),
    }
    return labels.get(kind, kind)


def done_label(kind: str) -> str:
    """What 'done' means for the kind."""
    labels = {
        inbox.NOTE: QCoreApplication.translate("InboxWindow", "übertragen"),
        inbox.TASK: QCoreApplication.translate("InboxWindow", "erledigt"),
        inbox.TALK: QCoreApplication.translate("InboxWindow", "Gespräch geführt"),
        inbox.EAKTE: QCoreApplication.translate("InboxWindow", "über E-Akte weitergeleitet"),
    }
    return labels.get(kind, kind)


def outcome_label(outcome: str) -> str:
    """The visit's outcome in the users' words."""
    if outcome == "met":
        return QCoreApplication.translate("InboxWindow", "angetroffen")
    if outcome == "not_met":
        return QCoreApplication.translate("InboxWindow", "nicht angetroffen")
    return ""


class InboxModel(RowsModel):
    """The inbox items as a table."""

    rows: list[inbox.InboxItem]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("Art"), self.tr("Kunde"), self.tr("Kundennummer"), self.tr("Besuch"),
            self.tr("Ergebnis"), self.tr("Betreff"), self.tr("Status"),
        )  # fmt: skip

    def cell(self, item: inbox.InboxItem, column: int, role: int) -> Any:
        """Cell texts; open items' status in bold."""
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                label = kind_label(item.kind)
                return label + (" " + self.tr("(Korrektur)") if item.correction else "")
            if column == 1:
                return item.customer_name
            if column == 2:
                return item.kundennummer
            if column == 3:
                return texts.fmt_datetime(item.when)
            if column == 4:
                return outcome_label(item.outcome)
            if column == 5:
                return item.summary
            if item.done_at is None:
                return self.tr("offen")
            return done_label(item.kind) + " " + texts.fmt_datetime(item.done_at)
        if role == Qt.ItemDataRole.FontRole and column == 6 and item.done_at is None:
            font = QGuiApplication.font()
            font.setBold(True)
            return font
        return None


class InboxWindow(OfficeWindow):
    """The caseworker's results inbox; nothing disappears until it is marked done."""

    OBJECT_NAME = "office_inbox"

    def build(self) -> None:
        """Filters on top, the items on the left, the selected item's text on the right."""
        self.setWindowTitle(self.tr("Ergebnisse der Aufsuchenden Beratung"))
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("inbox_show")
        self.show_combo.setAccessibleName(self.tr("Anzeigen"))
        self.show_combo.addItem(self.tr("Offen"), inbox.OPEN)
        self.show_combo.addItem(self.tr("Erledigt"), inbox.DONE)
        self.show_combo.addItem(self.tr("Alle"), inbox.ALL)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("inbox_kind")
        self.kind_combo.setAccessibleName(self.tr("Art"))
        self.kind_combo.addItem(self.tr("Alle Arten"), "")
        for kind in inbox.KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        filters.addWidget(QLabel(self.tr("Anzeigen:")))
        filters.addWidget(self.show_combo)
        filters.addWidget(self.kind_combo)
        filters.addStretch(1)
        self.reload_button = push_button(self, self.tr("Aktualisieren"), "", self.reload)
        filters.addWidget(self.reload_button)
        layout.addLayout(filters)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.model = InboxModel(self)
        self.table = rows_table(self, "inbox_table", self.tr("Ergebnisse"), self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # The subject takes the spare width, not the status at the end.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.table)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        self.heading = wrapped_label(self, "inbox_heading", rich=True)
        side_layout.addWidget(self.heading)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("inbox_text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Text des Eintrags"))
        side_layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        self.copy_button = push_button(self, self.tr("Kopieren (Strg+C)"), "inbox_copy", self.copy)
        self.copy_button.setToolTip(self.tr("Text in die Zwischenablage (für VerBIS)"))
        self.done_button = push_button(
            self, self.tr("Als übertragen markieren"), "inbox_done", self.mark_done
        )
        self.reopen_button = push_button(
            self, self.tr("Wieder öffnen"), "inbox_reopen", self.reopen
        )
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.reopen_button)
        side_layout.addLayout(buttons)
        self.message = wrapped_label(self, "inbox_message")
        side_layout.addWidget(self.message)
        splitter.addWidget(side)
        splitter.setSizes([900, 380])
        layout.addWidget(splitter, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("inbox_count")
        layout.addWidget(self.count_label)

        copy_action = QAction(self)
        copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        copy_action.triggered.connect(self.copy)
        self.addAction(copy_action)
        self.show_combo.currentIndexChanged.connect(self.reload)
        self.kind_combo.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        fit_to_screen(self, 1320, 640)
        self.reload()

    def reload(self) -> None:
        """Read the inbox again, keeping the filters."""
        show = str(self.show_combo.currentData())
        kind = str(self.kind_combo.currentData() or "")
        with self.db.session() as session:
            items = inbox.list_items(session, self.identity, show)
            counts = inbox.open_counts(session, self.identity)
        if kind:
            items = [i for i in items if i.kind == kind]
        self.model.set_rows(items)
        self.count_label.setText(
            self.tr(
                "Offen – Verbis-Vermerke: %1 · Aufgaben: %2 · Gespräche: %3 · "
                "Hinweise an die Leistungsabteilung: %4"
            )
            .replace("%1", str(counts[inbox.NOTE]))
            .replace("%2", str(counts[inbox.TASK]))
            .replace("%3", str(counts[inbox.TALK]))
            .replace("%4", str(counts[inbox.EAKTE]))
        )
        if items:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> inbox.InboxItem | None:
        """The selected item, if any."""
        return selected_row(self.table, inbox.InboxItem)

    def _show_selected(self, *_args: object) -> None:
        item = self.selected()
        for button in (self.copy_button, self.done_button, self.reopen_button):
            button.setEnabled(item is not None)
        if item is None:
            self.heading.setText(self.tr("Keine Einträge in dieser Ansicht."))
            self.text.setPlainText("")
            return
        self.heading.setText(
            f"<b>{escape(kind_label(item.kind))}</b> – {escape(item.customer_name)} "
            f"({escape(item.kundennummer)})"
        )
        self.text.setPlainText(item.text)
        labels = {
            inbox.NOTE: self.tr("Als übertragen markieren"),
            inbox.TASK: self.tr("Als erledigt markieren"),
            inbox.TALK: self.tr("Gespräch geführt"),
            inbox.EAKTE: self.tr("Über E-Akte weitergeleitet"),
        }
        self.done_button.setText(labels[item.kind])
        self.done_button.setEnabled(not item.is_done)
        self.reopen_button.setEnabled(item.is_done)

    def copy(self) -> None:
        """Copy the selected item's text to the clipboard, ready to paste into VerBIS."""
        item = self.selected()
        if item is None:
            return
        QGuiApplication.clipboard().setText(item.text)
        self.message.setText(self.tr("In die Zwischenablage kopiert."))

    def mark_done(self) -> None:
        """Mark the selected item done; in the 'open' view it then leaves the list."""
        item = self.selected()
        if item is None:
            return
        done = self.runner.call(
            office_ops.mark_inbox_done, item.kind, item.ref_id, self.who(),
            on_failed=self._refused,
        )  # fmt: skip
        if done is None:
            return
        self.message.setText(
            self.tr("%1: %2.")
            .replace("%1", item.customer_name)
            .replace("%2", done_label(item.kind))
        )
        self.reload()

    def reopen(self) -> None:
        """Open a wrongly marked item again."""
        item = self.selected()
        if item is None:
            return
        done = self.runner.call(
            office_ops.reopen_inbox_item, item.kind, item.ref_id, on_failed=self._refused
        )
        if done is None:
            return
        self.message.setText(self.tr("Wieder offen."))
        self.reload()

    def _refused(self, failure: Failure) -> None:
        """A refused mark: its one sentence (nothing was written)."""
        self.message.setText(failure.sentence)
