"""The language of the command line: the system's (issue 23).

On a German system (``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` naming ``de…``, in the order
POSIX gives them precedence) the ``fieldkit`` command speaks German, elsewhere English. The
app itself has its own setting (``app.language``, see :mod:`fieldkit.ui.i18n`).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

_current = ["en"]


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """'de' when the system's message language is German, else 'en'.

    The first of LC_ALL, LC_MESSAGES, LANG that is set decides ("C"/"POSIX" is English);
    without any (Windows) the locale Python reports.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return "de" if value.lower().startswith("de") else "en"
    if environ is not None:
        return "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "de" if code.lower().startswith(("de", "german")) else "en"


def use(language: str) -> None:
    """Make ``language`` ('de'/'en') the one :func:`say` speaks (the CLI sets it at start)."""
    _current[0] = "de" if language == "de" else "en"


def current() -> str:
    """The language :func:`say` speaks ('en' until :func:`use` is called)."""
    return _current[0]


def say(de: str, en: str) -> str:
    """The German or the English sentence, in the current language."""
    return de if _current[0] == "de" else en
