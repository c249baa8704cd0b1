"""The escalation chain before outreach (Heilbronn concept 2021-03, section 2).

Before the outreach service may be called in, the caseworker must have sent a first
invitation without RFB (long-term unemployed U25 customers: with RFB), after a no-show a
second one with RFB, and after another no-show made two documented phone calls on different
days at different times of day. :func:`evaluate` turns a chain into reasons and a status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fieldkit.domain.age import age_on as age_on  # re-exported: callers import it from here
from fieldkit.domain.age import is_u25 as under_limit
from fieldkit.domain.age import u25_limit
from fieldkit.domain.appointment import AppointmentKind
from fieldkit.domain.calendar import WorkingDayCalendar
from fieldkit.domain.legal import LegalParameters, parameters_on
from fieldkit.domain.reasons import Reason, Status, sorted_reasons, status_of
from fieldkit.domain.settings import RulesSettings
from fieldkit.domain.week import (
    IsoWeek,
    flag_deadline,
    parse_clock,
    to_berlin,
    visit_week_for,
)


@dataclass(frozen=True)
class Invitation:
    """An invitation (Einladung): appointment date, with RFB?, did the customer come?"""

    datum: date
    rfb: bool = False
    erschienen: bool = False


@dataclass(frozen=True)
class EscalationChain:
    """What the caseworker did before flagging a customer."""

    geburtsdatum: date | None = None
    langzeitarbeitslos: bool = False
    einladung1: Invitation | None = None
    einladung2: Invitation | None = None
    anruf1: datetime | None = None
    anruf2: datetime | None = None
    sinnhaftigkeit: str | None = None
    termin: datetime | None = None
    vorgemerkt_am: datetime | None = None
    termin_art: AppointmentKind = AppointmentKind.IN_PERSON


@dataclass(frozen=True)
class ChainResult:
    """Status, reasons (sorted by code) and, when the flag time is known, the visit week."""

    status: Status
    reasons: tuple[Reason, ...]
    visit_week: IsoWeek | None = None
    late: bool = False

    @property
    def codes(self) -> list[str]:
        """Just the codes, in order."""
        return [r.code for r in self.reasons]


def is_u25(chain: EscalationChain, params: LegalParameters) -> bool | None:
    """Under 25 on the date of the first invitation (None when that cannot be told)."""
    if chain.geburtsdatum is None or chain.einladung1 is None:
        return None
    return under_limit(chain.geburtsdatum, chain.einladung1.datum, u25_limit(params))


def _reference_day(chain: EscalationChain) -> date:
    # The law in force when the customer was flagged; without a flag time, the latest step.
    if chain.vorgemerkt_am is not None:
        return to_berlin(chain.vorgemerkt_am).date()
    days = [inv.datum for inv in (chain.einladung1, chain.einladung2) if inv is not None]
    days += [to_berlin(c).date() for c in (chain.anruf1, chain.anruf2) if c is not None]
    return max(days) if days else date(2026, 1, 1)


def _clock_minutes(moment: datetime) -> int:
    local = to_berlin(moment)
    return local.hour * 60 + local.minute


def chain_reasons(
    chain: EscalationChain, rules: RulesSettings, params: LegalParameters | None = None
) -> list[Reason]:
    """The ``E_`` and ``W_`` reasons of a chain (unsorted)."""
    params = params or parameters_on(_reference_day(chain), rules)
    reasons: list[Reason] = []
    inv1, inv2 = chain.einladung1, chain.einladung2
    if inv1 is None:
        reasons.append(Reason("E_INV1_MISSING", "einladung1_datum"))
    else:
        if inv1.erschienen:
            reasons.append(Reason("E_INV1_ATTENDED", "einladung1_erschienen"))
        lza_u25 = chain.langzeitarbeitslos and bool(is_u25(chain, params))
        rfb_expected = lza_u25 and params.flag("chain.inv1_rfb_for_lza_u25")
        if params.flag("chain.inv1_without_rfb"):
            # Only where the rule set keeps the first invitation without RFB (§ 15 (4) a.F.).
            if inv1.rfb and not rfb_expected:
                reasons.append(Reason("W_INV1_RFB", "einladung1_rfb"))
            if rfb_expected and not inv1.rfb:
                reasons.append(Reason("W_LZA_U25_INV1_NO_RFB", "einladung1_rfb"))
    if inv2 is None:
        reasons.append(Reason("E_INV2_MISSING", "einladung2_datum"))
    else:
        if not inv2.rfb and params.flag("chain.inv2_with_rfb"):
            reasons.append(Reason("E_INV2_NO_RFB", "einladung2_rfb"))
        if inv2.erschienen:
            reasons.append(Reason("E_INV2_ATTENDED", "einladung2_erschienen"))
    order = _order_reason(chain)
    if order is not None:
        reasons.append(order)
    reasons.extend(_call_reasons(chain, rules, params))
    if not (chain.sinnhaftigkeit or "").strip():
        reasons.append(Reason("W_NO_REASON", "sinnhaftigkeit"))
    if chain.termin is None:
        reasons.append(Reason("W_NO_APPOINTMENT", "termin"))
    if chain.termin_art.remote:
        variant = "video" if chain.termin_art is AppointmentKind.VIDEO else ""
        reasons.append(Reason("W_REMOTE_APPOINTMENT", "termin_art", params={"variant": variant}))
    return reasons


def _day_text(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _moment_text(moment: datetime) -> str:
    return f"{to_berlin(moment):%d.%m.%Y %H:%M}"


def after_flag_reason(chain: EscalationChain) -> Reason | None:
    """``E_AFTER_FLAG`` for the first step (in chain order) that lies after the flag time;
    an invitation's appointment on the flag day itself is fine."""
    if chain.vorgemerkt_am is None:
        return None
    flagged = to_berlin(chain.vorgemerkt_am)
    steps: list[tuple[str, str, bool]] = []
    for column, inv in (
        ("einladung1_datum", chain.einladung1),
        ("einladung2_datum", chain.einladung2),
    ):
        if inv is not None:
            steps.append((column, _day_text(inv.datum), inv.datum > flagged.date()))
    for column, call in (("anruf1", chain.anruf1), ("anruf2", chain.anruf2)):
        if call is not None:
            steps.append((column, _moment_text(call), to_berlin(call) > flagged))
    for column, when, late in steps:
        if late:
            params = {"when": when, "flagged": _moment_text(flagged)}
            return Reason("E_AFTER_FLAG", column, params=params)
    return None


