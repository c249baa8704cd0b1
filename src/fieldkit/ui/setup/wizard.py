"""First start on an empty database: a short setup wizard instead of a main window that fails.

Dienststelle → Standorte → Gebiete → Außendienst, or "Einrichtungsdatei importieren …" on the
first page. The Standorte (the places named in a flag list's ``termin_ort``) may stay empty: a
place that names no branch is printed as written, with a warning. The areas come before the
workers so that each worker is given the areas they visit: a worker
without an area has no customers (a field account sees none, the planner plans none for them),
so the last step asks for at least one area per worker.
The first page also asks for the administration's account (name, password twice) on a
database without accounts; it is made when the setup is applied (issue 14). "Später" (a
field laptop before its first sync) makes none.
The pages are those of the *Einrichtung* window; "Fertigstellen" (or an imported file) runs
the operation ``app.ops.setup.set_up_office``: the setup and the account in one transaction,
all or nothing, on a runner of the wizard's own (no main window exists yet). The wizard is
shown only while
``services.setup.is_empty_office`` says no office is recorded; the demo database has one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldkit.app.context import AppContext
from fieldkit.app.ops.setup import FirstAccount, set_up_office
from fieldkit.domain import roles
from fieldkit.domain.setup import OfficeSetup, SetupError, SetupProblem
from fieldkit.services import accounts
from fieldkit.services import setup as setup_service
from fieldkit.services.database import Database, utcnow
from fieldkit.services.login import needs_login
from fieldkit.services.office import Identity
from fieldkit.settings import Settings, SettingsStore
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import Failure, OpRunner, user_sentence
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.setup.fields import problem_label
from fieldkit.ui.setup.files import SetupFileError, read_setup_file
from fieldkit.ui.setup.pages import (
    AreasPage,
    BranchesPage,
    OfficePage,
    Page,
    WorkersPage,
    copy_setup,
)
from fieldkit.ui.setup.window import check


class StartPage(QWizardPage):
    """Welcome: set up step by step, or import the setup file IT has prepared."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setTitle(QCoreApplication.translate("setup", "Willkommen bei fieldkit"))
        self.setSubTitle(
            QCoreApplication.translate("setup", "Diese Datenbank kennt noch keine Dienststelle.")
        )
        layout = QVBoxLayout(self)
        text = QLabel(
            QCoreApplication.translate(
                "setup",
                "Bevor Vormerklisten geplant und Einladungen gedruckt werden können, braucht "
                "fieldkit den Absender der Schreiben, die Fachkräfte des Außendienstes und die "
                "Gebiete des Landkreises. Sie können das jetzt in drei Schritten eintragen "
                "(„Weiter“) oder die Einrichtungsdatei Ihrer IT einlesen. Alles lässt sich "
                "später unter Extras → Einrichtung ändern.",
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addSpacing(8)
        self.account = AccountBox(self) if wizard.needs_account else None
        if self.account is not None:
            layout.addWidget(self.account)
        self.import_button = QPushButton(
            QCoreApplication.translate("setup", "Einrichtungsdatei &importieren …"), self
        )
        self.import_button.setObjectName("wizard_import")
        self.import_button.clicked.connect(lambda: wizard.import_file())
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        later = QLabel(
            QCoreApplication.translate(
                "setup",
                "Ein Laptop des Außendienstes bekommt die Einrichtung mit dem ersten Abgleich: "
                "dann „Später“ wählen und im Hauptfenster abgleichen.",
            )
        )
        later.setWordWrap(True)
        layout.addSpacing(16)
        layout.addWidget(later)
        self.later_button = QPushButton(QCoreApplication.translate("setup", "&Später"), self)
        self.later_button.setObjectName("wizard_later")
        self.later_button.clicked.connect(wizard.later)
        layout.addWidget(self.later_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.error = problem_label(self, "wizard_import_error")
        layout.addWidget(self.error)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        return self.wizard_.account_ready()


class AccountBox(QGroupBox):
    """The first account of a new office: the administration's login (issue 14)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(QCoreApplication.translate("setup", "Konto der Administration"), parent)
        form = QFormLayout(self)
        hint = QLabel(
            QCoreApplication.translate(
                "setup",
                "Mit diesem Konto melden Sie sich künftig an und legen die Konten der "
                "Kolleginnen und Kollegen an (Passwort mindestens 10 Zeichen).",
            ),
            self,
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        self.name = QLineEdit(self)
        self.name.setObjectName("wizard_account_name")
        self.name.setMaxLength(64)
        self.name.setAccessibleName(QCoreApplication.translate("setup", "Benutzername"))
        form.addRow(QCoreApplication.translate("setup", "Benutzername:"), self.name)
        self.password = QLineEdit(self)
        self.password.setObjectName("wizard_account_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(QCoreApplication.translate("setup", "Passwort"))
        form.addRow(QCoreApplication.translate("setup", "Passwort:"), self.password)
        self.again = QLineEdit(self)
        self.again.setObjectName("wizard_account_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(QCoreApplication.translate("setup", "Passwort wiederholen"))
        form.addRow(QCoreApplication.translate("setup", "Passwort wiederholen:"), self.again)

    def problem(self) -> str:
        """One sentence when name or password cannot be used; "" when they can."""
        from fieldkit.services import accounts

        lang = current_language()
        try:
            accounts.check_name(self.name.text())
            accounts.check_password(self.password.text())
        except accounts.AccountError as exc:
            return exc.message(lang)
        if self.again.text() != self.password.text():
            return QCoreApplication.translate("setup", "Die beiden Passwörter sind verschieden.")
        return ""


class StepPage(QWizardPage):
    """One step showing an *Einrichtung* page; "Weiter" only when its tables are sound."""

    def __init__(
        self, wizard: SetupWizard, page: Page, subtitle: str, *, ignore: tuple[str, ...] = ()
    ) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.page = page
        self.ignore = ignore
        self.setTitle(page.title())
        self.setSubTitle(subtitle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page, 1)
        self.error = problem_label(self, f"wizard_{page.tables[0]}_problems")
        layout.addWidget(self.error)
        page.changed.connect(self.show_problems)

    def initializePage(self) -> None:
        refresh = getattr(self.page, "refresh_options", None)
        if callable(refresh):
            refresh()
        self.show_problems()

    def problems(self) -> list[SetupProblem]:
        """This step's problems (keys named in ``ignore`` are checked on a later step)."""
        return [
            p
            for p in check(self.wizard_.setup, self.wizard_.pages)
            if p.where[0] in self.page.tables and p.where[2] not in self.ignore
        ]

    def show_problems(self) -> list[SetupProblem]:
        lang = current_language()
        found = self.problems()
        self.page.show_problems(found, lang)
        if not isinstance(self.page, AreasPage):
            self.error.setText("\n".join(f"⚠ {p.text(lang)}" for p in found))
        return found

    def validatePage(self) -> bool:
        if self.show_problems():
            return False
        if isinstance(self.page, WorkersPage) and not self.wizard_.setup.outreach_workers:
            self.error.setText(
                QCoreApplication.translate(
                    "setup", "Bitte mindestens eine Fachkraft des Außendienstes anlegen („Neu“)."
                )
            )
            return False
        if isinstance(self.page, WorkersPage):
            idle = [w.name for w in self.wizard_.setup.outreach_workers if not w.areas]
            if idle:
                self.error.setText(
                    QCoreApplication.translate(
                        "setup",
                        "Bitte jeder Fachkraft mindestens ein Gebiet geben (sonst plant fieldkit "
                        "für sie keinen Besuch): %1",
                    ).replace("%1", ", ".join(idle))
                )
                return False
        if self is self.wizard_.last_step:
            return self.wizard_.apply()
        return True


class SetupWizard(QWizard):
    """Office → branches → areas → outreach workers (with their areas), then apply; or
    import a setup file."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, identity: Identity) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity  # who applies the setup: the service checks its role
        self.skipped = False
        self.needs_account = not needs_login(db)
        self.account_made = False
        self.made: tuple[str, str] | None = None  # (name, password) of the account made
        # What the wizard writes is one operation (issue 19), on a runner of its own.
        self.runner = OpRunner(
            lambda: AppContext(db, SettingsStore(Settings()), utcnow, self.identity), None, self
        )
        self.setWindowTitle(QCoreApplication.translate("setup", "fieldkit einrichten"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fit_to_screen(self, 1100, 720)
        self.setup: OfficeSetup = copy_setup(setup_service.current_setup(db))
        self.office_page = OfficePage(self)
        self.branches_page = BranchesPage(self)
        self.workers_page = WorkersPage(self)
        self.areas_page = AreasPage(db, self)
        self.pages: list[Page] = [
            self.office_page,
            self.branches_page,
            self.areas_page,
            self.workers_page,
        ]
        for page in self.pages:
            page.load(self.setup)
        self.start = StartPage(self)
        self.addPage(self.start)
        self.office_step = StepPage(
            self,
            self.office_page,
            QCoreApplication.translate("setup", "Der Absender der Schreiben und der Briefkopf."),
        )
        self.branches_step = StepPage(
            self,
            self.branches_page,
            QCoreApplication.translate(
                "setup",
                "Wo die Kunden zu Terminen eingeladen werden, mit dem Namen, der in der "
                "Vormerkliste als Terminort steht. Kann leer bleiben und später unter "
                "Einrichtung → Standorte ergänzt werden.",
            ),
        )
        self.areas_step = StepPage(
            self,
            self.areas_page,
            QCoreApplication.translate(
                "setup", "Welche Gemeinden an welchen Tagen besucht werden."
            ),
        )
        self.workers_step = StepPage(
            self,
            self.workers_page,
            QCoreApplication.translate(
                "setup",
                "Wer im Außendienst Hausbesuche macht, in welchen Gebieten, an welchen Tagen "
                "und zu welchen Zeiten.",
            ),
        )
        for step in (self.office_step, self.branches_step, self.areas_step, self.workers_step):
            self.addPage(step)
        self.last_step = self.workers_step
        self.setButtonText(
            QWizard.WizardButton.FinishButton,
            QCoreApplication.translate("setup", "Einrichten und starten"),
        )

    def later(self) -> None:
        """Go on to the main window without a setup (a field laptop before its first sync)."""
        self.skipped = True
        self.accept()

    def apply(self) -> bool:
        """Apply the whole setup; False (and the sentence on the last step) when refused."""
        found = check(self.setup, self.pages)
        if found:
            lang = current_language()
            self.last_step.error.setText("\n".join(f"⚠ {p.text(lang)}" for p in found))
            return False
        return self.set_up(self.setup, self.last_step.error, itemised=True)

    def set_up(self, setup: OfficeSetup, error: QLabel, *, itemised: bool = False) -> bool:
        """Write ``setup`` and the administration's account in one operation; a refusal is
        said in ``error`` (``itemised``: a setup's problems one per line), and nothing of
        either was written."""
        first = self.first_account()
        done = self.runner.call(
            set_up_office,
            setup,
            first,
            on_failed=lambda failure: self._refused(failure, error, itemised),
        )
        if done is None:
            return False
        box = self.start.account
        if first is not None and box is not None:
            self.account_made = True
            self.made = (done.value.account, first.password)  # for encrypting the database
            box.password.clear()
            box.again.clear()
        return True

    def _refused(self, failure: Failure, error: QLabel, itemised: bool) -> None:
        exc = failure.exc
        if not itemised:
            error.setText(failure.sentence)
        elif isinstance(exc, SetupError) and exc.problems:
            lang = current_language()
            error.setText("\n".join(f"⚠ {p.text(lang)}" for p in exc.problems))
        else:
            error.setText(f"⚠ {failure.sentence}")

    def account_ready(self) -> bool:
        """Whether the administration's account can be made; else its sentence is shown."""
        box = self.start.account
        done = self.account_made or self.skipped  # "Später" makes no account
        problem = box.problem() if box is not None and not done else ""
        self.start.error.setText(problem)
        return not problem

    def first_account(self) -> FirstAccount | None:
        """The administration's account to make (checked before by :meth:`account_ready`);
        None when the database needs none or it was made already."""
        box = self.start.account
        if box is None or self.account_made:
            return None
        return FirstAccount(accounts.NewAccount(box.name.text(), roles.ADMIN), box.password.text())

    def import_file(self, path: str = "") -> bool:
        """Read and apply a setup file; the wizard ends when it was applied."""
        if not self.account_ready():
            return False
        if not path:
            from fieldkit.ui.safety import open_file_name

            path = open_file_name(
                self,
                self.db,
                QCoreApplication.translate("setup", "Einrichtungsdatei importieren"),
                QCoreApplication.translate(
                    "setup", "Einrichtungsdateien (*.toml);;Alle Dateien (*)"
                ),
            )
        if not path:
            return False
        try:
            setup = read_setup_file(path, current_language())
        except SetupFileError as exc:
            self.start.error.setText(user_sentence(exc))
            return False
        if not self.set_up(setup, self.start.error):
            return False
        self.accept()
        return True


def needs_setup(db: Database) -> bool:
    """True on an empty database (no office recorded): the wizard comes first."""
    return bool(setup_service.is_empty_office(db))


def run_first_start(
    db: Database, made: list[tuple[str, str]] | None = None, *, identity: Identity
) -> bool:
    """Show the wizard on an empty database; False when it was cancelled. ``made`` gets the
    (name, password) of the administration's account the wizard made, so that the caller
    can encrypt the new database with it (the password is held in memory only)."""
    if not needs_setup(db):
        return True
    wizard = SetupWizard(db, identity=identity)
    accepted = wizard.exec() == QWizard.DialogCode.Accepted
    if accepted and wizard.made is not None and made is not None:
        made.append(wizard.made)
    wizard.made = None
    return accepted
