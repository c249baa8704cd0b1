"""The CLI follows the system language (issue 23, point 4): German on a German system,
English elsewhere, with the same exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fieldkit import lang
from fieldkit.cli import main
from tests.conftest import SPEC_DATA
from tests.ui_windows import CODE

SAMPLE = SPEC_DATA / "sample-week.csv"
GERMAN = {"LC_ALL": "de_DE.UTF-8"}
ENGLISH = {"LC_ALL": "en_GB.UTF-8"}
# English words that must not appear in a German CLI sentence.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|no|must|between|cannot|write|rows?|customers?|imported|week|folder)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL wins
        ({"LC_MESSAGES": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANG": "de_CH.UTF-8"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "de_DE"}, "de"),  # an empty variable is no setting
        ({"LANG": "deutsch\x00; rm -rf /"}, "de"),  # hostile: only the prefix counts
        ({"LANG": "x" * 10000}, "en"),
        ({}, "en"),
    ],
)
def test_system_language(environ: dict[str, str], expected: str) -> None:
    assert lang.system_language(environ) == expected


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environ: dict[str, str],
    *argv: str,
) -> tuple[int, str, str]:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    try:
        code = main(list(argv))
    finally:
        lang.use("en")
    out, err = capsys.readouterr()
    return code, out, err


def _german(text: str) -> None:
    assert text.strip()
    words = re.sub(r"--[\w-]+|\S+/\S+", "", text)  # options and paths are not sentences
    assert ENGLISH_WORDS.findall(words) == [], text
    assert CODE.findall(text) == [], text


ERRORS = [
    ("week", "--week", "2026-W99"),  # a week that does not exist
    ("demo", "--count", "0"),
    ("demo", "--complete", "--week", "2026-W50"),
    ("plan", "--week", "2026-W50", "--time-limit", "-5"),
    ("check", "/nonexistent/vormerkliste.csv"),
]


@pytest.mark.parametrize("argv", ERRORS, ids=[" ".join(a) for a in ERRORS])
def test_errors_in_german_and_english_with_the_same_exit_code(
    argv: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = str(tmp_path / "leer.sqlite")
    code_de, _, err_de = run(monkeypatch, capsys, GERMAN, *argv, "--db", db)
    code_en, _, err_en = run(monkeypatch, capsys, ENGLISH, *argv, "--db", db)
    assert code_de == code_en == 1
    assert err_de.startswith("fieldkit: ")
    assert err_de.count("\n") == 1  # one sentence, no traceback
    assert "Traceback" not in err_de + err_en
    _german(err_de.removeprefix("fieldkit: "))
    assert err_en != err_de
    assert ENGLISH_WORDS.search(err_en), err_en


def test_an_empty_database_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "leer.sqlite")
    _, _, err_de = run(monkeypatch, capsys, GERMAN, "week", "--db", db)
    _, _, err_en = run(monkeypatch, capsys, ENGLISH, "week", "--db", db)
    assert err_de == "fieldkit: In dieser Datenbank sind noch keine Kunden vorgemerkt.\n"
    assert err_en == "fieldkit: There are no flagged customers in this database yet.\n"


def test_import_and_week_speak_german_on_a_german_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "w.sqlite")
    code, out, err = run(monkeypatch, capsys, GERMAN, "import", str(SAMPLE), "--db", db)
    assert code == 0, err
    assert "6 Zeilen importiert: 6 neu, 0 geändert, 0 unverändert." in out
    _german(out)
    code, out, _ = run(monkeypatch, capsys, GERMAN, "week", "--db", db)
    assert code == 0
    first = out.splitlines()[0]
    assert re.fullmatch(r"\d{4}-W\d\d: \d+ Kunden?", first), first
    code, out, _ = run(monkeypatch, capsys, ENGLISH, "import", str(SAMPLE), "--db", db)
    assert code == 0
    assert "Imported 6 rows: 0 new, 0 updated, 6 unchanged." in out


def test_a_flag_list_problem_in_german(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "kaputt.csv"
    broken.write_bytes(b"\x00\x01\x02 not a flag list")
    code_de, _, err_de = run(monkeypatch, capsys, GERMAN, "check", str(broken))
    code_en, _, err_en = run(monkeypatch, capsys, ENGLISH, "check", str(broken))
    assert code_de == code_en == 1
    assert err_de != err_en
    assert "Traceback" not in err_de


def test_back_office_commands_speak_german_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "office.sqlite")
    code, out, _ = run(monkeypatch, capsys, GERMAN, "office-absences", "list", "--db", db)
    assert code == 0
    assert out == "Keine Abwesenheiten eingetragen.\n"
    code, out, _ = run(monkeypatch, capsys, ENGLISH, "office-absences", "list", "--db", db)
    assert code == 0
    assert out == "No absences recorded.\n"
