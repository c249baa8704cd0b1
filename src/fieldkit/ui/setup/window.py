"""The *Einrichtung* window: office, branches, teams and caseworkers, outreach workers, areas.

It edits one :class:`~fieldkit.domain.setup.OfficeSetup`, read from the database with
``services.setup.current_setup``. Every change is checked at once with the same check as
``fieldkit setup apply`` (``domain.setup.validate_setup``), in the UI language, next to the
page and on the field named by ``SetupProblem.where``. "Übernehmen" applies the whole setup
with the operation ``app.ops.setup.apply_setup`` (issue 19: the views showing staff or areas
refresh from its Changes): all or nothing. What is taken out of a list is retired
by the apply (no new routes, no new customers), never deleted.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.app.context import AppContext
from fieldkit.app.ops.setup import apply_setup
from fieldkit.domain.setup import OfficeSetup, SetupError, SetupProblem
from fieldkit.services import setup as setup_service
from fieldkit.services.database import Database, utcnow
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import Failure, OpRunner, user_sentence
from fieldkit.ui.safety import open_file_name, save_file_name
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.setup.fields import problem_label
from fieldkit.ui.setup.files import SetupFileError, read_setup_file, write_setup_file
from fieldkit.ui.setup.pages import (
    AreasPage,
    BranchesPage,
    OfficePage,
    Page,
    StaffPage,
    WorkersPage,
    copy_setup,
)

log = logging.getLogger(__name__)

# Which fields name an entry of another table: renaming the entry renames them too.
_NAME_KEYS = {"areas": "name", "teams": "number", "branches": "name", "caseworkers": "name"}
_REFERENCES = {
    "areas": (("outreach_workers", "areas"),),
    "teams": (("caseworkers", "team"),),
    "branches": (("caseworkers", "branch"),),
    "caseworkers": (("teams", "lead"),),
}


def names_of(setup: OfficeSetup) -> dict[str, list[str]]:
    """The names of the entries that others refer to, per table."""
    return {t: [getattr(e, k) for e in getattr(setup, t)] for t, k in _NAME_KEYS.items()}


def follow_renames(setup: OfficeSetup, before: dict[str, list[str]]) -> None:
    """Where one entry was renamed since ``before``, rename the references to it."""
    for table, old_names in before.items():
        new_names = [getattr(e, _NAME_KEYS[table]) for e in getattr(setup, table)]
        changed = [(o, n) for o, n in zip(old_names, new_names, strict=False) if o != n]
        if len(old_names) != len(new_names) or len(changed) != 1:
            continue
        old, new = changed[0]
        for ref_table, key in _REFERENCES[table]:
            for entry in getattr(setup, ref_table):
                value = getattr(entry, key)
                if isinstance(value, list):
                    setattr(entry, key, [new if v == old else v for v in value])
                elif value == old:
                    setattr(entry, key, new)


def check(setup: OfficeSetup, pages: list[Page]) -> list[SetupProblem]:
    """What the pages refuse in their fields, then what ``setup apply`` would say."""
    found = [p for page in pages for p in page.field_problems()]
    marked = {p.where for p in found}
    # One sentence per field: what no field may hold comes before the file's check, which
    # names fields by the file's keys ("end"): here they go by their labels ("Ende").
    labels = {where: label for page in pages for where, label in page.field_labels().items()}
    for p in setup_service.validate_setup(setup):
        if p.where not in marked:
            label = labels.get((p.where[0], p.where[2] or ""))
            found.append(p.naming(label) if label else p)
    return found


class SetupWindow(QDialog):
    """The pages on the left, the selected page in the middle, its problems below it.

    ``applied`` is emitted after a successful "Übernehmen" (the main window reloads).
    """

    applied = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        identity: Identity,
        runner: OpRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity  # the main window's login: applying checks its role
        # "Übernehmen" is an operation (issue 19) on the main window's runner, so the views
        # that show staff or areas refresh; on its own, the window has a runner of its own.
        self.runner = runner or OpRunner(
            lambda: AppContext(db, SettingsStore(Settings()), utcnow, self.identity), None, self
        )
        self.setWindowTitle(self.tr("Einrichtung der Dienststelle"))
        fit_to_screen(self, 1200, 720)
        self.problems: list[SetupProblem] = []
        self.retired: list[str] = []
        self._names: dict[str, list[str]] = {}
        self.stored = setup_service.current_setup(db)
        self.setup = copy_setup(self.stored)

        layout = QVBoxLayout(self)
        middle = QHBoxLayout()
        self.nav = QListWidget(self)
        self.nav.setObjectName("setup_nav")
        self.nav.setAccessibleName(self.tr("Seiten der Einrichtung"))
        self.nav.setFixedWidth(210)
        self.nav.setSpacing(4)
        self.stack = QStackedWidget(self)
        self.pages: list[Page] = [
            OfficePage(self),
            BranchesPage(self),
            StaffPage(self),
            WorkersPage(self),
            AreasPage(db, self),
        ]
        for page in self.pages:
            self.nav.addItem(page.title())
            self.stack.addWidget(page)
            page.changed.connect(self.validate)
            page.removed.connect(self._removed)
        self.nav.currentRowChanged.connect(self._go)
        middle.addWidget(self.nav)
        middle.addWidget(self.stack, 1)
        layout.addLayout(middle, 1)
        self.problems_label = problem_label(self, "setup_problems")
        layout.addWidget(self.problems_label)
        self.notes_label = QLabel(self)
        self.notes_label.setObjectName("setup_notes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.notes_label)
        layout.addLayout(self._buttons())
        self._load(self.setup)
        self.nav.setCurrentRow(0)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Einrichtungsdatei &importieren …"), self)
        self.import_button.setObjectName("setup_import")
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_button = QPushButton(self.tr("Einrichtungsdatei e&xportieren …"), self)
        self.export_button.setObjectName("setup_export")
        self.export_button.clicked.connect(lambda: self.export_file())
        self.apply_button = QPushButton(self.tr("Ü&bernehmen"), self)
        self.apply_button.setObjectName("setup_apply")
        self.apply_button.clicked.connect(self.apply)
        close = QPushButton(self.tr("Schließen"), self)
        close.clicked.connect(self.reject)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        row.addWidget(close)
        return row

    # -- pages -----------------------------------------------------------------------------

    def page(self, table: str) -> Page:
        """The page that edits ``table`` ('office', 'areas', …)."""
        return next(p for p in self.pages if table in p.tables)

    def _go(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        current = self.pages[row]
        refresh = getattr(current, "refresh_options", None)
        if callable(refresh):
            refresh()  # names defined on another page meanwhile
        self._show_problems()

    def _load(self, setup: OfficeSetup) -> None:
        self.setup = setup
        self._names = names_of(setup)
        for page in self.pages:
            page.load(setup)
        self.validate()

    def _removed(self, table: str, name: str) -> None:
        stored = {
            "outreach_workers": [w.name for w in self.stored.outreach_workers],
            "areas": [a.name for a in self.stored.areas],
        }
        if name not in stored.get(table, []):
            return
        if table == "outreach_workers":
            text = self.tr(
                "„%1“ wird beim Übernehmen stillgelegt, nicht gelöscht: keine neuen "
                "Touren, die bisherigen Besuche bleiben."
            )
        else:
            text = self.tr(
                "Das Gebiet „%1“ wird beim Übernehmen stillgelegt, nicht gelöscht: keine neuen "
                "Kunden, die bisherigen bleiben."
            )
        self.retired.append(text.replace("%1", name))
        self.notes_label.setText("\n".join(self.retired))

    # -- checking --------------------------------------------------------------------------

    def validate(self) -> list[SetupProblem]:
        """Check the setup as edited now; mark fields and list the sentences."""
        if self._names:
            follow_renames(self.setup, self._names)
        self._names = names_of(self.setup)
        self.problems = check(self.setup, self.pages)
        self._show_problems()
        return self.problems

    def _show_problems(self) -> None:
        lang = current_language()
        tables = {t for page in self.pages for t in page.tables}
        for row, page in enumerate(self.pages):
            mine = [p for p in self.problems if p.where[0] in page.tables]
            page.show_problems(mine, lang)
            item = self.nav.item(row)
            title = page.title() + (f"  ({len(mine)})" if mine else "")
            if item.text() != title:
                item.setText(title)
                item.setForeground(Qt.GlobalColor.darkRed if mine else Qt.GlobalColor.black)
        current = self.pages[max(self.stack.currentIndex(), 0)]
        here = [p for p in self.problems if p.where[0] in current.tables]
        general = [p for p in self.problems if p.where[0] not in tables]
        lines = [f"⚠ {p.text(lang)}" for p in general + here]
        others = len(self.problems) - len(here) - len(general)
        if others:
            lines.append(
                self.tr("Weitere %1 Probleme auf anderen Seiten (links rot markiert).").replace(
                    "%1", str(others)
                )
            )
        if isinstance(current, AreasPage):
            lines = [f"⚠ {p.text(lang)}" for p in general]  # the area editor lists its own
        text = "\n".join(lines)
        if self.problems_label.text() != text:
            self.problems_label.setText(text)

    # -- applying, files -------------------------------------------------------------------

    def say(self, text: str, ok: bool = False) -> None:
        """Show ``text`` under the pages (green for done, red for a refusal)."""
        self.notes_label.setText(text)
        self.notes_label.setStyleSheet("color: #1b5e20" if ok else "color: #8e1b15")

    def apply(self) -> bool:
        """Apply the setup to the database, all or nothing; False (and a sentence) if refused."""
        lang = current_language()
        if self.validate():
            self.say(
                self.tr(
                    "Nicht übernommen: Bitte zuerst die markierten Angaben korrigieren "
                    "(%1 Probleme). Es wurde nichts gespeichert."
                ).replace("%1", str(len(self.problems)))
            )
            return False
        done = self.runner.call(apply_setup, self.setup, on_failed=self._refused)
        if done is None:
            return False
        changes = done.value
        self.stored = setup_service.current_setup(self.db)
        self.retired = []
        if not changes:
            self.say(
                self.tr("Nichts zu ändern: die Datenbank hat diese Einrichtung schon."), ok=True
            )
        else:
            shown = [f"• {c.text(lang)}" for c in changes[:8]]
            if len(changes) > 8:
                shown.append(self.tr("… und %1 weitere").replace("%1", str(len(changes) - 8)))
            head = self.tr("Die Einrichtung wurde übernommen (%1 Änderungen):")
            self.say("\n".join([head.replace("%1", str(len(changes))), *shown]), ok=True)
        self.applied.emit()
        return True

    def _refused(self, failure: Failure) -> None:
        """A refused apply: its sentence below the pages (and a setup's problems marked)."""
        if isinstance(failure.exc, SetupError):
            self.problems = list(failure.exc.problems)
            self._show_problems()
        self.say(self.tr("Nicht übernommen: %1").replace("%1", failure.sentence))

    def import_file(self, path: str = "") -> bool:
        """Read a setup file into the window (applied only with "Übernehmen")."""
        if not path:
            path = open_file_name(
                self,
                self.db,
                self.tr("Einrichtungsdatei importieren"),
                self.tr("Einrichtungsdateien (*.toml);;Alle Dateien (*)"),
            )
        if not path:
            return False
        try:
            setup = read_setup_file(path, current_language())
        except SetupFileError as exc:
            self.say(user_sentence(exc))
            return False
        self._load(setup)
        self.say(
            self.tr("„%1“ ist eingelesen; mit „Übernehmen“ wird es gespeichert.").replace(
                "%1", Path(path).name
            ),
            ok=True,
        )
        return True

    def export_file(self, path: str = "") -> bool:
        """Write the setup as shown to a file (only when it has no problems)."""
        if self.validate():
            self.say(self.tr("Nicht exportiert: Bitte zuerst die markierten Angaben korrigieren."))
            return False
        if not path:
            path = save_file_name(
                self,
                self.db,
                self.tr("Einrichtungsdatei exportieren"),
                "einrichtung.toml",
                self.tr("Einrichtungsdateien (*.toml)"),
            )
        if not path:
            return False
        try:
            write_setup_file(self.setup, path)
        except SetupFileError as exc:
            self.say(user_sentence(exc))
            return False
        self.say(self.tr("Gespeichert in „%1“.").replace("%1", Path(path).name), ok=True)
        return True