def _closed_day_params(day: date, calendar: WorkingDayCalendar) -> dict[str, str] | None:
    holiday = calendar.holiday_name(day) if calendar.is_holiday(day) else None
    if holiday is not None:
        return {"variant": "holiday", "holiday": holiday}
    if day.weekday() >= 5:
        return {"variant": "saturday" if day.weekday() == 5 else "sunday"}
    return None


def call_hours_reason(
    chain: EscalationChain, rules: RulesSettings, calendar: WorkingDayCalendar
) -> Reason | None:
    """``W_CALL_OFF_HOURS`` for the first call on a weekend or public holiday or outside the
    call hours of the settings (both limits inclusive)."""
    start = parse_clock(rules.call_hours_start, "07:00")
    end = parse_clock(rules.call_hours_end, "19:00")
    for column, call in (("anruf1", chain.anruf1), ("anruf2", chain.anruf2)):
        if call is None:
            continue
        local = to_berlin(call)
        params = _closed_day_params(local.date(), calendar)
        if params is None and not start <= local.time().replace(tzinfo=None) <= end:
            params = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
        if params is not None:
            params["when"] = _moment_text(local)
            return Reason("W_CALL_OFF_HOURS", column, params=params)
    return None


def appointment_reasons(
    chain: EscalationChain, week: IsoWeek, rules: RulesSettings, calendar: WorkingDayCalendar
) -> list[Reason]:
    """What the appointment to hand over means for the visit week: out of date
    (``E_APPOINTMENT_PAST``), inside it (``W_APPOINTMENT_IN_VISIT_WEEK``, with the lead time of
    the settings), on a closed day (``W_APPOINTMENT_CLOSED_DAY``)."""
    if chain.termin is None:
        return []
    day = to_berlin(chain.termin).date()
    when, reasons = _moment_text(chain.termin), []
    base = {"when": when, "week": str(week)}
    if day < week.monday():
        reasons.append(Reason("E_APPOINTMENT_PAST", "termin", params=base))
    elif day <= week.day(7):
        lead = max(0, rules.appointment_lead_working_days)
        latest = calendar.add_working_days(day, -lead) if lead else day
        params = {**base, "lead": str(lead), "latest": _day_text(latest)}
        if latest < week.monday():
            params["variant"] = "too_close"
        reasons.append(Reason("W_APPOINTMENT_IN_VISIT_WEEK", "termin", params=params))
    closed = _closed_day_params(day, calendar)
    if closed is not None:
        reasons.append(Reason("W_APPOINTMENT_CLOSED_DAY", "termin", params={**closed, **base}))
    return reasons


