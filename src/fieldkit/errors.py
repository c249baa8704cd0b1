"""Errors that are the user's to fix, not bugs."""

from __future__ import annotations


class UserError(Exception):
    """A mistake of the user's, explained in one sentence (the CLI exits with code 1)."""


class FieldkitError(Exception):
    """The one base of the errors a user reads (issue 19, item 3): a ``code`` a caller can
    react to, the sentence in German and in English, and :meth:`message` for a language.

    ``str()`` of the exception is the sentence in :attr:`STR_LANGUAGE` (English unless a
    class says otherwise; :meth:`message` is what callers should use). The classes keep the
    constructors their callers know: :class:`BilingualError` ``(de, en, code)``,
    ``services.planning.PlanningError`` ``(code, en, de)``, ``importing.FlagFileError``
    ``(problem, de, en)``, ``services.printing.PrintingError`` ``(code, **params)`` and
    ``sync.errors.SyncError`` ``(code, english)``.
    """

    STR_LANGUAGE = "en"

    def __init__(self, code: str, de: str, en: str) -> None:
        super().__init__(en if self.STR_LANGUAGE == "en" else de)
        self.code = code
        self.de = de
        self.en = en

    def message(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        return self.en if lang.lower().startswith("en") else self.de


class BilingualError(FieldkitError):
    """A problem the user can fix, said in German (the app) and English (the CLI).

    ``code`` names the cases a caller reacts to rather than only shows (e.g. offering to swap
    lat/lon); '' else.
    """

    def __init__(self, de: str, en: str, code: str = "") -> None:
        super().__init__(code, de, en)


class CliError(BilingualError, UserError):
    """A command line mistake said in both languages; the CLI prints it in the system's
    (:mod:`fieldkit.lang`) and exits with code 1."""
