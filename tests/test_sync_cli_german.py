"""``fieldkit sync`` speaks German on a German system (issue 23, item 4), English elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit import lang
from fieldkit.cli import main
from fieldkit.sync.errors import GERMAN, SyncError
from fieldkit.sync.service import SyncReport
from tests.test_sync_helpers import ANNA, central_copy, new_laptop

GERMAN_ENV = {"LC_ALL": "de_DE.UTF-8"}
ENGLISH_WORDS = re.compile(
    r"\b(the|is|not|no|records?|up|down|synced|device|failed|unsynced|with)\b", re.IGNORECASE
)


@pytest.fixture
def central(central_template: str) -> Iterator[str]:
    yield from central_copy(central_template)


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, str, str]:
    for name, value in GERMAN_ENV.items():
        monkeypatch.setenv(name, value)
    try:
        code = main(list(argv))
    finally:
        lang.use("en")
    out, err = capsys.readouterr()
    return code, out, err


def _german(text: str) -> None:
    words = ENGLISH_WORDS.findall(re.sub(r"\S*://\S*|fk_sync_\w+|vm-\w+", "", text))
    assert not words, (words, text)


def test_every_code_has_a_german_sentence() -> None:
    error = SyncError("revoked", "Laptop x is disabled.")
    assert str(error) == "Laptop x is disabled."
    assert error.message("de") == GERMAN["revoked"]
    assert SyncError("no_such_code", "x").message("de") == GERMAN["failed"]
    report = SyncReport(pushed={"visit": 3, "task": 1}, pulled={"customer": 5}, conflicts=1)
    assert report.text("de") == (
        "4 Datensätze hochgeladen (Besuche 3, Aufgaben 1); 5 heruntergeladen (Kunden 5); "
        "1 Konflikt (siehe Konfliktliste)."
    )
    assert report.text() == (
        "4 records up (visit 3, task 1); 5 down (customer 5); 1 conflict (see the conflict list)."
    )


def test_status_sync_and_a_refusal_in_german(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    central: str,
) -> None:
    db = new_laptop(tmp_path / "laptop.sqlite")
    db.dispose()
    path = str(tmp_path / "laptop.sqlite")
    code, out, err = _run(monkeypatch, capsys, "sync", "--status", "--db", path)
    assert (code, err) == (0, "")
    assert "nicht synchronisierte Datensätze" in out
    _german(out)
    code, out, err = _run(
        monkeypatch, capsys, "sync", "--db", path, "--central", central, "--worker", ANNA
    )
    assert (code, err) == (0, "")
    assert "Synchronisiert mit" in out
    assert "heruntergeladen (" in out
    _german(out)
    # A refusal: a worker the central database does not know, in German, no traceback.
    code, out, err = _run(
        monkeypatch, capsys, "sync", "--db", path, "--central", central, "--worker", "Niemand"
    )
    assert code == 1
    assert "kennt keine Außendienstkraft" in err
    _german(err)
    code, out, err = _run(monkeypatch, capsys, "sync", "--status", "--db", path)
    assert "fehlgeschlagen" in out
    _german(out)