def _order_reason(chain: EscalationChain) -> Reason | None:
    inv1, inv2 = chain.einladung1, chain.einladung2
    if inv1 is not None and inv2 is not None and inv2.datum <= inv1.datum:
        return Reason("E_ORDER", "einladung2_datum", params={"previous": "einladung1_datum"})
    if inv2 is not None:
        for column, call in (("anruf1", chain.anruf1), ("anruf2", chain.anruf2)):
            # Only the invitation's date is known: a call later that same day may follow the
            # no-show, so only a call on an earlier day is out of order.
            if call is not None and to_berlin(call).date() < inv2.datum:
                return Reason("E_ORDER", column, params={"previous": "einladung2_datum"})
    return None


def _call_reasons(
    chain: EscalationChain, rules: RulesSettings, params: LegalParameters
) -> list[Reason]:
    calls = [c for c in (chain.anruf1, chain.anruf2) if c is not None]
    required = params.integer("chain.calls_required")
    if len(calls) < required:
        column = "anruf1" if chain.anruf1 is None else "anruf2"
        return [
            Reason(
                "E_CALLS_MISSING",
                column,
                params={"count": str(len(calls)), "required": str(required)},
            )
        ]
    if len(calls) < 2:
        return []
    first, second = to_berlin(calls[0]), to_berlin(calls[1])
    reasons = []
    if first.date() == second.date():
        reasons.append(Reason("E_CALLS_SAME_DAY", "anruf2"))
    gap = abs(_clock_minutes(first) - _clock_minutes(second))
    if gap < rules.call_min_gap_hours * 60:
        hours = f"{rules.call_min_gap_hours:g}".replace(".", ",")
        reasons.append(Reason("E_CALLS_SAME_TIME", "anruf2", params={"hours": hours}))
    return reasons


def evaluate(
    chain: EscalationChain,
    rules: RulesSettings,
    calendar: WorkingDayCalendar | None = None,
    params: LegalParameters | None = None,
) -> ChainResult:
    """Judge a chain: reasons sorted by code, the status (blocked > warning > eligible; ``I_``
    reasons never count) and, if the flag time is known, the visit week (``I_LATE_FLAG``
    when the flag came after the cutoff)."""
    reasons = chain_reasons(chain, rules, params)
    week: IsoWeek | None = None
    late = False
    cal = calendar if calendar is not None else WorkingDayCalendar.from_settings(rules)
    reasons.extend(r for r in (after_flag_reason(chain), call_hours_reason(chain, rules, cal)) if r)
    if chain.vorgemerkt_am is not None:
        week, late = visit_week_for(chain.vorgemerkt_am, rules, cal)
        reasons.extend(appointment_reasons(chain, week, rules, cal))
        if late:
            asked = IsoWeek.of(to_berlin(chain.vorgemerkt_am).date()).next()
            deadline = flag_deadline(asked, rules, cal)
            reasons.append(
                Reason(
                    "I_LATE_FLAG",
                    "vorgemerkt_am",
                    params={"deadline": f"{deadline:%d.%m.%Y %H:%M}", "week": str(week)},
                )
            )
    ordered = sorted_reasons(reasons)
    return ChainResult(status_of(ordered), ordered, week, late)


@dataclass(frozen=True)
class TimelineStep:
    """One step for the UI's small timeline: what, when, and whether it is fine."""

    key: str
    label: str
    when: date | datetime | None
    ok: bool
    note: str = ""


