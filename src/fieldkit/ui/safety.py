"""What keeps the running app's database safe from its own windows (issue 21).

- **File dialogs** never start in the database's folder: a file dialog lists and sniffs the
  files of the folder it shows, and opening and closing the database file drops SQLite's
  process-wide locks (see :mod:`fieldkit.store.lock`). Every ``QFileDialog`` of fieldkit goes
  through :func:`open_file_name` / :func:`save_file_name`, which start in the user's
  documents folder — or, when that happens to be the database's folder, in the home folder.
  ``tests/test_local_safety_ui.py`` checks that no other module calls ``QFileDialog``.
- **A refused write** (disk full, read-only, locked) is one German sentence in a message box
  saying that nothing was saved; the window stays open and the database usable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from fieldkit.services.database import Database, StoreError, sqlite_file
from fieldkit.ui.i18n import current_language

_preferred: list[str] = [""]


def prefer_folder(folder: str) -> None:
    """The folder the user chose in the settings (``app.export_dir``; '' = documents)."""
    _preferred[0] = folder


def dialog_folder(db: Database | None) -> Path:
    """Where a file dialog starts: the chosen export folder or the documents folder, never
    the database's folder."""
    database_folder = _database_folder(db)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    preferred = str(Path(_preferred[0]).expanduser()) if _preferred[0] else ""
    for candidate in (preferred, documents, str(Path.home())):
        if candidate and Path(candidate).is_dir():
            folder = Path(candidate).resolve()
            if folder != database_folder:
                return folder
    # Home is the database's folder: its parent is still not the database's folder.
    return Path.home().resolve().parent


def _database_folder(db: Database | None) -> Path | None:
    file = sqlite_file(db.url) if db is not None else None
    return file.resolve().parent if file is not None else None


def start_path(db: Database | None, suggested_name: str = "") -> str:
    """The dialog's start: the safe folder, with the suggested file name (only its name)."""
    folder = dialog_folder(db)
    name = Path(suggested_name).name if suggested_name else ""
    return str(folder / name) if name else str(folder)


def open_file_name(parent: QWidget | None, db: Database | None, title: str, pattern: str) -> str:
    """Ask for a file to read, starting in the safe folder ('' when cancelled)."""
    name, _ = QFileDialog.getOpenFileName(parent, title, start_path(db), pattern)
    return name


def save_file_name(
    parent: QWidget | None, db: Database | None, title: str, suggested_name: str, pattern: str
) -> str:
    """Ask where to save, starting in the safe folder with ``suggested_name`` ('' cancelled)."""
    name, _ = QFileDialog.getSaveFileName(parent, title, start_path(db, suggested_name), pattern)
    return name


def existing_folder(parent: QWidget | None, db: Database | None, title: str) -> str:
    """Ask for a folder, starting in the safe folder ('' when cancelled)."""
    return QFileDialog.getExistingDirectory(parent, title, start_path(db))


def show_store_error(parent: QWidget | None, exc: StoreError) -> None:
    """Say in a message box what the database refused (one sentence: nothing was saved)."""
    QMessageBox.warning(
        parent,
        QCoreApplication.translate("safety", "Nicht gespeichert"),
        exc.message(current_language()),
    )
