"""Reports for team leads: charts and a table per week, area and worker; XLSX/PDF export."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.ops import exports as export_ops
from fieldkit.domain.permissions import PermissionDenied
from fieldkit.domain.week import BERLIN, IsoWeek
from fieldkit.services import office_hamburg as hh
from fieldkit.services import office_report_figures as office_figures
from fieldkit.services import office_reports as reports
from fieldkit.services import sync_runs
from fieldkit.services.office_hamburg_review import talk_table_de
from fieldkit.ui.office.widgets import OfficeWindow, push_button, wrapped_label
from fieldkit.ui.ops import Failure
from fieldkit.ui.safety import save_file_name
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.texts import week_label

_Index = QModelIndex | QPersistentModelIndex


class ReportModel(QAbstractTableModel):
    """Report rows as a table: group columns, then every metric."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[reports.ReportRow] = []
        self.total: reports.ReportRow | None = None
        self.by = "week"

    def set_rows(self, rows: list[reports.ReportRow], by: str = "week") -> None:
        """Replace the rows grouped ``by`` week/area/worker/all; a total line is appended."""
        self.beginResetModel()
        self.rows = rows
        self.by = by
        totals = reports.group(rows, "total")
        self.total = totals[0] if totals else None
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Rows (with the total line)."""
        if parent.isValid():
            return 0
        return len(self.rows) + (1 if self.total is not None else 0)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Columns."""
        return 0 if parent.isValid() else 3 + len(reports.METRICS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        first = {"area": self.tr("Gebiet"), "worker": self.tr("AB")}.get(self.by, self.tr("KW"))
        titles = [
            first, self.tr("Gebiet"), self.tr("AB"), self.tr("vor-\ngemerkt"),
            self.tr("besucht"), self.tr("ange-\ntroffen"), self.tr("nicht\nangetroffen"),
            self.tr("Einladung\nübergeben"), self.tr("Einladung\neingeworfen"),
            self.tr("Kunden-\nPakete"), self.tr("zum Termin\nerschienen"),
            self.tr("nicht\nerschienen"), self.tr("Zahlungseinst.\nvorgeschlagen"),
            self.tr("Zahlungseinst.\nveranlasst"),
        ]  # fmt: skip
        return titles[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell texts; numbers right-aligned; the total line bold."""
        if not index.isValid():
            return None
        is_total = index.row() >= len(self.rows)
        row = self.total if is_total else self.rows[index.row()]
        assert row is not None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column >= 3:
                return row.values()[column - 3]
            if is_total:
                return self.tr("gesamt") if column == 0 else ""
            if column == 0:
                if self.by == "area":
                    return row.area
                if self.by == "worker":
                    return row.worker
                return week_label(row.week)
            if column == 1:
                return row.area
            if column == 2:
                return row.worker
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_total:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class ReportWindow(OfficeWindow):
    """What a team lead wants to see: per week, area and worker, as charts and a table."""

    OBJECT_NAME = "office_reports"

    def build(self) -> None:
        """Period and grouping on top, the charts, then the table."""
        self.setWindowTitle(self.tr("Berichte der Aufsuchenden Beratung"))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Von:")))
        self.first = QComboBox(self)
        self.first.setObjectName("report_first")
        self.first.setAccessibleName(self.tr("Erste Woche"))
        bar.addWidget(self.first)
        bar.addWidget(QLabel(self.tr("bis:")))
        self.last = QComboBox(self)
        self.last.setObjectName("report_last")
        self.last.setAccessibleName(self.tr("Letzte Woche"))
        bar.addWidget(self.last)
        bar.addWidget(QLabel(self.tr("Gliedern nach:")))
        self.by = QComboBox(self)
        self.by.setObjectName("report_by")
        self.by.setAccessibleName(self.tr("Gliedern nach"))
        self.by.addItem(self.tr("Woche"), "week")
        self.by.addItem(self.tr("Gebiet"), "area")
        self.by.addItem(self.tr("AB"), "worker")
        self.by.addItem(self.tr("Woche, Gebiet und AB"), "all")
        bar.addWidget(self.by)
        bar.addStretch(1)
        self.xlsx_button = push_button(
            self, self.tr("Als Excel …"), "report_xlsx", lambda: self.export("xlsx")
        )
        self.pdf_button = push_button(
            self, self.tr("Als PDF …"), "report_pdf", lambda: self.export("pdf")
        )
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)
        layout.addLayout(bar)

        self.summary = wrapped_label(self, "report_summary")
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        charts = QWidget(self)
        charts_layout = QHBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        self.visits_chart = QChartView(self)
        self.visits_chart.setObjectName("report_chart_visits")
        self.visits_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.visits_chart.setMinimumHeight(260)
        self.followup_chart = QChartView(self)
        self.followup_chart.setObjectName("report_chart_followup")
        self.followup_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.visits_empty = wrapped_label(self, "report_chart_visits_empty")
        self.followup_empty = wrapped_label(self, "report_chart_followup_empty")
        for view, empty in (
            (self.visits_chart, self.visits_empty),
            (self.followup_chart, self.followup_empty),
        ):
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            charts_layout.addWidget(view, 1)
            charts_layout.addWidget(empty, 1)
        splitter.addWidget(charts)
        self.model = ReportModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setObjectName("report_table")
        self.table.setAccessibleName(self.tr("Berichtstabelle"))
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.table)
        self.sync_table = self._sync_table()
        splitter.addWidget(self.sync_table)
        splitter.setSizes([300, 300, 120])
        layout.addWidget(splitter, 1)
        self.message = QLabel(self)
        self.message.setObjectName("report_message")
        layout.addWidget(self.message)

        self._fill_weeks()
        for combo in (self.first, self.last, self.by):
            combo.currentIndexChanged.connect(self.reload)
        fit_to_screen(self, 1250, 780)
        self.reload()

    def _sync_table(self) -> QTableWidget:
        """The laptops' syncs (issue 15): last sync, records up and down, conflicts."""
        table = QTableWidget(0, 8, self)
        table.setObjectName("report_sync_runs")
        table.setAccessibleName(self.tr("Synchronisierungen der Laptops"))
        table.setTabKeyNavigation(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setHorizontalHeaderLabels(
            [
                self.tr("Laptop"),
                self.tr("AB"),
                self.tr("Letzte Synchronisierung"),
                self.tr("Läufe"),
                self.tr("Hochgeladen"),
                self.tr("Heruntergeladen"),
                self.tr("Konflikte"),
                self.tr("Gesperrt"),
            ]
        )
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _fill_syncs(self) -> None:
        """One line per laptop; hidden for a role that may not see the figures."""
        first, _last = self._weeks()
        since = (
            datetime.combine(IsoWeek.parse(first).monday(), datetime.min.time(), BERLIN)
            if first
            else None
        )
        try:
            with self.db.session() as session:
                rows = sync_runs.laptop_syncs(session, self.identity, since)
        except PermissionDenied:
            self.sync_table.setVisible(False)
            return
        self.sync_table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            when = row.last_sync.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
            revoked = self.tr("ja") if row.revoked else ""
            cells = (row.device, row.worker, when, row.runs, row.pushed, row.pulled)
            for j, value in enumerate((*cells, row.conflicts, revoked)):
                self.sync_table.setItem(i, j, QTableWidgetItem(str(value)))

    def _fill_weeks(self) -> None:
        with self.db.session() as session:
            weeks = reports.week_range(session, self.identity)
        for combo in (self.first, self.last):
            combo.blockSignals(True)
            combo.clear()
            for week in weeks:
                combo.addItem(week_label(week), week)
            combo.blockSignals(False)
        # The last eight weeks by default: what a team lead looks at on Monday.
        self.first.setCurrentIndex(max(0, len(weeks) - 8))
        self.last.setCurrentIndex(len(weeks) - 1)

    def rows(self) -> list[reports.ReportRow]:
        """The report's rows as filtered and grouped now."""
        with self.db.session() as session:
            rows = reports.report(
                session,
                self.identity,
                str(self.first.currentData() or ""),
                str(self.last.currentData() or ""),
            )
        by = str(self.by.currentData())
        return rows if by == "all" else reports.group(rows, by)

    def _show_group_columns(self) -> None:
        # Column 0 names the group; area and worker columns only in the full breakdown.
        full = self.by.currentData() == "all"
        self.table.setColumnHidden(1, not full)
        self.table.setColumnHidden(2, not full)

    def reload(self) -> None:
        """Recompute table and charts."""
        rows = self.rows()
        self.model.set_rows(rows, str(self.by.currentData()))
        self._show_group_columns()
        weeks = reports.group(rows, "week")
        self._show_summary()
        self._fill_syncs()
        self._set_chart(
            self.visits_chart,
            self.visits_empty,
            self.tr("Besuche je Woche"),
            weeks,
            (
                (self.tr("vorgemerkt"), "flagged", "#90a4ae"),
                (self.tr("angetroffen"), "met", "#2e7d32"),
                (self.tr("nicht angetroffen"), "not_met", "#c62828"),
                (self.tr("Kunden-Pakete"), "packages", "#8d6e63"),
            ),
        )
        self._set_chart(
            self.followup_chart,
            self.followup_empty,
            self.tr("Nach dem Besuch: Termin und Zahlungseinstellung"),
            weeks,
            (
                (self.tr("zum Termin erschienen"), "came", "#1565c0"),
                (self.tr("nicht erschienen"), "missed", "#6a1b9a"),
                (self.tr("Einst. vorgeschlagen"), "suspensions_proposed", "#ef6c00"),
                (self.tr("Einst. veranlasst"), "suspended", "#5d4037"),
            ),
        )

    def _show_summary(self) -> None:
        total = self.model.total
        if total is None:
            self.summary.setText(self.tr("Für diesen Zeitraum liegen keine Vormerkungen vor."))
        else:
            self.summary.setText(
                self.tr(
                    "%1 vorgemerkt, %2 besucht, davon %3 angetroffen (%4). %5 kamen danach zum "
                    "Termin, %6 nicht; %7 Zahlungseinstellungen vorgeschlagen."
                )
                .replace("%1", str(total.flagged))
                .replace("%2", str(total.visited))
                .replace("%3", str(total.met))
                .replace("%4", reports.rate(total.met, total.visited))
                .replace("%5", str(total.came))
                .replace("%6", str(total.missed))
                .replace("%7", str(total.suspensions_proposed))
            )
        with self.db.session() as session:
            figures = office_figures.desk_figures(session, self.identity, *self._weeks())
            hidden = office_figures.hidden_customers(session, self.identity)
        self.summary.setText(
            self.summary.text()
            + " "
            + self.tr(
                "Eingangszone: %1 Gespräche, %2 Rückrufe, %3 Aufhebungen vorgemerkt. "
                "Postausgang: %4 offen, %5 übergeben."
            )
            .replace("%1", str(figures.desk_talks))
            .replace("%2", str(figures.callbacks))
            .replace("%3", str(figures.lift_notes))
            .replace("%4", str(figures.outbox_open))
            .replace("%5", str(figures.outbox_handed_over))
            + " "
            + self.tr("Rückrufgespräche: %1, HB-Termine aus Rückrufen: %2.")
            .replace("%1", str(figures.callback_talks))
            .replace("%2", str(figures.callback_appointments))
        )
        self.filter_note = ""
        if hidden and self.identity.team_lead and self.identity.team:
            self.filter_note = (
                self.tr("Gefiltert auf Team %1: %2 Kunden anderer Teams sind nicht enthalten.")
                .replace("%1", self.identity.team)
                .replace("%2", str(hidden))
            )
        elif hidden:
            self.filter_note = self.tr(
                "Nur Ihre eigenen Kunden: %1 weitere sind nicht enthalten."
            ).replace("%1", str(hidden))
        if self.filter_note:
            self.summary.setText(self.summary.text() + "\n" + self.filter_note)
        if self.rules.hamburg_rules:
            self.summary.setText(self.summary.text() + "\n" + self._hamburg_line())

    def talk_figures(self) -> list[hh.TalkFigures]:
        """The talks in the weeks shown, per caseworker of this view (Hamburg rules)."""
        first, last = self._weeks()
        start = IsoWeek.parse(first).monday() if first else date(2000, 1, 1)
        end = IsoWeek.parse(last).monday() + timedelta(days=6) if last else start
        with self.db.session() as session:
            return hh.talk_figures(session, self.identity, start, end, self.rules)

    def _hamburg_line(self) -> str:
        """Talks per full-time post and week against 20, share in presence against 80 %."""
        per_post, presence = hh.team_summary(self.talk_figures())
        return (
            self.tr(
                "Beratungsgespräche je Vollzeitstelle und Woche: %1 (Ziel %2); in Präsenz: "
                "%3 (Ziel %4 %)"
            )
            .replace("%1", f"{per_post:.1f}".replace(".", ","))
            .replace("%2", str(hh.TALKS_PER_POST_WEEK))
            .replace("%3", f"{presence} %" if presence is not None else "–")
            .replace("%4", str(hh.PRESENCE_TARGET_PERCENT))
        )

    def _weeks(self) -> tuple[str, str]:
        return str(self.first.currentData() or ""), str(self.last.currentData() or "")

    def _set_chart(
        self,
        view: QChartView,
        empty: QLabel,
        title: str,
        weeks: list[reports.ReportRow],
        sets: tuple[tuple[str, str, str], ...],
    ) -> None:
        """The chart, or a sentence instead of a chart whose bars would all be zero."""
        nothing = not any(int(getattr(w, attr)) for w in weeks for _, attr, _ in sets)
        view.setVisible(not nothing)
        empty.setVisible(nothing)
        empty.setText(
            self.tr("%1: in diesem Zeitraum nichts zu zeigen.").replace("%1", title)
            if nothing
            else ""
        )
        view.setChart(self._chart(title, weeks, sets))

    def _chart(
        self,
        title: str,
        weeks: list[reports.ReportRow],
        sets: tuple[tuple[str, str, str], ...],
    ) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        series = QBarSeries()
        top = 0
        for label, attr, color in sets:
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(color))
            for w in weeks:
                value = int(getattr(w, attr))
                bar_set.append(value)
                top = max(top, value)
            series.append(bar_set)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([week_label(w.week) for w in weeks] or [self.tr("keine Daten")])
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        # Whole numbers on nice steps (1, 2, 5, 10 …): never 0, 2, 4, 6, 8, 11.
        highest, step = reports.nice_axis(top)
        axis_y.setRange(0, highest)
        axis_y.setLabelFormat("%d")
        axis_y.setTickCount(highest // step + 1)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    def _export_failed(self, failure: Failure) -> None:
        if isinstance(failure.exc, OSError):
            self.message.setText(self.tr("Der Bericht kann dort nicht gespeichert werden."))
        else:
            self.message.setText(failure.sentence)

    def export(self, kind: str, path: Path | None = None) -> Path | None:
        """Export the rows shown as XLSX or PDF (asks where unless ``path`` is given)."""
        if path is None:
            suffix = ".xlsx" if kind == "xlsx" else ".pdf"
            pattern = (
                self.tr("Excel-Dateien (*.xlsx)")
                if kind == "xlsx"
                else self.tr("PDF-Dateien (*.pdf)")
            )
            name = save_file_name(
                self, self.db, self.tr("Bericht speichern"),
                f"Bericht_Aufsuchende_Beratung{suffix}", pattern,
            )  # fmt: skip
            if not name:
                return None
            path = Path(name)
        title = (
            self.tr("Aufsuchende Beratung: %1 bis %2")
            .replace("%1", self.first.currentText())
            .replace("%2", self.last.currentText())
        )
        rows = self.rows()
        with self.db.session() as session:
            figures = office_figures.desk_figures(session, self.identity, *self._weeks())
            hidden = office_figures.hidden_customers(session, self.identity)
        # The documents stay German, like the job centre's other papers.
        note = office_figures.filter_note_de(self.identity, hidden)
        talks = talk_table_de(self.talk_figures()) if self.rules.hamburg_rules else []
        # An operation (issue 19): the export is logged, so an open Protokoll window follows.
        done = self.runner.call(
            export_ops.export_report, kind, rows, path, title, note, figures.lines_de(), talks,
            on_failed=self._export_failed,
        )  # fmt: skip
        if done is None:
            return None
        self.message.setText(self.tr("Bericht gespeichert: %1").replace("%1", str(path)))
        return path
