"""Calm, correct wording (issue 23, point 4): no codes, English or debug text on German screens."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fieldkit.domain.reasons import Reason
from fieldkit.services.planning import PlanRoute, PlanStop
from fieldkit.store.db import Database
from fieldkit.ui.planning.models import DayRoutesModel
from fieldkit.wording import count, join_sentences
from tests.ui_windows import (
    bad_words,
    demo_database,
    every_window,
    main_window,
    select_blocked,
    visible_texts,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    yield from demo_database(tmp_path_factory.mktemp("demo"))


@pytest.mark.slow
def test_every_window_speaks_plain_german(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    window = main_window(qtbot, demo, tmp_path)
    assert window.current_week(), "the demo week must be shown"
    select_blocked(window)
    assert window.detail.isVisible()
    found = []
    for name, widget in every_window(qtbot, window, tmp_path):
        for where, text in visible_texts(widget):
            words = bad_words(text)
            if words:
                found.append(f"{name} {where}: {words} in {text[:120]!r}")
    assert found == [], "\n".join(found)


def test_the_detail_panel_names_reasons_without_their_code(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    window = main_window(qtbot, demo, tmp_path)
    select_blocked(window)
    shown = " ".join(t for _w, t in visible_texts(window.detail))
    assert "Prüfergebnis" in shown
    assert bad_words(shown) == []


def test_reasons_join_without_double_punctuation() -> None:
    messages = [
        Reason("E_CALLS_MISSING", "anruf2", params={"required": "2", "count": "1"}).message(),
        Reason("E_CALLS_SAME_DAY", "anruf2").message(),
    ]
    assert all(m.endswith(".") for m in messages)
    joined = join_sentences(messages)
    assert ".;" not in joined
    assert joined.endswith(".")
    assert not joined.endswith("..")
    assert join_sentences([]) == ""
    assert join_sentences(["  ", "Eins.", "Zwei"]) == "Eins; Zwei."


def test_counts_say_one_stop_and_two_stops() -> None:
    assert count(1, "stop", "stops") == "1 stop"
    assert count(0, "stop", "stops") == "0 stops"
    assert count(2, "customer", "customers") == "2 customers"


def _stop(arrival: int, start: int) -> PlanStop:
    return PlanStop(
        id=uuid.uuid4(),
        flag_id=uuid.uuid4(),
        kundennummer="962D000001",
        name="Testa, Zander",
        address="Ulmenweg 4, 74074 Heilbronn",
        lat=None,
        lon=None,
        arrival=arrival,
        start=start,
        service=1800,
        status="planned",
        pinned=False,
        visited=False,
        window="ab 10:00",
    )


def test_arrival_says_how_long_the_worker_waits(qtbot: QtBot) -> None:
    from datetime import date

    model = DayRoutesModel()
    waiting = _stop(8 * 3600 + 8 * 60, 10 * 3600)
    direct = _stop(11 * 3600, 11 * 3600)
    day = date(2026, 12, 7)
    route = PlanRoute(uuid.uuid4(), day, None, "Frau Test", (waiting, direct), 0, 0, 0)
    model.set_routes([route])
    first = model.stop_index(waiting.id)
    assert first.data() == "1.  08:08, wartet bis 10:00"
    assert "Ankunft 08:08, wartet bis 10:00" in model.stop_index(waiting.id).data(3)
    assert model.stop_index(direct.id).data() == "2.  11:00"


def test_the_cli_counts_one_customer_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldkit.cli import main

    db = str(tmp_path / "one.sqlite")
    assert main(["demo", "--db", db, "--count", "1", "--week", "2026-W50"]) == 0
    out = capsys.readouterr().out
    assert "1 customer flagged" in out
    assert "1 customers" not in out
    assert main(["week", "--db", db, "--week", "2026-W50"]) == 0
    out = capsys.readouterr().out
    assert "2026-W50: 1 customer\n" in out
