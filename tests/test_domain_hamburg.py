"""Hamburg rules and the legal parameters behind them."""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.hamburg import (
    Channel,
    Situation,
    contact_rule,
    counts_as_presence,
    mangelnde_mitwirkung_applies,
    mangelnde_mitwirkung_end,
    meldeversaeumnis_months,
    meldeversaeumnis_reduction,
    minimum_contacts_per_year,
    need_review_due,
    rfb_allowed,
    u25_next_appointment_due,
)
from fieldkit.domain.legal import chain_steps_on, history_with, parameters_on
from fieldkit.domain.settings import RulesSettings
from fieldkit.settings import Settings

HH = WorkingDayCalendar("HH")


def test_mangelnde_mitwirkung_end_is_at_most_30_working_days_ahead() -> None:
    start = date(2026, 11, 23)
    latest = mangelnde_mitwirkung_end(start, HH)
    assert HH.working_days_between(start, latest) == 30
    # Over Christmas and New Year: 25./26.12. and 01.01. do not count.
    assert latest == date(2027, 1, 6)
    assert mangelnde_mitwirkung_end(start, HH, requested_end=date(2026, 12, 4)) == date(2026, 12, 4)
    assert mangelnde_mitwirkung_end(start, HH, requested_end=date(2027, 3, 1)) == latest
    assert mangelnde_mitwirkung_end(start, HH, requested_end=start) == latest


def test_mangelnde_mitwirkung_after_two_missed_written_invitations() -> None:
    assert not mangelnde_mitwirkung_applies(1, date(2026, 1, 1))
    assert mangelnde_mitwirkung_applies(2, date(2026, 1, 1))


def test_u25_next_appointment_within_20_working_days() -> None:
    due = u25_next_appointment_due(date(2026, 5, 4), HH)
    # 14.05. (Himmelfahrt) and 25.05. (Pfingstmontag) are holidays in Hamburg too.
    assert due == date(2026, 6, 3)
    assert HH.working_days_between(date(2026, 5, 4), due) == 20


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 12, 31)))
def test_hamburg_deadlines_count_working_days(start: date) -> None:
    assert HH.working_days_between(start, mangelnde_mitwirkung_end(start, HH)) == 30
    assert HH.working_days_between(start, u25_next_appointment_due(start, HH)) == 20


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2026, 3, 1), Decimal("56.30")),
        (date(2024, 6, 1), Decimal("56.30")),
        (date(2023, 2, 1), Decimal("50.20")),
        (date(2021, 2, 1), Decimal("44.60")),
    ],
)
def test_meldeversaeumnis_reduction(day: date, amount: Decimal) -> None:
    assert meldeversaeumnis_reduction(day) == amount


def test_reduction_follows_a_law_change_in_the_settings_rounded_half_up() -> None:
    rules = RulesSettings(legal_overrides=("standard_rate_eur@2027-01-01=570.05",))
    assert meldeversaeumnis_reduction(date(2027, 2, 1), parameters_on(date(2027, 2, 1), rules)) == (
        Decimal("57.01")  # 57.005 rounds up to the cent
    )
    assert meldeversaeumnis_reduction(
        date(2026, 12, 31), parameters_on(date(2026, 12, 31), rules)
    ) == (Decimal("56.30"))


def test_reduction_lasts_one_month_since_2023() -> None:
    assert meldeversaeumnis_months(date(2022, 6, 1)) == 3
    assert meldeversaeumnis_months(date(2026, 6, 1)) == 1


@pytest.mark.parametrize(
    ("situation", "n"),
    [
        (Situation.UE25_ACTIVATABLE, 2),
        (Situation.U25_UNEMPLOYED, 12),
        (Situation.U25_JOB_SEEKING, 2),
        (Situation.P10_PARENTS, 2),
        (Situation.P10_TRAINING, 1),
        (Situation.P10_OTHER, 2),
        (Situation.INTEGRATED, 1),
    ],
)
def test_minimum_contacts(situation: Situation, n: int) -> None:
    assert minimum_contacts_per_year(situation) == n
    assert situation.label_de


def test_contact_rule_texts() -> None:
    assert contact_rule(Situation.U25_UNEMPLOYED).text_de == "mind. 12× jährlich"
    assert "Abschlussjahr" in contact_rule(Situation.P10_TRAINING).text_de


def test_phone_and_video_never_carry_an_rfb() -> None:
    assert rfb_allowed(Channel.IN_PERSON)
    assert not rfb_allowed(Channel.PHONE)
    assert not rfb_allowed(Channel.VIDEO)
    assert counts_as_presence(Channel.VIDEO)
    assert not counts_as_presence(Channel.PHONE)


def test_need_review_every_six_months() -> None:
    assert need_review_due(date(2026, 8, 31)) == date(2027, 2, 28)
    assert need_review_due(date(2026, 1, 15)) == date(2026, 7, 15)


def test_parameters_have_validity_and_bad_overrides_are_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert parameters_on(date(2019, 1, 1)).decimal("standard_rate_eur") == Decimal("432.00")
    assert parameters_on(date(2026, 1, 1)).decimal("standard_rate_eur") == Decimal("563.00")
    with caplog.at_level(logging.WARNING):
        history = history_with(["nonsense", "unknown@2026-01-01=1", "chain.calls_required@x=2"])
    assert history["chain.calls_required"][-1].value == 2
    assert len(caplog.records) == 3
    with pytest.raises(TypeError):
        parameters_on(date(2026, 1, 1)).integer("standard_rate_eur")


def test_chain_steps_have_validity() -> None:
    assert chain_steps_on(date(2021, 1, 1)) == ()
    assert [s.key for s in chain_steps_on(date(2026, 1, 1))][:2] == ["einladung1", "einladung2"]


def test_rules_settings_round_trip_through_the_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "rules": {
                    "federal_state": "HH",
                    "extra_closed_days": ["12-24", "12-31"],
                    "legal_overrides": ["standard_rate_eur@2027-01-01=570.00"],
                    "max_import_rows": 5000,
                }
            }
        ),
        encoding="utf-8",
    )
    rules = Settings.load(path).section("rules", RulesSettings)
    assert rules.extra_closed_days == ("12-24", "12-31")
    assert rules.max_import_rows == 5000
    assert not WorkingDayCalendar.from_settings(rules).is_working_day(date(2027, 12, 31))
    assert meldeversaeumnis_reduction(
        date(2027, 3, 1), parameters_on(date(2027, 3, 1), rules)
    ) == Decimal("57.00")
