"""Building blocks of the *Einrichtung* pages: field checks, field marking, a record list.

The pages edit an :class:`~fieldkit.domain.setup.OfficeSetup` in place. What the setup check
(:func:`fieldkit.domain.setup.validate_setup`) says is shown as it is, on the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.domain.setup import WEEKDAYS, SetupProblem

_MARKUP = re.compile(r"[<>]")
MARK_STYLE = "border: 2px solid #b00020;"


def field_problem(
    table: str, index: int | None, key: str, label: str, value: str
) -> SetupProblem | None:
    """A sentence for markup in a field, else None (German and English).

    Length, control characters, empty required values and formats are the setup check's
    (``validate_setup``), so the window says what ``setup apply`` says; only the window
    refuses markup, which no name, address or letterhead needs.
    """
    if _MARKUP.search(value):
        return SetupProblem(
            "markup",
            QCoreApplication.translate(
                "setup", "„%1“ darf keine spitzen Klammern (< >) enthalten."
            ).replace("%1", label),
            f"“{label}” must not contain angle brackets (< >).",
            (table, index, key),
        )
    return None


def mark(widget: QWidget, text: str) -> None:
    """Frame ``widget`` in red with ``text`` as its tooltip ("" clears the mark)."""
    if (widget.property("problem") or "") == text:
        return  # unchanged: live validation runs on every keystroke
    widget.setStyleSheet(MARK_STYLE if text else "")
    widget.setToolTip(text)
    widget.setProperty("problem", text)


@dataclass(frozen=True)
class Spec:
    """One field of a record: key of the dataclass, label, kind and (for choices) options.

    Kinds: ``text``, ``days`` (Mo…So checkboxes), ``minutes`` (break; -1 = the default),
    ``choice`` (a combo of ``options()``), ``checklist`` (checkable ``options()``).
    """

    key: str
    label: str
    kind: str = "text"
    options: Callable[[], Sequence[str]] | None = None
    placeholder: str = ""


class DaysBox(QWidget):
    """Seven checkboxes Mo … So; ``value()`` is the list of checked ``WEEKDAYS``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, days: Sequence[str] = WEEKDAYS) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.boxes: dict[str, QCheckBox] = {}
        for day in days:
            box = QCheckBox(day_label(day), self)
            box.setObjectName(f"day_{day}")
            box.toggled.connect(self.changed)
            self.boxes[day] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [d for d, box in self.boxes.items() if box.isChecked()]

    def set_value(self, days: Sequence[str]) -> None:
        self.blockSignals(True)
        for day, box in self.boxes.items():
            box.setChecked(day in days)
        self.blockSignals(False)


def day_label(day: str) -> str:
    """The weekday's short name in the UI language."""
    labels = {
        "Mo": QCoreApplication.translate("setup", "Mo"),
        "Di": QCoreApplication.translate("setup", "Di"),
        "Mi": QCoreApplication.translate("setup", "Mi"),
        "Do": QCoreApplication.translate("setup", "Do"),
        "Fr": QCoreApplication.translate("setup", "Fr"),
        "Sa": QCoreApplication.translate("setup", "Sa"),
        "So": QCoreApplication.translate("setup", "So"),
    }
    return labels.get(day, day)


