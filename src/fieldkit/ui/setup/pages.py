"""The pages of the *Einrichtung* window (and of the first-start wizard).

Each page edits its part of one :class:`~fieldkit.domain.setup.OfficeSetup` in place:
``load(setup)`` shows it, every edit lands in it at once and emits ``changed``;
``field_problems()`` lists what no field may hold; ``show_problems`` marks the fields that
the setup check names (``SetupProblem.where``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.domain.setup import (
    WEEKDAYS,
    AreaInfo,
    BranchInfo,
    CaseworkerInfo,
    OfficeInfo,
    OfficeSetup,
    SetupProblem,
    TeamInfo,
    WorkerInfo,
)
from fieldkit.services.database import Database
from fieldkit.services.geocoding import gazetteer
from fieldkit.ui.geo.area_editor import AreaDraft, AreaEditor
from fieldkit.ui.safety import open_file_name
from fieldkit.ui.setup.fields import RecordEditor, Spec, field_problem, mark, multiline


def federal_states() -> list[tuple[str, str]]:
    """(code, name) of the 16 federal states, in the UI language."""
    return [
        ("BW", QCoreApplication.translate("setup", "Baden-Württemberg")),
        ("BY", QCoreApplication.translate("setup", "Bayern")),
        ("BE", QCoreApplication.translate("setup", "Berlin")),
        ("BB", QCoreApplication.translate("setup", "Brandenburg")),
        ("HB", QCoreApplication.translate("setup", "Bremen")),
        ("HH", QCoreApplication.translate("setup", "Hamburg")),
        ("HE", QCoreApplication.translate("setup", "Hessen")),
        ("MV", QCoreApplication.translate("setup", "Mecklenburg-Vorpommern")),
        ("NI", QCoreApplication.translate("setup", "Niedersachsen")),
        ("NW", QCoreApplication.translate("setup", "Nordrhein-Westfalen")),
        ("RP", QCoreApplication.translate("setup", "Rheinland-Pfalz")),
        ("SL", QCoreApplication.translate("setup", "Saarland")),
        ("SN", QCoreApplication.translate("setup", "Sachsen")),
        ("ST", QCoreApplication.translate("setup", "Sachsen-Anhalt")),
        ("SH", QCoreApplication.translate("setup", "Schleswig-Holstein")),
        ("TH", QCoreApplication.translate("setup", "Thüringen")),
    ]


def readable_image(path: str) -> bool:
    """True for an existing image file Qt can read (never raises on odd names)."""
    if not path or len(path) > 500 or not path.isprintable():
        return False
    try:
        return Path(path).is_file() and QImageReader(path).canRead()
    except (OSError, ValueError):
        return False


def empty_office() -> OfficeInfo:
    """An office with nothing filled in yet (Baden-Württemberg preselected)."""
    return OfficeInfo(name="", street="", postcode="", city="", phone="", state="BW")


def _records_problems(editor: RecordEditor) -> list[SetupProblem]:
    found = []
    for index, record in enumerate(editor.records):
        for spec in editor.specs:
            value = getattr(record, spec.key)
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, str):
                    problem = field_problem(editor.table, index, spec.key, spec.label, item)
                    if problem:
                        found.append(problem)
                        break
    return found


class Page(QWidget):
    """A page: its tables, ``load``, ``changed`` and the marking of problems."""

    changed = Signal()
    removed = Signal(str, str)  # table, name
    tables: tuple[str, ...] = ()

    def title(self) -> str:
        raise NotImplementedError

    def load(self, setup: OfficeSetup) -> None:
        raise NotImplementedError

    def field_problems(self) -> list[SetupProblem]:
        return []

    def field_labels(self) -> dict[tuple[str, str], str]:
        """The label of each field by (table, key): sentences name fields by them."""
        return {}

    def show_problems(self, problems: Sequence[SetupProblem], lang: str) -> None:
        raise NotImplementedError


class OfficePage(Page):
    """Dienststelle: the sender of the letters, letterhead, opening hours, state and logo."""

    tables = ("office",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = empty_office()
        self._loading = False
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, str] = {}
        for key, label, hint in (
            (
                "name",
                QCoreApplication.translate("setup", "Name der Dienststelle"),
                QCoreApplication.translate("setup", "z. B. Jobcenter Landkreis Heilbronn"),
            ),
            ("street", QCoreApplication.translate("setup", "Straße und Hausnummer"), ""),
            (
                "postcode",
                QCoreApplication.translate("setup", "Postleitzahl"),
                QCoreApplication.translate("setup", "fünf Ziffern"),
            ),
            ("city", QCoreApplication.translate("setup", "Ort"), ""),
            ("phone", QCoreApplication.translate("setup", "Telefon"), ""),
            ("email", QCoreApplication.translate("setup", "E-Mail (freiwillig)"), ""),
        ):
            self._line(form, key, label, hint)
        self.state_combo = QComboBox(self)
        for code, name in federal_states():
            self.state_combo.addItem(f"{name} ({code})", code)
        self.state_combo.currentIndexChanged.connect(self._on_state)
        self._add(
            form, "state", QCoreApplication.translate("setup", "Bundesland"), self.state_combo
        )
        self._line(
            form,
            "opening_hours",
            QCoreApplication.translate("setup", "Öffnungszeiten"),
            QCoreApplication.translate("setup", "z. B. Mo–Fr 08:00–12:00"),
        ).setToolTip(QCoreApplication.translate("setup", "Werden auf die Schreiben gedruckt."))
        self._line(
            form,
            "flag_cutoff",
            QCoreApplication.translate("setup", "Vormerkschluss"),
            QCoreApplication.translate("setup", "z. B. Do 16:00"),
        )
        self.letterhead = multiline(self)
        self.letterhead.textChanged.connect(self._on_letterhead)
        self._add(
            form,
            "letterhead",
            QCoreApplication.translate("setup", "Briefkopf-Text"),
            self.letterhead,
        )
        logo_row = QHBoxLayout()
        self.logo_edit = QLineEdit(self)
        self.logo_edit.setPlaceholderText(
            QCoreApplication.translate("setup", "PNG- oder JPG-Datei (freiwillig)")
        )
        self.logo_edit.textEdited.connect(lambda t: self._edited("logo_path", t))
        pick = QPushButton(QCoreApplication.translate("setup", "Bild &wählen …"), self)
        pick.setObjectName("office_logo_pick")
        pick.clicked.connect(self.choose_logo)
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(pick)
        self.fields["logo_path"] = self.logo_edit
        self.labels["logo_path"] = QCoreApplication.translate("setup", "Logo")
        self.logo_edit.setObjectName("office_logo_path")
        self.logo_edit.setAccessibleName(QCoreApplication.translate("setup", "Logo"))
        form.addRow(QCoreApplication.translate("setup", "Logo") + ":", logo_row)
        self.preview = QLabel(self)
        self.preview.setObjectName("office_logo_preview")
        self.preview.setFixedSize(200, 70)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("", self.preview)

    def title(self) -> str:
        return QCoreApplication.translate("setup", "Dienststelle")

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        widget.setObjectName(f"office_{key}")
        widget.setAccessibleName(label)
        self.fields[key] = widget
        self.labels[key] = label
        form.addRow(label + ":", widget)

    def _line(self, form: QFormLayout, key: str, label: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(hint)
        edit.textEdited.connect(lambda t: self._edited(key, t))
        self._add(form, key, label, edit)
        return edit

    def load(self, setup: OfficeSetup) -> None:
        if setup.office is None:
            setup.office = empty_office()
        self.office = setup.office
        self._loading = True
        for key, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.setText(str(getattr(self.office, key)))
        index = self.state_combo.findData(self.office.state)
        self.state_combo.setCurrentIndex(max(index, 0))
        self.letterhead.setPlainText(self.office.letterhead)
        self._loading = False
        self._on_state()
        self._show_logo()

    def _edited(self, key: str, value: str) -> None:
        if self._loading:
            return
        setattr(self.office, key, value)
        if key == "logo_path":
            self._show_logo()
        self.changed.emit()

    def _on_state(self) -> None:
        self._edited("state", str(self.state_combo.currentData() or ""))

    def _on_letterhead(self) -> None:
        self._edited("letterhead", self.letterhead.toPlainText())

    def choose_logo(self) -> None:
        path = open_file_name(
            self,
            None,
            QCoreApplication.translate("setup", "Logo wählen"),
            QCoreApplication.translate("setup", "Bilder (*.png *.jpg *.jpeg);;Alle Dateien (*)"),
        )
        if path:
            self.logo_edit.setText(path)
            self._edited("logo_path", path)

    def _show_logo(self) -> None:
        path = self.office.logo_path.strip()
        image = QPixmap(path) if readable_image(path) else QPixmap()
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText(
                QCoreApplication.translate("setup", "(kein Logo)") if not path else ""
            )
        else:
            self.preview.setPixmap(
                image.scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def field_problems(self) -> list[SetupProblem]:
        found = []
        for key, label in self.labels.items():
            value = getattr(self.office, key)
            problem = field_problem("office", None, key, label, value)
            if problem:
                found.append(problem)
        logo = self.office.logo_path.strip()
        if logo and not found and not readable_image(logo):
            found.append(
                SetupProblem(
                    "logo",
                    QCoreApplication.translate(
                        "setup", "Die Logodatei lässt sich nicht als Bild (PNG oder JPG) lesen."
                    ),
                    "The logo file cannot be read as an image (PNG or JPG).",
                    ("office", None, "logo_path"),
                )
            )
        return found

    def field_labels(self) -> dict[tuple[str, str], str]:
        return {("office", key): label for key, label in self.labels.items()}

    def show_problems(self, problems: Sequence[SetupProblem], lang: str) -> None:
        by_key: dict[str, str] = {}
        for problem in problems:
            by_key.setdefault(problem.where[2] or "", problem.text(lang))
        for key, widget in self.fields.items():
            mark(widget, by_key.get(key, ""))


class RecordsPage(Page):
    """A page of one or two record lists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, RecordEditor] = {}
        self.setup = OfficeSetup()
        self.layout_ = QVBoxLayout(self)

    def _editor(
        self, title: str, table: str, specs: list[Spec], factory: Any, stretch: int = 1
    ) -> RecordEditor:
        editor = RecordEditor(title, table, specs, factory, self)
        editor.changed.connect(self._changed)
        editor.removed.connect(lambda name: self.removed.emit(table, name))
        self.editors[table] = editor
        self.layout_.addWidget(editor, stretch)
        return editor

    def field_labels(self) -> dict[tuple[str, str], str]:
        return {
            (table, spec.key): spec.label
            for table, editor in self.editors.items()
            for spec in editor.specs
        }

    def _changed(self) -> None:
        for editor in self.editors.values():
            if editor is not self.sender():
                editor.refresh_options()
        self.changed.emit()

    def load(self, setup: OfficeSetup) -> None:
        self.setup = setup
        for table, editor in self.editors.items():
            editor.set_records(getattr(setup, table))

    def refresh_options(self) -> None:
        for editor in self.editors.values():
            editor.refresh_options()

    def field_problems(self) -> list[SetupProblem]:
        return [p for editor in self.editors.values() for p in _records_problems(editor)]

    def show_problems(self, problems: Sequence[SetupProblem], lang: str) -> None:
        for table, editor in self.editors.items():
            editor.show_problems([p for p in problems if p.where[0] == table], lang)


