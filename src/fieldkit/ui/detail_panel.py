"""The detail panel: one flagged customer, with the escalation chain as a timeline."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from fieldkit.services.week import CustomerDetail
from fieldkit.ui import texts
from fieldkit.ui.week_model import STATUS_COLORS, WeekTableModel


def _yes_no(value: bool | None) -> str:
    if value is None:
        return QCoreApplication.translate("DetailPanel", "offen")
    return (
        QCoreApplication.translate("DetailPanel", "ja")
        if value
        else QCoreApplication.translate("DetailPanel", "nein")
    )


class DetailPanel(QScrollArea):
    """Shows a :class:`CustomerDetail`; read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(QCoreApplication.translate("DetailPanel", "Details zum Kunden"))
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(self.label.textFormat().RichText)
        self.label.setOpenExternalLinks(False)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.setWidget(inner)
        self.show_detail(None)

    def show_detail(self, detail: CustomerDetail | None) -> None:
        """Show one customer, or a hint when nothing is selected."""
        if detail is None:
            self.label.setText(
                "<p style='color:#555'>"
                + escape(QCoreApplication.translate("DetailPanel", "Bitte einen Kunden auswählen."))
                + "</p>"
            )
            return
        self.label.setText(self.render_html(detail))

    def render_html(self, d: CustomerDetail) -> str:
        """The panel's content as (escaped) rich text."""
        row = d.row
        bg, fg = STATUS_COLORS.get(row.status, ("#eee", "#333"))
        # lupdate does not look inside f-strings: every translated text is made outside them.
        number_label = QCoreApplication.translate("DetailPanel", "Kundennummer")
        team_label = QCoreApplication.translate("DetailPanel", "Team")
        chain_title = QCoreApplication.translate("DetailPanel", "Eskalationskette")
        parts = [
            f"<h2>{escape(d.nachname)}, {escape(d.vorname)}</h2>",
            f"<p><span style='background:{bg};color:{fg};padding:2px 6px'><b>"
            f"{escape(texts.status_label(row.status))}</b></span>"
            f"&nbsp; {escape(number_label)}: <b>{escape(row.kundennummer)}</b></p>",
            "<p>"
            + escape(row.strasse)
            + "<br>"
            + escape(f"{row.plz} {row.ort}")
            + (f"<br><i>{escape(d.adresszusatz)}</i>" if d.adresszusatz else "")
            + "</p>",
            "<table cellspacing='2'>",
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Geburtsdatum"),
                texts.fmt_date(d.geburtsdatum),
            ),
            self._tr_row(QCoreApplication.translate("DetailPanel", "Telefon"), d.telefon or "–"),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "HB"),
                f"{row.caseworker} ({team_label} {row.team})",
            ),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Langzeitarbeitslos"),
                _yes_no(d.langzeitarbeitslos),
            ),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Vorgemerkt am"),
                texts.fmt_datetime(d.flagged_at),
            ),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Termin zum Übergeben"),
                (texts.fmt_datetime(row.appointment_at) + ", " + d.appointment_place)
                if row.appointment_at
                else QCoreApplication.translate("DetailPanel", "noch keiner"),
            ),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Verortung"),
                texts.precision_label(row.placement)
                + (" ⚠" if WeekTableModel.problem(row, "precision") else ""),
            ),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Gebiet"),
                row.area or QCoreApplication.translate("DetailPanel", "keines ⚠"),
            ),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Sinnhaftigkeit"), d.sinnhaftigkeit or "–"
            ),
            self._tr_row(QCoreApplication.translate("DetailPanel", "Hinweise"), row.hints or "–"),
            self._tr_row(
                QCoreApplication.translate("DetailPanel", "Offene Mitwirkung"),
                ", ".join(d.open_cooperation) or QCoreApplication.translate("DetailPanel", "keine"),
            ),
            "</table>",
            f"<h3>{escape(chain_title)}</h3>",
            self._timeline(d),
        ]
        if d.reasons:
            title = QCoreApplication.translate("DetailPanel", "Prüfergebnis")
            parts.append(f"<h3>{escape(title)}</h3><ul>")
            for message in texts.reason_messages(d.reasons):
                parts.append(f"<li>{escape(message)}</li>")
            parts.append("</ul>")
        if d.override_reason:
            released = QCoreApplication.translate("DetailPanel", "Freigegeben")
            parts.append(
                f"<p><b>{escape(released)}</b> "
                f"{escape(d.override_by)}, {escape(texts.fmt_datetime(d.override_at))}: "
                f"{escape(d.override_reason)}</p>"
            )
        return "".join(parts)

    @staticmethod
    def _tr_row(label: str, value: str) -> str:
        return f"<tr><td style='color:#444'>{escape(label)}</td><td>{escape(value)}</td></tr>"

    def _timeline(self, d: CustomerDetail) -> str:
        done = {step.kind: step for step in d.chain}
        items = []
        for kind in ("invitation1", "invitation2", "call1", "call2"):
            step = done.get(kind)
            label = escape(texts.chain_label(kind))
            if step is None or step.when is None:
                missing = escape(self.tr("fehlt"))
                items.append(f"<li style='color:#8e1b15'>✗ {label}: {missing}</li>")
                continue
            when = (
                texts.fmt_datetime(step.when)
                if isinstance(step.when, datetime)
                else texts.fmt_date(step.when)
            )
            extra = ""
            if kind.startswith("invitation"):
                rfb = (
                    QCoreApplication.translate("DetailPanel", "mit RFB")
                    if step.with_rfb
                    else QCoreApplication.translate("DetailPanel", "ohne RFB")
                )
                came = (
                    QCoreApplication.translate("DetailPanel", "erschienen")
                    if step.attended
                    else QCoreApplication.translate("DetailPanel", "nicht erschienen")
                )
                extra = f" – {rfb}, {came}"
            items.append(f"<li>✓ {label}: {escape(when)}{escape(extra)}</li>")
        return "<ul>" + "".join(items) + "</ul>"
