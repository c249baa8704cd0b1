"""The escalation chain (Heilbronn concept) and its reasons."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from fieldkit.domain.escalation import (
    EscalationChain,
    Invitation,
    age_on,
    evaluate,
    missing_steps,
    timeline,
)
from fieldkit.domain.legal import parameters_on
from fieldkit.domain.reasons import CODES, MESSAGES, Reason, Status, placeholders, status_of
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import IsoWeek

RULES = RulesSettings()

GOOD = EscalationChain(
    geburtsdatum=date(1988, 3, 14),
    langzeitarbeitslos=False,
    einladung1=Invitation(date(2026, 9, 21), rfb=False, erschienen=False),
    einladung2=Invitation(date(2026, 10, 12), rfb=True, erschienen=False),
    anruf1=datetime(2026, 10, 19, 9, 10),
    anruf2=datetime(2026, 10, 22, 15, 40),
    sinnhaftigkeit="Kontaktabbruch seit Sommer",
    termin=datetime(2026, 12, 10, 9, 0),
    vorgemerkt_am=datetime(2026, 11, 24, 10, 15),
)


def codes(chain: EscalationChain, rules: RulesSettings = RULES) -> list[str]:
    return evaluate(chain, rules).codes


def change(**kw: object) -> EscalationChain:
    return dataclasses.replace(GOOD, **kw)  # type: ignore[arg-type]


def test_complete_chain_is_eligible() -> None:
    result = evaluate(GOOD, RULES)
    assert result.status is Status.ELIGIBLE
    assert result.reasons == ()
    assert result.visit_week == IsoWeek(2026, 49)
    assert not result.late


@pytest.mark.parametrize(
    ("changes", "expected", "status"),
    [
        ({"einladung1": None}, ["E_INV1_MISSING"], Status.BLOCKED),
        (
            {"einladung1": Invitation(date(2026, 9, 21), erschienen=True)},
            ["E_INV1_ATTENDED"],
            Status.BLOCKED,
        ),
        ({"einladung2": None}, ["E_INV2_MISSING"], Status.BLOCKED),
        (
            {"einladung2": Invitation(date(2026, 10, 12), rfb=False)},
            ["E_INV2_NO_RFB"],
            Status.BLOCKED,
        ),
        (
            {"einladung2": Invitation(date(2026, 10, 12), rfb=True, erschienen=True)},
            ["E_INV2_ATTENDED"],
            Status.BLOCKED,
        ),
        (
            {"einladung2": Invitation(date(2026, 9, 21), rfb=True)},
            ["E_ORDER"],
            Status.BLOCKED,
        ),
        ({"anruf1": datetime(2026, 10, 1, 9, 0)}, ["E_ORDER"], Status.BLOCKED),
        ({"anruf2": None}, ["E_CALLS_MISSING"], Status.BLOCKED),
        ({"anruf1": None, "anruf2": None}, ["E_CALLS_MISSING"], Status.BLOCKED),
        ({"anruf2": datetime(2026, 10, 19, 15, 0)}, ["E_CALLS_SAME_DAY"], Status.BLOCKED),
        ({"anruf2": datetime(2026, 10, 22, 11, 9)}, ["E_CALLS_SAME_TIME"], Status.BLOCKED),
        (
            {"anruf2": datetime(2026, 10, 19, 10, 0)},
            ["E_CALLS_SAME_DAY", "E_CALLS_SAME_TIME"],
            Status.BLOCKED,
        ),
        (
            {"einladung1": Invitation(date(2026, 9, 21), rfb=True)},
            ["W_INV1_RFB"],
            Status.WARNING,
        ),
        ({"sinnhaftigkeit": "  "}, ["W_NO_REASON"], Status.WARNING),
        ({"sinnhaftigkeit": None}, ["W_NO_REASON"], Status.WARNING),
        ({"termin": None}, ["W_NO_APPOINTMENT"], Status.WARNING),
        (
            # Late: visited in W50, so the appointment must lie after that week.
            {"vorgemerkt_am": datetime(2026, 11, 26, 17, 30), "termin": datetime(2026, 12, 17, 9)},
            ["I_LATE_FLAG"],
            Status.ELIGIBLE,
        ),
    ],
)
def test_every_chain_code(changes: dict[str, object], expected: list[str], status: Status) -> None:
    result = evaluate(change(**changes), RULES)
    assert result.codes == expected
    assert result.status is status


def test_call_on_the_day_of_the_second_invitation_is_in_order() -> None:
    assert codes(change(anruf1=datetime(2026, 10, 12, 9, 0))) == []


def test_call_gap_is_a_setting_and_exactly_the_limit_is_enough() -> None:
    two_hours = change(anruf1=datetime(2026, 10, 19, 13, 40))  # 13:40 vs 15:40
    assert codes(two_hours) == []
    assert codes(two_hours, RulesSettings(call_min_gap_hours=3)) == ["E_CALLS_SAME_TIME"]
    assert codes(change(anruf1=datetime(2026, 10, 19, 13, 41))) == ["E_CALLS_SAME_TIME"]
    result = evaluate(change(anruf1=datetime(2026, 10, 19, 13, 41)), RULES)
    assert "2 Stunden" in result.reasons[0].message("de")


def test_long_term_unemployed_u25_first_invitation_with_rfb_is_right() -> None:
    lza_u25 = change(
        geburtsdatum=date(2003, 7, 2),
        langzeitarbeitslos=True,
        einladung1=Invitation(date(2026, 10, 5), rfb=True),
    )
    assert codes(lza_u25) == []
    # Not long-term unemployed, or not under 25: the RFB is a warning.
    assert codes(dataclasses.replace(lza_u25, langzeitarbeitslos=False)) == ["W_INV1_RFB"]
    assert codes(dataclasses.replace(lza_u25, geburtsdatum=date(1990, 1, 1))) == ["W_INV1_RFB"]


def test_u25_is_judged_on_the_date_of_the_first_invitation() -> None:
    invitation = Invitation(date(2026, 10, 5), rfb=True)
    turns_25_that_day = change(
        geburtsdatum=date(2001, 10, 5), langzeitarbeitslos=True, einladung1=invitation
    )
    assert codes(turns_25_that_day) == ["W_INV1_RFB"]
    day_before = dataclasses.replace(turns_25_that_day, geburtsdatum=date(2001, 10, 6))
    assert codes(day_before) == []
    assert age_on(date(2004, 2, 29), date(2029, 2, 28)) == 24
    assert age_on(date(2004, 2, 29), date(2029, 3, 1)) == 25


def test_sample_row_six_many_reasons_sorted() -> None:
    chain = EscalationChain(
        geburtsdatum=date(1990, 8, 8),
        einladung1=Invitation(date(2026, 11, 2), rfb=False, erschienen=True),
        sinnhaftigkeit="Kommt wieder",
        vorgemerkt_am=datetime(2026, 11, 24, 8, 0),
    )
    assert codes(chain) == ["E_CALLS_MISSING", "E_INV1_ATTENDED", "E_INV2_MISSING",
                            "W_NO_APPOINTMENT"]  # fmt: skip


def test_info_never_changes_the_status() -> None:
    assert status_of([Reason("I_LATE_FLAG")]) is Status.ELIGIBLE
    assert status_of([Reason("I_LATE_FLAG"), Reason("W_NO_REASON")]) is Status.WARNING
    assert status_of([Reason("W_NO_REASON"), Reason("E_ORDER")]) is Status.BLOCKED
    assert status_of([Reason("E_ORDER"), Reason("X_PLZ")]) is Status.INVALID


def test_without_flag_time_there_is_no_week() -> None:
    result = evaluate(change(vorgemerkt_am=None), RULES)
    assert result.visit_week is None
    assert result.status is Status.ELIGIBLE


def test_chain_rules_are_data_that_settings_can_change() -> None:
    relaxed = RulesSettings(legal_overrides=("chain.inv2_with_rfb@2026-01-01=false",))
    no_rfb = change(einladung2=Invitation(date(2026, 10, 12), rfb=False))
    assert codes(no_rfb) == ["E_INV2_NO_RFB"]
    assert codes(no_rfb, relaxed) == []
    assert parameters_on(date(2026, 1, 1), relaxed).flag("chain.inv2_with_rfb") is False


def test_missing_steps_in_plain_german() -> None:
    assert missing_steps(GOOD, RULES) == []
    assert missing_steps(change(anruf2=None), RULES) == ["Zweiter Anruf fehlt"]
    assert missing_steps(change(anruf1=None, anruf2=None), RULES) == [
        "Erster Anruf fehlt",
        "Zweiter Anruf fehlt",
    ]
    assert "Anrufe am selben Tag" in missing_steps(
        change(anruf2=datetime(2026, 10, 19, 15, 0)), RULES
    )
    assert missing_steps(change(einladung1=None), RULES) == ["Erste Einladung fehlt"]


def test_timeline() -> None:
    steps = timeline(GOOD, RULES)
    assert [s.key for s in steps] == ["einladung1", "einladung2", "anruf1", "anruf2",
                                      "sinnhaftigkeit"]  # fmt: skip
    assert all(s.ok for s in steps)
    assert steps[1].note == "mit RFB, nicht erschienen"
    bad = timeline(change(anruf2=datetime(2026, 10, 19, 15, 0), einladung2=None), RULES)
    assert not bad[1].ok
    assert bad[1].note == "fehlt"
    assert not bad[3].ok
    assert bad[3].note == "Anrufe am selben Tag"


def test_every_code_has_german_and_english_with_the_same_placeholders() -> None:
    assert {code for code, _ in MESSAGES} == set(CODES)
    for (code, variant), (de, en) in MESSAGES.items():
        assert de, (code, variant)
        assert en, (code, variant)
        assert placeholders(de) == placeholders(en), (code, variant)


def test_invalid_messages_name_line_and_column() -> None:
    reason = Reason("X_PLZ", "plz", 7, {"value": "7417"})
    assert (
        reason.message("de") == "Zeile 7, Spalte plz: „7417“ ist keine fünfstellige Postleitzahl."
    )
    assert reason.message("en").startswith("Line 7, column plz: ")
    assert Reason("W_NO_REASON", "sinnhaftigkeit").message() == "Sinnhaftigkeit nicht begründet."
