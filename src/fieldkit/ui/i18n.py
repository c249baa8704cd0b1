"""Loading the UI language: German is the source language, English ships as a translation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from fieldkit.paths import resource_path

_current = "de"


def current_language() -> str:
    """The UI language installed last ('de' until English is installed)."""
    return _current


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """'de' or 'en': the setting if given, else English only for an English system locale.

    The users are German job centres: a laptop with an unset or "C" locale (common on
    freshly installed machines) must still come up in German.
    """
    if setting in ("de", "en"):
        return setting
    locale = system or QLocale.system()
    return "en" if locale.language() == QLocale.Language.English else "de"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install fieldkit's and Qt's own catalogues for ``language``; returns them (keep alive)."""
    global _current
    _current = language
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    if language != "de":
        # One catalogue per part of the UI (see packaging/translations.py).
        for qm in sorted(resource_path("translations").glob(f"*_{language}.qm")):
            own = QTranslator(app)
            if own.load(str(qm)):
                app.installTranslator(own)
                installed.append(own)
    QLocale.setDefault(
        QLocale(
            QLocale.Language.German if language == "de" else QLocale.Language.English,
            QLocale.Country.Germany,
        )
    )
    return installed
