"""Reading and writing setup files for the window and the wizard (one sentence on failure)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from fieldkit.domain import setup as domain_setup
from fieldkit.domain.setup import OfficeSetup, SetupError
from fieldkit.services import setup as setup_service
from fieldkit.ui.ops import SaidError

# A setup file is a few kilobytes; a larger one is refused before it is read (50 MB …).
MAX_BYTES = domain_setup.MAX_FILE_BYTES


class SetupFileError(SaidError):
    """A setup file that cannot be read or written; ``str()`` is one sentence (UI language)."""


def read_setup_file(path: str | Path, lang: str = "de") -> OfficeSetup:
    """The setup in the file; :class:`SetupFileError` with one sentence when it is broken."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise OSError
    except OSError:
        raise SetupFileError(
            QCoreApplication.translate("setup", "Die Datei „%1“ lässt sich nicht öffnen.").replace(
                "%1", file.name
            )
        ) from None
    if size > MAX_BYTES:
        raise SetupFileError(
            QCoreApplication.translate(
                "setup", "„%1“ ist keine Einrichtungsdatei: sie ist größer als %2 MB."
            )
            .replace("%1", file.name)
            .replace("%2", str(MAX_BYTES // (1024 * 1024)))
        )
    try:
        data = file.read_bytes()
    except OSError:
        raise SetupFileError(
            QCoreApplication.translate("setup", "Die Datei „%1“ lässt sich nicht lesen.").replace(
                "%1", file.name
            )
        ) from None
    try:
        return setup_service.parse_setup(data, filename=file.name)
    except SetupError as exc:
        first = exc.problems[0].located(file.name, lang) if exc.problems else exc.message(lang)
        more = len(exc.problems) - 1
        if more > 0:
            return_text = QCoreApplication.translate("setup", "%1 (und %2 weitere Probleme)")
            raise SetupFileError(
                return_text.replace("%1", first).replace("%2", str(more))
            ) from None
        raise SetupFileError(first) from None


def write_setup_file(setup: OfficeSetup, path: str | Path) -> None:
    """Write ``setup`` as TOML to ``path`` whole or not at all."""
    file = Path(path)
    text = domain_setup.dump_setup(setup)
    try:
        handle, temp = tempfile.mkstemp(prefix=".fieldkit-setup-", dir=file.parent or ".")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, file)
    except OSError:
        raise SetupFileError(
            QCoreApplication.translate(
                "setup", "Die Datei „%1“ lässt sich nicht schreiben."
            ).replace("%1", file.name)
        ) from None
