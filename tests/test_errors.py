"""One error base (issue 19, item 3): every error a user reads has a code, a German and an
English sentence and message(lang), whatever constructor its callers know."""

from __future__ import annotations

import pytest

from fieldkit.errors import BilingualError, CliError, FieldkitError, UserError
from fieldkit.importing import FlagFileError
from fieldkit.importing.reader import Problem
from fieldkit.services.planning import PlanningError
from fieldkit.services.printing import PrintingError
from fieldkit.sync.errors import SyncError


def _says(exc: FieldkitError, code: str, de: str, en: str) -> None:
    assert isinstance(exc, FieldkitError)
    assert exc.code == code
    assert (exc.de, exc.en) == (de, en)
    assert exc.message("de") == de
    assert exc.message("de_DE") == de
    assert exc.message("en") == en
    assert exc.message("EN_gb") == en


def test_bilingual_error_keeps_de_en_code() -> None:
    _says(BilingualError("Nein.", "No."), "", "Nein.", "No.")
    _says(BilingualError("Tauschen?", "Swap?", "swap"), "swap", "Tauschen?", "Swap?")
    assert str(BilingualError("Nein.", "No.")) == "No."
    cli = CliError("Falsch.", "Wrong.")
    assert isinstance(cli, UserError)
    _says(cli, "", "Falsch.", "Wrong.")


def test_planning_error_takes_code_english_german() -> None:
    exc = PlanningError("no_workers", "No outreach workers.", "Keine Außendienstkräfte.")
    _says(exc, "no_workers", "Keine Außendienstkräfte.", "No outreach workers.")
    assert isinstance(exc, BilingualError)


def test_flag_file_error_has_its_problem_as_code() -> None:
    exc = FlagFileError(Problem.EMPTY, "Die Datei ist leer.", "The file is empty.")
    _says(exc, "empty", "Die Datei ist leer.", "The file is empty.")
    assert exc.problem is Problem.EMPTY


def test_printing_error_fills_both_sentences_and_stays_english_by_default() -> None:
    exc = PrintingError("unknown_week", week="2026-W50")
    _says(
        exc,
        "unknown_week",
        "Für die Woche 2026-W50 sind keine Kunden vorgemerkt.",
        "Week 2026-W50 has no flagged customers.",
    )
    assert exc.message() == exc.en  # its callers' default language
    assert str(exc) == exc.en
    hostile = PrintingError("unknown_week", week="{week} <b>x</b> " + "9" * 10_000)
    assert hostile.en.startswith("Week {week} <b>x</b> 999")  # values are never re-read
    with pytest.raises(KeyError):
        PrintingError("no_such_code")


def test_sync_error_keeps_code_english_and_is_a_user_error() -> None:
    exc = SyncError("unreachable", "The central database cannot be reached.")
    assert isinstance(exc, UserError)
    _says(
        exc,
        "unreachable",
        # Without a German sentence given, the code's own (the CLI on a German system).
        "Die zentrale Datenbank ist nicht erreichbar. Bitte Netzwerkverbindung und Adresse prüfen.",
        "The central database cannot be reached.",
    )
    assert str(exc) == "The central database cannot be reached."
    german = SyncError("auth", "Login refused.", "Anmeldung abgelehnt.")
    assert german.message("de") == "Anmeldung abgelehnt."


@pytest.mark.parametrize(
    "exc",
    [
        BilingualError("a", "b"),
        PlanningError("c", "en", "de"),
        FlagFileError(Problem.DAMAGED, "de", "en"),
        PrintingError("no_office"),
        SyncError("failed", "Failed."),
    ],
)
def test_one_except_clause_catches_them_all(exc: Exception) -> None:
    with pytest.raises(FieldkitError) as caught:
        raise exc
    assert caught.value.message("en") == caught.value.en != ""
