"""The benefits outbox (Postausgang Leistungsabteilung): messages to hand over via the E-Akte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from fieldkit.app.ops import exports as export_ops
from fieldkit.services import office_outbox as outbox
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
from fieldkit.ui.safety import existing_folder, save_file_name


def kind_label(kind: str) -> str:
    """The kind of a message, translatable."""
    labels = {
        outbox.HINT: QCoreApplication.translate("OutboxWindow", "Hinweis aus dem Hausbesuch"),
        outbox.LIFT: QCoreApplication.translate(
            "OutboxWindow", "Aufhebung der Zahlungseinstellung"
        ),
        outbox.SUSPENSION: QCoreApplication.translate(
            "OutboxWindow", "Entscheidung Zahlungseinstellung"
        ),
    }
    return labels.get(kind, kind)


def state_label(row: outbox.OutboxRow) -> str:
    """'offen' or 'übergeben am … von …', translatable."""
    if row.handed_over_at is None:
        return QCoreApplication.translate("OutboxWindow", "offen")
    return (
        QCoreApplication.translate("OutboxWindow", "übergeben am %1 von %2")
        .replace("%1", texts.fmt_date(row.handed_over_at.date()))
        .replace("%2", row.handed_over_by)
    )


class OutboxModel(RowsModel):
    """The messages as a table."""

    rows: list[outbox.OutboxRow]

    def headers(self) -> tuple[str, ...]:
        """Column titles."""
        return (
            self.tr("Nr."), self.tr("Erstellt"), self.tr("Art"), self.tr("Kunde"),
            self.tr("BG-Nummer"), self.tr("Was"), self.tr("Status"),
        )  # fmt: skip

    def cell(self, row: outbox.OutboxRow, column: int, role: int) -> Any:
        """Cell texts; open messages' state in bold."""
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                row.short_id, texts.fmt_datetime(row.written_at), kind_label(row.kind),
                f"{row.customer_name} ({row.kundennummer})", row.bg_number, row.subject,
                state_label(row),
            )  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.FontRole and column == 6 and row.is_open:
            font = QGuiApplication.font()
            font.setBold(True)
            return font
        return None


class OutboxWindow(OfficeWindow):
    """Open messages first; hand over, print one PDF or export all open ones."""

    OBJECT_NAME = "office_outbox"

    def build(self) -> None:
        """Filter on top, the messages, the selected message's text and the actions."""
        self.setWindowTitle(self.tr("Postausgang Leistungsabteilung"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("outbox_show")
        self.show_combo.setAccessibleName(self.tr("Anzeigen"))
        self.show_combo.addItem(self.tr("Offen"), outbox.OPEN)
        self.show_combo.addItem(self.tr("Übergeben"), outbox.DONE)
        self.show_combo.addItem(self.tr("Alle"), outbox.ALL)
        top.addWidget(QLabel(self.tr("Anzeigen:")))
        top.addWidget(self.show_combo)
        top.addStretch(1)
        layout.addLayout(top)
        self.model = OutboxModel(self)
        self.table = rows_table(self, "outbox_table", self.tr("Mitteilungen"), self.model)
        layout.addWidget(self.table, 2)
        self.heading = wrapped_label(self, "outbox_heading")
        layout.addWidget(self.heading)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("outbox_text")
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Text der Mitteilung"))
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        self.handover_button = push_button(
            self, self.tr("Als übergeben markieren (E-Akte)"), "outbox_handover", self.hand_over
        )
        self.print_button = push_button(
            self, self.tr("Als PDF speichern …"), "outbox_print", self.ask_print
        )
        self.export_button = push_button(
            self, self.tr("Alle offenen exportieren …"), "outbox_export", self.ask_export
        )
        for button in (self.handover_button, self.print_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = wrapped_label(self, "outbox_message")
        layout.addWidget(self.message)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("outbox_count")
        layout.addWidget(self.count_label)
        self.show_combo.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.resize(1100, 600)
        self.reload()

    def reload(self) -> None:
        """Take in new hints from visits and read the outbox again."""
        # Taking in new hints writes: an operation, so the other back-office views follow.
        self.runner.call(export_ops.collect_hints, on_failed=self._refused)
        with self.db.session() as session:
            rows = outbox.list_messages(session, self.identity, str(self.show_combo.currentData()))
            counted = outbox.counts(session, self.identity)
        self.model.set_rows(rows)
        self.count_label.setText(
            self.tr("Offen: %1 · übergeben: %2")
            .replace("%1", str(sum(o for o, _ in counted.values())))
            .replace("%2", str(sum(h for _, h in counted.values())))
        )
        if rows:
            self.table.selectRow(0)
        self._show_selected()

    def selected(self) -> outbox.OutboxRow | None:
        """The selected message, if any."""
        return selected_row(self.table, outbox.OutboxRow)

    def _show_selected(self, *_args: object) -> None:
        row = self.selected()
        self.print_button.setEnabled(row is not None)
        self.handover_button.setEnabled(row is not None and row.is_open)
        if row is None:
            self.heading.setText(self.tr("Keine Mitteilungen in dieser Ansicht."))
            self.text.setPlainText("")
            return
        self.heading.setText(
            f"<b>{kind_label(row.kind)}</b> – "
            + self.tr("Nr. %1, BG %2, von %3: %4")
            .replace("%1", row.short_id)
            .replace("%2", row.bg_number or "–")
            .replace("%3", row.written_by or "–")
            .replace("%4", row.reason)
        )
        self.text.setPlainText(row.text)

    def hand_over(self) -> None:
        """Record that the selected message went to the benefits department (now, by me)."""
        row = self.selected()
        if row is None:
            return
        if (
            self.runner.call(export_ops.hand_over, [row.id], self.who(), on_failed=self._refused)
            is None
        ):
            return
        self.message.setText(self.tr("Mitteilung Nr. %1 übergeben.").replace("%1", row.short_id))
        self.reload()

    def _refused(self, failure: Failure) -> None:
        """The runner's one sentence: the hand-over or export was refused, nothing saved."""
        self.message.setText(failure.sentence)

    def ask_print(self) -> None:
        """Ask where to save the selected message as PDF."""
        row = self.selected()
        if row is None:
            return
        name = save_file_name(
            self, self.db, self.tr("Mitteilung speichern"), row.short_id + ".pdf", "PDF (*.pdf)"
        )
        if name:
            self.print_selected(Path(name))

    def print_selected(self, path: Path) -> Path | None:
        """Save the selected message as one PDF at ``path``."""
        from fieldkit.services.office_outbox_pdf import render_message

        row = self.selected()
        if row is None:
            return None
        try:
            render_message(row, path)
        except OSError:
            self.message.setText(self.tr("Die Datei konnte nicht geschrieben werden."))
            return None
        self.message.setText(self.tr("Gespeichert: %1").replace("%1", str(path)))
        return path

    def ask_export(self) -> None:
        """Ask for a folder and write one PDF per open message into it."""
        folder = existing_folder(self, self.db, self.tr("Ordner für die PDFs"))
        if folder:
            self.export_open(Path(folder))

    def export_open(self, folder: Path) -> list[Path]:
        """Write one PDF per open message into ``folder``."""
        # An operation (issue 19): each file is logged, so an open Protokoll window follows.
        done = self.runner.call(export_ops.export_outbox, folder, on_failed=self._refused)
        if done is None:
            return []
        files: list[Path] = done.value
        self.message.setText(
            self.tr("%1 PDF-Dateien gespeichert in %2")
            .replace("%1", str(len(files)))
            .replace("%2", str(folder))
        )
        return files
