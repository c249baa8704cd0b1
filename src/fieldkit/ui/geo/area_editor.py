"""The area editor: the division of the district into areas ("Aufteilung des Landkreises")."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.ops.areas import save_areas
from fieldkit.services import areas as area_service
from fieldkit.services import office
from fieldkit.services.database import Database
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import Failure, OpRunner
from fieldkit.ui.screen import fit_to_screen

AGS_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class _Draft:
    """One area while it is edited (mutable; becomes an ``AreaEdit`` on save)."""

    name: str
    weekdays: set[int] = field(default_factory=set)
    worker_id: uuid.UUID | None = None
    color: str = ""
    # AGS → postcodes (empty = the whole municipality)
    members: dict[str, list[str]] = field(default_factory=dict)
    # Municipality names not in the district (from a setup file), kept so the check names them.
    strangers: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, edit: area_service.AreaEdit) -> _Draft:
        draft = cls(edit.name, set(edit.weekdays), edit.worker_id, edit.color)
        for ags, postcode in edit.members:
            codes = draft.members.setdefault(ags, [])
            if postcode:
                codes.append(postcode)
        return draft

    def edit(self) -> area_service.AreaEdit:
        members: list[tuple[str, str | None]] = []
        for ags in sorted(self.members):
            codes = self.members[ags]
            members.extend((ags, code) for code in codes) if codes else members.append((ags, None))
        return area_service.AreaEdit(
            self.name.strip(), tuple(sorted(self.weekdays)), self.worker_id, tuple(members),
            self.color,
        )  # fmt: skip


# One area while it is edited, for the *Einrichtung* window's Gebiete page.
AreaDraft = _Draft


class AreaEditor(QDialog):
    """Areas on the left; the selected area's weekdays, worker and municipalities on the right.

    Problems (a municipality in two areas, an area without a name or weekday …) are listed
    live below, from the same service check that refuses a save; "Speichern" stores all
    areas in one transaction or nothing.
    """

    saved = Signal()
    # Embedded in the *Einrichtung* window: emitted on every change of the drafts.
    changed = Signal()
    # The name of an area taken out of the list (the *Einrichtung* window retires it).
    removed = Signal(str)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        embedded: bool = False,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.embedded = embedded
        # "Speichern" is an operation (issue 19) on the main window's runner: the views that
        # show areas refresh. Embedded, the *Einrichtung* window saves (no runner needed).
        self.runner = runner
        # Embedded: the sentences of the setup check, shown instead of the area service's.
        self.outside_problems: list[str] = []
        if embedded:
            self.setWindowFlags(Qt.WindowType.Widget)
        self.setWindowTitle(self.tr("Gebietsaufteilung des Landkreises"))
        fit_to_screen(self, 980, 660)
        self._loading = False
        self.towns = area_service.municipalities()
        self.town_names = dict(self.towns)
        with db.session() as session:
            self.drafts = [_Draft.of(e) for e in area_service.load_area_edits(session)]
            # Inactive workers too: an area may still name one, and it must not be lost.
            workers = [
                (wid, name if active else name + " " + self.tr("(nicht mehr aktiv)"))
                for wid, name, active in office.outreach_workers(session)
            ]

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Jedes Gebiet ist eine Menge von Gemeinden, die an bestimmten Wochentagen "
                "besucht werden. Wird ein Ort geteilt, die Postleitzahlen des Teils angeben."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout.addWidget(splitter, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Gebiete:")))
        self.area_list = QListWidget(self)
        self.area_list.setObjectName("area_list")
        self.area_list.setAccessibleName(self.tr("Gebiete"))
        # Long names ("Ost – Weinsberger Tal und Löwensteiner Berge") wrap instead of hiding.
        self.area_list.setWordWrap(True)
        self.area_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area_list.setSpacing(2)
        self.area_list.currentRowChanged.connect(self._show_area)
        left_layout.addWidget(self.area_list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Neu"), self)
        self.add_button.setObjectName("add_area")
        self.add_button.clicked.connect(self.add_area)
        self.remove_button = QPushButton(self.tr("&Entfernen"), self)
        self.remove_button.setObjectName("remove_area")
        self.remove_button.clicked.connect(self.remove_area)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)

        self.detail = QGroupBox(self.tr("Gebiet"), self)
        form = QFormLayout(self.detail)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("area_name")
        self.name_edit.setAccessibleName(self.tr("Name des Gebiets"))
        self.name_edit.setMaxLength(area_service.NAME_LIMIT)
        self.name_edit.textEdited.connect(self._on_name)
        form.addRow(self.tr("&Name:"), self.name_edit)
        days = QHBoxLayout()
        self.day_boxes: dict[int, QCheckBox] = {}
        for day, label, full in (
            (1, self.tr("Mo"), self.tr("Montag")),
            (2, self.tr("Di"), self.tr("Dienstag")),
            (3, self.tr("Mi"), self.tr("Mittwoch")),
            (4, self.tr("Do"), self.tr("Donnerstag")),
            (5, self.tr("Fr"), self.tr("Freitag")),
        ):
            box = QCheckBox(label, self)
            box.setAccessibleName(full)
            box.setToolTip(full)
            box.toggled.connect(self._on_days)
            self.day_boxes[day] = box
            days.addWidget(box)
        days.addStretch(1)
        form.addRow(self.tr("Besuchstage:"), days)
        self.worker_combo = QComboBox(self)
        self.worker_combo.setObjectName("area_worker")
        self.worker_combo.setAccessibleName(self.tr("Aufsuchende Fachkraft"))
        self.worker_combo.addItem(self.tr("(keine Festlegung)"), None)
        for worker_id, name in workers:
            self.worker_combo.addItem(name, worker_id)
        self.worker_combo.currentIndexChanged.connect(self._on_worker)
        form.addRow(self.tr("Fachkraft:"), self.worker_combo)
        if embedded:
            # In the Einrichtung the outreach workers name their areas (page Außendienst).
            form.setRowVisible(self.worker_combo, False)

        self.town_list = QListWidget(self)
        self.town_list.setObjectName("town_list")
        self.town_list.setAccessibleName(self.tr("Gemeinden des Gebiets"))
        for ags, name in self.towns:
            item = QListWidgetItem(name)
            item.setData(AGS_ROLE, ags)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.town_list.addItem(item)
        self.town_list.itemChanged.connect(self._on_town_checked)
        self.town_list.currentItemChanged.connect(self._show_postcodes)
        form.addRow(self.tr("Gemeinden:"), self.town_list)
        self.postcode_edit = QLineEdit(self)
        self.postcode_edit.setObjectName("town_postcodes")
        self.postcode_edit.setAccessibleName(self.tr("Postleitzahlen der gewählten Gemeinde"))
        self.postcode_edit.setPlaceholderText(
            self.tr("leer = ganze Gemeinde; für einen geteilten Ort z. B. 74072, 74074")
        )
        self.postcode_edit.textEdited.connect(self._on_postcodes)
        self.postcode_label = QLabel(self.tr("Postleitzahlen:"), self)
        form.addRow(self.postcode_label, self.postcode_edit)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([320, 660])  # room for names like "Ost – Weinsberger Tal …"

        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("area_problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problems_label)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.save_button = QPushButton(self.tr("&Speichern"), self)
        self.save_button.setObjectName("save_areas")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Abbrechen"), self)
        cancel.clicked.connect(self.reject)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        if embedded:
            self.save_button.hide()
            cancel.hide()

        self._fill_area_list()
        self.area_list.setCurrentRow(0 if self.drafts else -1)
        self._show_area(self.area_list.currentRow())
        self.validate()

    # -- the list of areas -----------------------------------------------------------------

    def _fill_area_list(self) -> None:
        current = self.area_list.currentRow()
        self.area_list.blockSignals(True)
        self.area_list.clear()
        for draft in self.drafts:
            self.area_list.addItem(self._area_title(draft))
        self.area_list.setCurrentRow(min(current, len(self.drafts) - 1))
        self.area_list.blockSignals(False)

    def _area_title(self, draft: _Draft) -> str:
        count = len(draft.members)
        text = self.tr("%1 (1 Gemeinde)") if count == 1 else self.tr("%1 (%2 Gemeinden)")
        return text.replace("%1", draft.name or self.tr("(ohne Namen)")).replace("%2", str(count))

    def current(self) -> _Draft | None:
        """The area being edited."""
        row = self.area_list.currentRow()
        return self.drafts[row] if 0 <= row < len(self.drafts) else None

    def add_area(self) -> None:
        """Append a new, empty area and select its name for typing."""
        taken = {d.name for d in self.drafts}
        number = len(self.drafts) + 1
        while self.tr("Gebiet %1").replace("%1", str(number)) in taken:
            number += 1
        self.drafts.append(_Draft(self.tr("Gebiet %1").replace("%1", str(number))))
        self._fill_area_list()
        self.area_list.setCurrentRow(len(self.drafts) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        self.validate()

    def remove_area(self) -> None:
        """Remove the selected area (its municipalities become free)."""
        row = self.area_list.currentRow()
        if not 0 <= row < len(self.drafts):
            return
        name = self.drafts[row].name
        del self.drafts[row]
        self._fill_area_list()
        self._show_area(self.area_list.currentRow())
        self.validate()
        self.removed.emit(name)

    def set_drafts(self, drafts: list[_Draft]) -> None:
        """Edit ``drafts`` instead of the stored areas (the *Einrichtung* window)."""
        self.drafts = drafts
        self._fill_area_list()
        self.area_list.setCurrentRow(0 if drafts else -1)
        self._show_area(self.area_list.currentRow())
        self.town_list.scrollToTop()
        self.validate()

    # -- the selected area -----------------------------------------------------------------

    def _owners(self) -> dict[str, list[str]]:
        owners: dict[str, list[str]] = {}
        for draft in self.drafts:
            for ags in draft.members:
                owners.setdefault(ags, []).append(draft.name)
        return owners

    def _show_area(self, row: int) -> None:
        draft = self.drafts[row] if 0 <= row < len(self.drafts) else None
        self.detail.setEnabled(draft is not None)
        self.remove_button.setEnabled(draft is not None)
        self._loading = True
        self.name_edit.setText(draft.name if draft else "")
        for day, box in self.day_boxes.items():
            box.setChecked(bool(draft and day in draft.weekdays))
        # findData cannot compare UUIDs wrapped in QVariants; compare them here.
        index = next(
            (
                i
                for i in range(1, self.worker_combo.count())
                if draft is not None and self.worker_combo.itemData(i) == draft.worker_id
            ),
            0,
        )
        self.worker_combo.setCurrentIndex(index)
        self._loading = False
        self._refresh_towns()
        self._show_postcodes(self.town_list.currentItem(), None)

    def _refresh_towns(self) -> None:
        draft = self.current()
        owners = self._owners()
        self._loading = True
        for i in range(self.town_list.count()):
            item = self.town_list.item(i)
            ags = str(item.data(AGS_ROLE))
            mine = draft is not None and ags in draft.members
            item.setCheckState(Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)
            others = [n for n in owners.get(ags, []) if draft is None or n != draft.name]
            text = self.town_names[ags]
            codes = draft.members.get(ags, []) if draft else []
            if codes:
                text += " – " + self.tr("nur PLZ %1").replace("%1", ", ".join(codes))
            if others:
                text += "  ·  " + self.tr("in „%1“").replace("%1", "“, „".join(others))
            item.setText(text)
            # Grey (still 7:1 on white) for towns another area already holds.
            item.setForeground(QColor("#555555" if others and not mine else "#000000"))
        self._loading = False

    def _on_name(self, text: str) -> None:
        draft = self.current()
        if draft is None or self._loading:
            return
        draft.name = text
        item = self.area_list.currentItem()
        if item is not None:
            item.setText(self._area_title(draft))
        self._refresh_towns()
        self.validate()

    def _on_days(self) -> None:
        draft = self.current()
        if draft is None or self._loading:
            return
        draft.weekdays = {d for d, box in self.day_boxes.items() if box.isChecked()}
        self.validate()

    def _on_worker(self) -> None:
        draft = self.current()
        if draft is None or self._loading:
            return
        data = self.worker_combo.currentData()
        draft.worker_id = data if isinstance(data, uuid.UUID) else None
        self.validate()

    def _on_town_checked(self, item: QListWidgetItem) -> None:
        draft = self.current()
        if draft is None or self._loading:
            return
        ags = str(item.data(AGS_ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            draft.members.setdefault(ags, [])
        else:
            draft.members.pop(ags, None)
        list_item = self.area_list.currentItem()
        if list_item is not None:
            list_item.setText(self._area_title(draft))
        self._refresh_towns()
        self._show_postcodes(self.town_list.currentItem(), None)
        self.validate()

    def _show_postcodes(self, item: QListWidgetItem | None, _previous: object) -> None:
        draft = self.current()
        ags = str(item.data(AGS_ROLE)) if item is not None else ""
        name = self.town_names.get(ags, "")
        self.postcode_label.setText(
            self.tr("Postleitzahlen (%1):").replace("%1", name)
            if name
            else self.tr("Postleitzahlen:")
        )
        self.postcode_edit.setEnabled(bool(draft and ags))
        self.postcode_edit.setText(", ".join(draft.members.get(ags, [])) if draft and ags else "")

    def _on_postcodes(self, text: str) -> None:
        draft = self.current()
        item = self.town_list.currentItem()
        if draft is None or item is None:
            return
        ags = str(item.data(AGS_ROLE))
        # "74072, 74072" is one postcode typed twice, not a postcode in two areas.
        codes = list(dict.fromkeys(c for c in re.split(r"[\s,;]+", text.strip()) if c))
        if codes or ags in draft.members:
            draft.members[ags] = codes
        self._refresh_towns()
        self.validate()

    # -- checking and saving ---------------------------------------------------------------

    def validate(self) -> list[str]:
        """Show the service's problems below the editor (and which municipalities are free).

        The same check refuses a save, so what is shown here is what "Speichern" would say.
        """
        found = self._render()
        if self.embedded:
            self.changed.emit()
        return found

    def show_outside(self, problems: list[str]) -> None:
        """Embedded: show the setup check's sentences for the areas (no ``changed``)."""
        self.outside_problems = problems
        self._render()

    def free_towns(self) -> list[str]:
        """Names of the district's municipalities that no area holds (not even in part)."""
        taken = {ags for d in self.drafts for ags in d.members}
        return [name for ags, name in self.towns if ags not in taken]

    def _render(self) -> list[str]:
        if self.embedded:
            found = list(self.outside_problems)
        else:
            with self.db.session() as session:
                problems = area_service.area_problems(session, self.edits())
            found = [p.text(current_language()) for p in problems]
        free = self.free_towns()
        lines = [f"⚠ {p}" for p in found]
        if free:
            # Never "stimmig" while a municipality of the district has no area.
            lines.append(
                self.tr("Ohne Gebiet (%1): %2")
                .replace("%1", str(len(free)))
                .replace("%2", ", ".join(free))
            )
        if not found and not free:
            lines.insert(0, self.tr("✓ Die Aufteilung ist stimmig."))
        elif not found:
            lines.insert(
                0,
                self.tr("Die Gebiete widersprechen sich nicht, aber nicht jede Gemeinde hat eins:"),
            )
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setStyleSheet(
            "color:#8e1b15" if found else "color:#7a4100" if free else "color:#1b5e20"
        )
        return found

    def edits(self) -> list[area_service.AreaEdit]:
        """The areas as edited now."""
        return [d.edit() for d in self.drafts]

    def save(self) -> bool:
        """Store all areas; on refusal the problems are listed and nothing is stored."""
        if self.runner is None:
            raise RuntimeError("the area editor saves through the main window's runner")
        if self.runner.call(save_areas, self.edits(), on_failed=self._refused) is None:
            return False
        self.saved.emit()
        self.accept()
        return True

    def _refused(self, failure: Failure) -> None:
        """A refused save: the service's problems (or the one sentence) under the areas."""
        exc = failure.exc
        if isinstance(exc, area_service.AreaError):
            lang = current_language()
            lines = [f"⚠ {p.text(lang)}" for p in exc.problems]
        else:
            lines = [f"⚠ {failure.sentence}"]
        self.problems_label.setText(self.tr("Nicht gespeichert:") + "\n" + "\n".join(lines))
        self.problems_label.setStyleSheet("color:#8e1b15")