def _new_name(records: list[Any], key: str, stem: str) -> str:
    taken = {getattr(r, key) for r in records}
    number = len(records) + 1
    while f"{stem} {number}" in taken:
        number += 1
    return f"{stem} {number}"


class BranchesPage(RecordsPage):
    """Standorte: the places where customers are invited (``termin_ort``)."""

    tables = ("branches",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor(
            QCoreApplication.translate("setup", "Standorte (Orte der Termine)"),
            "branches",
            [
                Spec(
                    "name",
                    QCoreApplication.translate("setup", "Name"),
                    placeholder=QCoreApplication.translate(
                        "setup", "wie im termin_ort der Vormerkliste"
                    ),
                ),
                Spec("street", QCoreApplication.translate("setup", "Straße und Hausnummer")),
                Spec("postcode", QCoreApplication.translate("setup", "Postleitzahl")),
                Spec("city", QCoreApplication.translate("setup", "Ort")),
                Spec("phone", QCoreApplication.translate("setup", "Telefon (freiwillig)")),
            ],
            lambda rs: BranchInfo(
                _new_name(rs, "name", QCoreApplication.translate("setup", "Standort")), "", "", ""
            ),
        )

    def title(self) -> str:
        return QCoreApplication.translate("setup", "Standorte")


class StaffPage(RecordsPage):
    """Teams und Fachkräfte: the teams with their lead and the caseworkers (HB / IFK)."""

    tables = ("teams", "caseworkers")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor(
            QCoreApplication.translate("setup", "Teams"),
            "teams",
            [
                Spec(
                    "number",
                    QCoreApplication.translate("setup", "Teamnummer"),
                    placeholder=QCoreApplication.translate("setup", "z. B. 521"),
                ),
                Spec(
                    "lead",
                    QCoreApplication.translate("setup", "Teamleitung"),
                    "choice",
                    self._caseworkers,
                ),
            ],
            lambda rs: TeamInfo(
                _new_name(rs, "number", QCoreApplication.translate("setup", "Team"))
            ),
        )
        self._editor(
            QCoreApplication.translate("setup", "Fachkräfte (HB / IFK)"),
            "caseworkers",
            [
                Spec(
                    "name",
                    QCoreApplication.translate("setup", "Name"),
                    placeholder=QCoreApplication.translate("setup", "wie in der Vormerkliste"),
                ),
                Spec("team", QCoreApplication.translate("setup", "Team"), "choice", self._teams),
                Spec(
                    "branch",
                    QCoreApplication.translate("setup", "Standort"),
                    "choice",
                    self._branches,
                ),
                Spec("phone", QCoreApplication.translate("setup", "Telefon")),
                Spec("email", QCoreApplication.translate("setup", "E-Mail")),
            ],
            lambda rs: CaseworkerInfo(
                _new_name(rs, "name", QCoreApplication.translate("setup", "Fachkraft")), ""
            ),
            stretch=2,
        )

    def title(self) -> str:
        return QCoreApplication.translate("setup", "Teams und Fachkräfte")

    def _caseworkers(self) -> list[str]:
        return [c.name for c in self.setup.caseworkers]

    def _teams(self) -> list[str]:
        return [t.number for t in self.setup.teams]

    def _branches(self) -> list[str]:
        return [b.name for b in self.setup.branches]


class WorkersPage(RecordsPage):
    """Außendienst: the outreach workers with their days, hours, break, start and areas."""

    tables = ("outreach_workers",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor(
            QCoreApplication.translate("setup", "Fachkräfte der Aufsuchenden Beratung"),
            "outreach_workers",
            [
                Spec("name", QCoreApplication.translate("setup", "Name")),
                Spec("days", QCoreApplication.translate("setup", "Arbeitstage"), "days"),
                Spec(
                    "start",
                    QCoreApplication.translate("setup", "Beginn"),
                    placeholder=QCoreApplication.translate("setup", "HH:MM, z. B. 08:00"),
                ),
                Spec(
                    "end",
                    QCoreApplication.translate("setup", "Ende"),
                    placeholder=QCoreApplication.translate("setup", "HH:MM, z. B. 16:00"),
                ),
                Spec("break_minutes", QCoreApplication.translate("setup", "Pause"), "minutes"),
                Spec(
                    "start_address",
                    QCoreApplication.translate("setup", "Startadresse"),
                    placeholder=QCoreApplication.translate("setup", "leer = die Dienststelle"),
                ),
                Spec(
                    "areas",
                    QCoreApplication.translate("setup", "Gebiete"),
                    "checklist",
                    self._areas,
                ),
            ],
            lambda rs: WorkerInfo(
                _new_name(rs, "name", QCoreApplication.translate("setup", "Fachkraft")),
                list(WEEKDAYS[:5]),
                "08:00",
                "16:00",
            ),
        )

    def title(self) -> str:
        return QCoreApplication.translate("setup", "Außendienst")

    def _areas(self) -> list[str]:
        return [a.name for a in self.setup.areas]


def _draft_of(area: AreaInfo, by_name: dict[str, str]) -> AreaDraft:
    days = {WEEKDAYS.index(d) + 1 for d in area.weekdays if d in WEEKDAYS}
    draft = AreaDraft(area.name, days)
    for name in area.municipalities:
        if name in by_name:
            draft.members.setdefault(by_name[name], [])
        else:
            draft.strangers.append(name)
    gaz = gazetteer()
    for code in area.postcodes:
        # The file lists postcodes per area; the editor keeps them with the town they split.
        towns = list(draft.members)
        owner = next(
            (a for a in towns if (m := gaz.by_ags(a)) is not None and gaz.covers(code, m)),
            towns[0] if towns else None,
        )
        if owner is not None:
            draft.members[owner].append(code)
    return draft


def _area_of(draft: AreaDraft, names: dict[str, str]) -> AreaInfo:
    towns = [names[ags] for ags in sorted(draft.members, key=lambda a: names[a])]
    codes = [c for ags in sorted(draft.members) for c in draft.members[ags]]
    days = [WEEKDAYS[d - 1] for d in sorted(draft.weekdays) if 1 <= d <= 7]
    return AreaInfo(draft.name.strip(), days, towns + draft.strangers, codes)


class AreasPage(Page):
    """Gebiete: the area editor of the district, editing the setup's areas."""

    tables = ("areas",)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = OfficeSetup()
        self._marked: set[int] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = AreaEditor(db, self, embedded=True)
        self.editor.setObjectName("setup_area_editor")
        layout.addWidget(self.editor)
        self.names = dict(self.editor.towns)
        self.by_name = {name: ags for ags, name in self.editor.towns}
        self.editor.changed.connect(self._changed)
        self.editor.removed.connect(lambda name: self.removed.emit("areas", name))

    def title(self) -> str:
        return QCoreApplication.translate("setup", "Gebiete")

    def load(self, setup: OfficeSetup) -> None:
        self.setup = setup
        self._marked = {-1}
        self.editor.set_drafts([_draft_of(a, self.by_name) for a in setup.areas])

    def _changed(self) -> None:
        if len(self.editor.drafts) != len(self.setup.areas):
            self._marked = {-1}  # the list was refilled: mark its entries anew
        self.setup.areas[:] = [_area_of(d, self.names) for d in self.editor.drafts]
        self.changed.emit()

    def field_problems(self) -> list[SetupProblem]:
        found = []
        for index, area in enumerate(self.setup.areas):
            problem = field_problem(
                "areas",
                index,
                "name",
                QCoreApplication.translate("setup", "Name des Gebiets"),
                area.name,
            )
            if problem:
                found.append(problem)
        return found

    def free_towns(self) -> list[str]:
        return self.editor.free_towns()

    def show_problems(self, problems: Sequence[SetupProblem], lang: str) -> None:
        texts = [p.text(lang) for p in problems]
        if texts != self.editor.outside_problems:
            self.editor.show_outside(texts)
        index = {p.where[1] for p in problems if p.where[1] is not None}
        if index == self._marked:
            return  # unchanged: live validation runs on every keystroke
        self._marked = index
        for row in range(self.editor.area_list.count()):
            item = self.editor.area_list.item(row)
            item.setForeground(Qt.GlobalColor.darkRed if row in index else Qt.GlobalColor.black)


def copy_setup(setup: OfficeSetup) -> OfficeSetup:
    """A deep copy (the window edits its own)."""
    return dataclasses.replace(
        setup,
        office=dataclasses.replace(setup.office) if setup.office else None,
        branches=[dataclasses.replace(b) for b in setup.branches],
        teams=[dataclasses.replace(t) for t in setup.teams],
        caseworkers=[dataclasses.replace(c) for c in setup.caseworkers],
        outreach_workers=[
            dataclasses.replace(w, days=list(w.days), areas=list(w.areas))
            for w in setup.outreach_workers
        ],
        areas=[
            dataclasses.replace(
                a,
                weekdays=list(a.weekdays),
                municipalities=list(a.municipalities),
                postcodes=list(a.postcodes),
            )
            for a in setup.areas
        ],
    )


__all__ = [
    "AreasPage",
    "BranchesPage",
    "OfficePage",
    "Page",
    "StaffPage",
    "WorkersPage",
    "copy_setup",
]
