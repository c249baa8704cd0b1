"""Errors that are the user's to fix, not bugs."""

from __future__ import annotations


class UserError(Exception):
    """A mistake of the user's, explained in one sentence (the CLI exits with code 1)."""


class BilingualError(Exception):
    """A problem the user can fix, said in German (the app) and English (the CLI).

    ``str()`` of the exception is the sentence in :attr:`STR_LANGUAGE`. ``code`` names the
    cases a caller reacts to rather than only shows (e.g. offering to swap lat/lon); '' else.
    """

    STR_LANGUAGE = "en"

    def __init__(self, de: str, en: str, code: str = "") -> None:
        super().__init__(en if self.STR_LANGUAGE == "en" else de)
        self.de = de
        self.en = en
        self.code = code

    def message(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        return self.en if lang.lower().startswith("en") else self.de


class CliError(BilingualError, UserError):
    """A command line mistake said in both languages; the CLI prints it in the system's
    (:mod:`fieldkit.lang`) and exits with code 1."""
