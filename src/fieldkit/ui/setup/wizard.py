"""First start on an empty database: a short setup wizard instead of a main window that fails.

Dienststelle → Außendienst → Gebiete, or "Einrichtungsdatei importieren …" on the first page.
The first page also asks for the administration's account (name, password twice) on a
database without accounts; it is made when the setup is applied (issue 14). "Später" (a
field laptop before its first sync) makes none.
The pages are those of the *Einrichtung* window; "Fertigstellen" applies the setup through
``services.setup.apply_setup`` (all or nothing). The wizard is shown only while
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

from fieldkit.domain import roles
from fieldkit.domain.setup import OfficeSetup, SetupError, SetupProblem
from fieldkit.services import setup as setup_service
from fieldkit.services.database import Database
from fieldkit.services.login import needs_login
from fieldkit.services.office import Identity
from fieldkit.ui.i18n import current_language
from fieldkit.ui.ops import user_sentence
from fieldkit.ui.screen import fit_to_screen
from fieldkit.ui.setup.fields import problem_label
from fieldkit.ui.setup.files import SetupFileError, read_setup_file
from fieldkit.ui.setup.pages import AreasPage, OfficePage, Page, WorkersPage, copy_setup
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
        if self is self.wizard_.last_step:
            return self.wizard_.apply()
        return True


class SetupWizard(QWizard):
    """Office → outreach workers → areas, then apply; or import a setup file."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, identity: Identity) -> None:
        super().__init__(parent)
        self.db = db
        self.identity = identity  # who applies the setup: the service checks its role
        self.skipped = False
        self.needs_account = not needs_login(db)
        self.account_made = False
        self.made: tuple[str, str] | None = None  # (name, password) of the account made
        self.setWindowTitle(QCoreApplication.translate("setup", "fieldkit einrichten"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fit_to_screen(self, 1100, 720)
        self.setup: OfficeSetup = copy_setup(setup_service.current_setup(db))
        self.office_page = OfficePage(self)
        self.workers_page = WorkersPage(self)
        self.areas_page = AreasPage(db, self)
        self.pages: list[Page] = [self.office_page, self.workers_page, self.areas_page]
        for page in self.pages:
            page.load(self.setup)
        self.start = StartPage(self)
        self.addPage(self.start)
        self.office_step = StepPage(
            self,
            self.office_page,
            QCoreApplication.translate("setup", "Der Absender der Schreiben und der Briefkopf."),
        )
        self.workers_step = StepPage(
            self,
            self.workers_page,
            QCoreApplication.translate(
                "setup",
                "Wer im Außendienst Hausbesuche macht, an welchen Tagen und zu welchen Zeiten.",
            ),
            ignore=("areas",),
        )
        self.areas_step = StepPage(
            self,
            self.areas_page,
            QCoreApplication.translate(
                "setup", "Welche Gemeinden an welchen Tagen besucht werden."
            ),
        )
        # Areas are drawn on the next step; which worker covers which is set in Einrichtung.
        editor = self.workers_page.editors["outreach_workers"]
        editor.form.setRowVisible(editor.widgets["areas"], False)
        for step in (self.office_step, self.workers_step, self.areas_step):
            self.addPage(step)
        self.last_step = self.areas_step
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
        lang = current_language()
        if not found:
            try:
                setup_service.apply_setup(self.db, self.setup, identity=self.identity)
                self.add_account()
                return True
            except SetupError as exc:
                found = list(exc.problems) or [SetupProblem("setup", exc.de, exc.en)]
        self.last_step.error.setText("\n".join(f"⚠ {p.text(lang)}" for p in found))
        return False

    def account_ready(self) -> bool:
        """Whether the administration's account can be made; else its sentence is shown."""
        box = self.start.account
        done = self.account_made or self.skipped  # "Später" makes no account
        problem = box.problem() if box is not None and not done else ""
        self.start.error.setText(problem)
        return not problem

    def add_account(self) -> None:
        """Make the administration's account (checked before by :meth:`account_ready`)."""
        from fieldkit.services import accounts
        from fieldkit.services.database import utcnow

        box = self.start.account
        if box is None or self.account_made:
            return
        new = accounts.NewAccount(box.name.text(), roles.ADMIN)
        with self.db.session() as session:
            added = accounts.add_account(session, new, box.password.text(), utcnow())
        self.account_made = True
        self.made = (added.name, box.password.text())  # for encrypting the new database
        box.password.clear()
        box.again.clear()

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
        lang = current_language()
        try:
            setup = read_setup_file(path, lang)
            setup_service.apply_setup(self.db, setup, identity=self.identity)
            self.add_account()
        except SetupFileError as exc:
            self.start.error.setText(user_sentence(exc))
            return False
        except SetupError as exc:
            self.start.error.setText(exc.message(lang))
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