class RecordEditor(QGroupBox):
    """A list of records (dataclasses) on the left, the selected one's fields on the right.

    Every edit is written into the record at once and announced by ``changed``; ``removed``
    carries the name of a record taken out of the list (the window says it will be retired).
    """

    changed = Signal()
    removed = Signal(str)

    def __init__(
        self,
        title: str,
        table: str,
        specs: Sequence[Spec],
        factory: Callable[[list[Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.table = table
        self.specs = list(specs)
        self.factory = factory
        self.records: list[Any] = []
        self._loading = False
        self._problems: dict[int | None, dict[str | None, str]] = {}
        self.setObjectName(f"records_{table}")
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setObjectName(f"{table}_list")
        self.list.setAccessibleName(title)
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(QCoreApplication.translate("setup", "&Neu"), self)
        self.add_button.setObjectName(f"{table}_add")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(QCoreApplication.translate("setup", "&Entfernen"), self)
        self.remove_button.setObjectName(f"{table}_remove")
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left.addLayout(row)
        layout.addLayout(left, 2)
        self.form_box = QWidget(self)
        self.form = QFormLayout(self.form_box)
        self.widgets: dict[str, QWidget] = {}
        for spec in self.specs:
            widget = self._widget(spec)
            widget.setObjectName(f"{table}_{spec.key}")
            widget.setAccessibleName(spec.label)
            self.widgets[spec.key] = widget
            self.form.addRow(spec.label + ":", widget)
        right = QVBoxLayout()
        right.addWidget(self.form_box)
        right.addStretch(1)
        layout.addLayout(right, 3)
        self._show(-1)

    # -- widgets ---------------------------------------------------------------------------

    def _widget(self, spec: Spec) -> QWidget:
        if spec.kind == "days":
            days = DaysBox(self)
            days.changed.connect(lambda: self._edited(spec.key, days.value()))
            return days
        if spec.kind == "minutes":
            spin = QSpinBox(self)
            spin.setRange(-1, 240)
            spin.setSuffix(QCoreApplication.translate("setup", " Min."))
            spin.setSpecialValueText(QCoreApplication.translate("setup", "Standard"))
            spin.valueChanged.connect(lambda v: self._edited(spec.key, None if v < 0 else v))
            return spin
        if spec.kind == "choice":
            combo = QComboBox(self)
            combo.currentTextChanged.connect(lambda t: self._edited(spec.key, t))
            return combo
        if spec.kind == "checklist":
            checks = QListWidget(self)
            checks.setMaximumHeight(120)
            checks.itemChanged.connect(lambda _i: self._edited(spec.key, self._checked(checks)))
            return checks
        edit = QLineEdit(self)
        edit.setPlaceholderText(spec.placeholder)
        edit.textEdited.connect(lambda t: self._edited(spec.key, t))
        return edit

    @staticmethod
    def _checked(checks: QListWidget) -> list[str]:
        return [
            checks.item(i).text()
            for i in range(checks.count())
            if checks.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _set(self, spec: Spec, value: Any) -> None:
        widget = self.widgets[spec.key]
        if isinstance(widget, DaysBox):
            widget.set_value(value or [])
        elif isinstance(widget, QSpinBox):
            widget.setValue(-1 if value is None else int(value))
        elif isinstance(widget, QComboBox):
            options = ["", *(spec.options() if spec.options else [])]
            if value and value not in options:
                options.append(value)  # named but not defined: the check says so
            widget.clear()
            widget.addItems(options)
            widget.setCurrentText(value or "")
        elif isinstance(widget, QListWidget):
            widget.clear()
            names = list(spec.options() if spec.options else [])
            names += [v for v in value or [] if v not in names]
            for name in names:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = name in (value or [])
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                widget.addItem(item)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    # -- records ---------------------------------------------------------------------------

    def set_records(self, records: list[Any]) -> None:
        """Edit ``records`` (the list itself: edits land in it)."""
        self.records = records
        self.list.blockSignals(True)
        self.list.clear()
        for record in records:
            self.list.addItem(self._title(record))
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if records else -1)
        self._show(self.list.currentRow())

    def _title(self, record: Any) -> str:
        name = str(getattr(record, self.specs[0].key, "") or "")
        return name or QCoreApplication.translate("setup", "(ohne Namen)")

    def current(self) -> Any | None:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _show(self, row: int) -> None:
        record = self.records[row] if 0 <= row < len(self.records) else None
        self.form_box.setEnabled(record is not None)
        self.remove_button.setEnabled(record is not None)
        self._loading = True
        for spec in self.specs:
            self._set(spec, getattr(record, spec.key) if record is not None else None)
        self._loading = False
        self._apply_marks()

    def refresh_options(self) -> None:
        """Refill the combos and checklists (names defined on other pages changed)."""
        self._show(self.list.currentRow())

    def _edited(self, key: str, value: Any) -> None:
        record = self.current()
        if record is None or self._loading:
            return
        setattr(record, key, value)
        if key == self.specs[0].key:
            item = self.list.currentItem()
            if item is not None:
                item.setText(self._title(record))
        self.changed.emit()

    def add(self) -> None:
        """Append a new record and select its first field for typing."""
        self.records.append(self.factory(self.records))
        self.list.addItem(self._title(self.records[-1]))
        self.list.setCurrentRow(len(self.records) - 1)
        first = self.widgets[self.specs[0].key]
        first.setFocus()
        if isinstance(first, QLineEdit):
            first.selectAll()
        self.changed.emit()

    def remove(self) -> None:
        """Take the selected record out of the list (``removed`` carries its name)."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.records):
            return
        name = str(getattr(self.records[row], self.specs[0].key, ""))
        del self.records[row]
        self.list.takeItem(row)
        self._show(self.list.currentRow())
        self.removed.emit(name)
        self.changed.emit()

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)

    # -- problems --------------------------------------------------------------------------

    def show_problems(self, problems: Sequence[SetupProblem], lang: str) -> None:
        """Mark the list entries and fields named by ``problems`` (of this table)."""
        self._problems = {}
        for problem in problems:
            _table, index, key = problem.where
            self._problems.setdefault(index, {}).setdefault(key, problem.text(lang))
        self._apply_marks()

    def _apply_marks(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            tip = "\n".join(self._problems.get(i, {}).values())
            if item.toolTip() != tip:
                item.setForeground(QColor("#b00020" if tip else "#000000"))
                item.setToolTip(tip)
        mine = self._problems.get(self.list.currentRow(), {})
        for key, widget in self.widgets.items():
            mark(widget, mine.get(key, ""))


def problem_label(parent: QWidget, name: str) -> QLabel:
    """A red, wrapping, selectable label for a page's sentences."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("color: #8e1b15")
    return label


def multiline(parent: QWidget) -> QPlainTextEdit:
    """A short multi-line text field (the letterhead)."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(80)
    return edit