def timeline(chain: EscalationChain, rules: RulesSettings) -> list[TimelineStep]:
    """The chain as steps in German (Einladungen, Nichterscheinen, Anrufe, Sinnhaftigkeit)."""
    codes = {r.code for r in chain_reasons(chain, rules)}
    inv1, inv2 = chain.einladung1, chain.einladung2

    def inv_note(inv: Invitation | None, attended_code: str) -> str:
        if inv is None:
            return "fehlt"
        rfb = "mit RFB" if inv.rfb else "ohne RFB"
        came = "erschienen" if attended_code in codes else "nicht erschienen"
        return f"{rfb}, {came}"

    rfb_hint = " (RFB unüblich)" if "W_INV1_RFB" in codes else ""
    return [
        TimelineStep(
            "einladung1",
            "1. Einladung",
            inv1.datum if inv1 else None,
            not codes & {"E_INV1_MISSING", "E_INV1_ATTENDED"},
            inv_note(inv1, "E_INV1_ATTENDED") + rfb_hint,
        ),
        TimelineStep(
            "einladung2",
            "2. Einladung",
            inv2.datum if inv2 else None,
            not codes & {"E_INV2_MISSING", "E_INV2_ATTENDED", "E_INV2_NO_RFB"},
            inv_note(inv2, "E_INV2_ATTENDED"),
        ),
        TimelineStep(
            "anruf1", "1. Anruf", chain.anruf1, chain.anruf1 is not None,
            "" if chain.anruf1 else "fehlt",
        ),
        TimelineStep(
            "anruf2", "2. Anruf", chain.anruf2,
            chain.anruf2 is not None and not codes & {"E_CALLS_SAME_DAY", "E_CALLS_SAME_TIME"},
            "; ".join(missing_steps(chain, rules, only={"anruf2"})),
        ),
        TimelineStep(
            "sinnhaftigkeit", "Sinnhaftigkeit", None, "W_NO_REASON" not in codes,
            "" if "W_NO_REASON" not in codes else "nicht begründet",
        ),
    ]  # fmt: skip


_MISSING_TEXT: dict[str, tuple[str, str]] = {
    # code -> (German sentence for the timeline, step key)
    "E_INV1_MISSING": ("Erste Einladung fehlt", "einladung1"),
    "E_INV1_ATTENDED": ("Zur ersten Einladung erschienen", "einladung1"),
    "E_INV2_MISSING": ("Zweite Einladung mit RFB fehlt", "einladung2"),
    "E_INV2_NO_RFB": ("Zweite Einladung ohne RFB", "einladung2"),
    "E_INV2_ATTENDED": ("Zur zweiten Einladung erschienen", "einladung2"),
    "E_ORDER": ("Reihenfolge der Schritte stimmt nicht", "einladung2"),
    "E_CALLS_SAME_DAY": ("Anrufe am selben Tag", "anruf2"),
    "E_CALLS_SAME_TIME": ("Anrufe zur fast gleichen Uhrzeit", "anruf2"),
    "W_INV1_RFB": ("Erste Einladung mit RFB (nur bei LZA U25 vorgesehen)", "einladung1"),
    "W_NO_REASON": ("Sinnhaftigkeit nicht begründet", "sinnhaftigkeit"),
    "W_NO_APPOINTMENT": ("Kein Termin zum Aushändigen", "termin"),
}

# Codes whose own message (in the user's language) is the plain sentence for them.
SELF_EXPLAINING_CODES = frozenset({
    "E_AFTER_FLAG", "E_APPOINTMENT_PAST", "W_APPOINTMENT_IN_VISIT_WEEK",
    "W_APPOINTMENT_CLOSED_DAY", "W_CALL_OFF_HOURS", "W_LZA_U25_INV1_NO_RFB",
    "W_REMOTE_APPOINTMENT",
})  # fmt: skip


def missing_steps(
    chain: EscalationChain, rules: RulesSettings, only: set[str] | None = None
) -> list[str]:
    """What is missing or wrong, in plain German (e.g. "Zweiter Anruf fehlt", "Anrufe am
    selben Tag"); ``only`` limits it to some step keys."""
    texts: list[tuple[str, str]] = []
    for reason in chain_reasons(chain, rules):
        if reason.code == "E_CALLS_MISSING":
            if chain.anruf1 is None:
                texts.append(("Erster Anruf fehlt", "anruf1"))
            if chain.anruf2 is None:
                texts.append(("Zweiter Anruf fehlt", "anruf2"))
        elif reason.code in _MISSING_TEXT:
            texts.append(_MISSING_TEXT[reason.code])
    return [text for text, key in texts if only is None or key in only]


def hours_between_on_clock(first: datetime, second: datetime) -> timedelta:
    """How far apart two calls are on the clock, whatever their days."""
    return timedelta(minutes=abs(_clock_minutes(first) - _clock_minutes(second)))
