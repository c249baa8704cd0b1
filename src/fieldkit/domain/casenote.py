"""The Verbis-Vermerk and the caseworker's task, written from a doorstep visit record.

Plain Python, no Qt, no database: :class:`VisitRecord` carries what the form holds and
:func:`verbis_vermerk` / :func:`caseworker_tasks` turn it into the German texts an outreach
worker would type into VerBIS: short factual sentences, date and time first, then the outcome,
what was handed over or dropped into the mailbox, and what was pointed out. "KD" is the
customer (Kunde/Kundin), "HB" the responsible caseworker, as in the Jobcenter's own notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from fieldkit.domain.model import NotMetReason, Outcome
from fieldkit.domain.week import BERLIN

#: The checkboxes of the form, stored by these keys in ``Visit.details`` (never renamed).
MET_ITEMS: tuple[str, ...] = (
    "handed_over",
    "legal_consequences",
    "relationship",
    "meet_and_walk",
    "general_info",
    "low_threshold",
    "cooperation_pointed_out",
    "refused_talk",
)
NOT_MET_ITEMS: tuple[str, ...] = ("mailbox_invitation", "mailbox_package", "mailbox_name_checked")

#: Pre-ticked when a visit starts: the usual case needs no click.
DEFAULT_DETAILS: dict[str, Any] = {
    "handed_over": True,
    "mailbox_invitation": True,
    "mailbox_package": True,
}

_REASON_DE: dict[NotMetReason, str] = {
    NotMetReason.NOBODY_OPENED: "Es wurde nicht geöffnet",
    NotMetReason.ADDRESS_NOT_FOUND: "Die Anschrift war vor Ort nicht auffindbar",
    NotMetReason.MOVED_AWAY: "KD ist nach Angaben vor Ort verzogen",
    NotMetReason.OTHER: "Sonstiger Grund",
}


@dataclass(frozen=True)
class VisitRecord:
    """What the visit form holds, with the customer's facts the texts mention."""

    visited_at: datetime  # aware
    outcome: Outcome | None
    not_met_reason: NotMetReason | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    complex_case: bool = False
    benefits_hint: str = ""
    customer_name: str = ""
    kundennummer: str = ""
    address: str = ""
    appointment_at: datetime | None = None
    appointment_place: str = ""
    open_cooperation: Sequence[str] = ()
    caseworker: str = ""
    worker: str = ""
    #: Whether the invitation to hand over carries an RFB (None: unknown) and its rule set.
    invitation_rfb: bool | None = None
    rule_set: str = ""
    #: The preparation facts (E-Akte, LSB) in German; empty when nothing was recorded.
    preparation: Sequence[str] = ()

    @property
    def delivered(self) -> bool:
        """An invitation reached the customer: handed over in person or put in the mailbox."""
        if self.outcome is Outcome.MET:
            return self.flag("handed_over")
        if self.outcome is Outcome.NOT_MET:
            return self.flag("mailbox_invitation")
        return False

    def flag(self, key: str) -> bool:
        """A checkbox of the form (pre-ticked ones count as ticked until unticked)."""
        return bool(self.details.get(key, DEFAULT_DETAILS.get(key, False)))

    def text(self, key: str) -> str:
        """A text field of the form kept in ``details``, stripped."""
        return str(self.details.get(key) or "").strip()

    @property
    def benefits_hint_given(self) -> bool:
        """The "hint for the benefits department" box is ticked."""
        return self.flag("benefits_hint_given")


@dataclass(frozen=True)
class TaskText:
    """A task (Aufgabe) for the caseworker."""

    kind: str  # "visit" or "complex_case"
    title: str
    text: str
    due_date: date


def _when(value: datetime) -> str:
    local = value.astimezone(BERLIN)
    return f"{local:%d.%m.%Y} um {local:%H:%M} Uhr"


def _appointment(record: VisitRecord) -> str:
    if record.appointment_at is None:
        return "die Einladung"
    text = f"die Einladung zum Termin am {_when(record.appointment_at)}"
    if record.appointment_place.strip():
        text += f" ({record.appointment_place.strip()})"
    return text


def _cap(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _sentence(text: str, *, capitalise: bool = True) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    if capitalise:
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


#: What can be missing before a visit may be finished: (German, English) per code.
PROBLEMS: dict[str, tuple[str, str]] = {
    "outcome": (
        "Bitte angeben, ob KD angetroffen wurde.",
        "Please say whether the customer was met.",
    ),
    "not_met_reason": (
        "Bitte den Grund angeben, warum KD nicht angetroffen wurde.",
        "Please give the reason why the customer was not met.",
    ),
    "other_reason": (
        "Bitte den sonstigen Grund kurz beschreiben.",
        "Please describe the other reason briefly.",
    ),
    "mailbox_reason": (
        "Bitte begründen, warum Einladung oder Kunden-Paket nicht eingeworfen wurden.",
        "Please say why the invitation or the customer package was not put in the mailbox.",
    ),
    "low_threshold_text": (
        "Bitte kurz angeben, welche Leistungsangelegenheit geklärt wurde.",
        "Please say briefly which benefit matter was settled.",
    ),
    "benefits_hint": (
        "Bitte den Hinweis für die Leistungsabteilung eingeben.",
        "Please enter the hint for the benefits department.",
    ),
    "legal_consequences": (
        "Die Einladung enthält eine Rechtsfolgenbelehrung: Bitte bestätigen, dass auf die "
        "Rechtsfolgen hingewiesen wurde.",
        "The invitation carries a notice of legal consequences: please confirm that they were "
        "pointed out.",
    ),
    "mailbox_name": (
        "Bitte bestätigen, dass der Name am Briefkasten geprüft wurde.",
        "Please confirm that the name on the mailbox was checked.",
    ),
}


def problem_codes(record: VisitRecord) -> list[str]:
    """What is missing before the visit may be finished, as keys of :data:`PROBLEMS`."""
    found: list[str] = []
    if record.outcome is None:
        return ["outcome"]
    if record.outcome is Outcome.NOT_MET:
        if record.not_met_reason is None:
            found.append("not_met_reason")
        elif record.not_met_reason is NotMetReason.OTHER and not record.text("not_met_text"):
            found.append("other_reason")
        dropped = record.flag("mailbox_invitation") and record.flag("mailbox_package")
        if not dropped and not record.text("mailbox_reason"):
            found.append("mailbox_reason")
        if record.flag("mailbox_invitation") and not record.flag("mailbox_name_checked"):
            found.append("mailbox_name")
    else:
        if record.flag("low_threshold") and not record.text("low_threshold_text"):
            found.append("low_threshold_text")
        rfb_in_person = record.flag("handed_over") and record.invitation_rfb is True
        if rfb_in_person and not record.flag("legal_consequences"):
            found.append("legal_consequences")
    if record.benefits_hint_given and not record.benefits_hint.strip():
        found.append("benefits_hint")
    return found


def problems(record: VisitRecord, lang: str = "de") -> list[str]:
    """What is missing, as sentences in German (or English for "en…"); empty: ok."""
    english = lang.lower().startswith("en")
    return [PROBLEMS[code][1 if english else 0] for code in problem_codes(record)]


def verbis_vermerk(record: VisitRecord) -> str:
    """The case note as a caseworker writes it: concise, factual, German."""
    head = f"Aufsuchende Beratung am {_when(record.visited_at)}"
    if record.address.strip():
        head += f", {record.address.strip()}"
    lines = [head + "."]
    if record.preparation:
        lines.append(f"Vorbereitung: {', '.join(record.preparation)}.")
    if record.outcome is Outcome.MET:
        lines.extend(_met_lines(record))
    elif record.outcome is Outcome.NOT_MET:
        lines.extend(_not_met_lines(record))
    note = _sentence(record.note, capitalise=False)
    if note:
        lines.append(f"Bemerkung: {note}")
    if record.complex_case:
        lines.append("Komplexer Sachverhalt: persönliches Gespräch mit dem HB erforderlich.")
    hint = _sentence(record.benefits_hint, capitalise=False)
    if record.benefits_hint_given and hint:
        lines.append(f"Hinweis an die Leistungsabteilung (über die E-Akte): {hint}")
    if record.worker.strip():
        lines.append(f"{record.worker.strip()} (Aufsuchende Beratung)")
    return "\n".join(lines)


def _met_lines(record: VisitRecord) -> list[str]:
    lines = ["KD angetroffen."]
    if record.flag("refused_talk"):
        lines.append("KD verweigerte das Gespräch.")
    if record.flag("handed_over"):
        lines.append(f"{_cap(_appointment(record))} wurde persönlich ausgehändigt.")
        lines.extend(_rfb_lines(record))
    else:
        lines.append("Die Einladung wurde nicht persönlich ausgehändigt.")
    if record.flag("legal_consequences"):
        lines.append("Auf die Rechtsfolgen bei Nichterscheinen wurde hingewiesen.")
    if record.flag("relationship"):
        lines.append("Der Aufbau eines Arbeitsbündnisses wurde versucht.")
    if record.flag("meet_and_walk"):
        lines.append("Auf Wunsch des KD erfolgte ein Meet and Walk.")
    if record.flag("general_info"):
        lines.append("Allgemeine Auskünfte wurden erteilt.")
    if record.flag("low_threshold"):
        what = record.text("low_threshold_text")
        lines.append(
            "Niederschwellige Leistungsangelegenheit geklärt"
            + (f": {_sentence(what)}" if what else ".")
        )
    if record.flag("cooperation_pointed_out"):
        items = [s.strip() for s in record.open_cooperation if s.strip()]
        lines.append(
            "KD wurde auf offene Mitwirkungsschreiben hingewiesen"
            + (f" ({', '.join(items)})." if items else ".")
        )
    return lines


def _rfb_lines(record: VisitRecord) -> list[str]:
    """Whether the delivered invitation carried an RFB, and under which rule set."""
    if record.invitation_rfb is None:
        return []
    if not record.invitation_rfb:
        return ["Die Einladung enthielt keine Rechtsfolgenbelehrung."]
    under = f" (Regelwerk {record.rule_set})" if record.rule_set else ""
    return [f"Die Einladung enthielt eine Rechtsfolgenbelehrung{under}."]


def _not_met_lines(record: VisitRecord) -> list[str]:
    reason = record.not_met_reason
    lines = ["KD nicht angetroffen."]
    if reason is NotMetReason.OTHER:
        other = record.text("not_met_text")
        lines.append(_sentence(other) if other else _REASON_DE[reason] + ".")
    elif reason is not None:
        lines.append(_REASON_DE[reason] + ".")
    invitation = record.flag("mailbox_invitation")
    package = record.flag("mailbox_package")
    appointment = _appointment(record)
    if invitation and package:
        lines.append(
            f"{_cap(appointment)} sowie das Kunden-Paket (Anschreiben, Flyer, "
            "allgemeine Infos) wurden in den Briefkasten eingeworfen."
        )
    elif invitation:
        lines.append(f"{_cap(appointment)} wurde in den Briefkasten eingeworfen.")
    elif package:
        lines.append("Das Kunden-Paket wurde in den Briefkasten eingeworfen.")
    if invitation:
        lines.extend(_rfb_lines(record))
        if record.flag("mailbox_name_checked"):
            lines.append("Der Name am Briefkasten wurde geprüft.")
    if not (invitation and package):
        missing = []
        if not invitation:
            missing.append("Einladung")
        if not package:
            missing.append("Kunden-Paket")
        why = record.text("mailbox_reason")
        lines.append(
            f"{' und '.join(missing)} nicht eingeworfen" + (f": {_sentence(why)}" if why else ".")
        )
    return lines


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def caseworker_tasks(record: VisitRecord, *, correction: bool = False) -> list[TaskText]:
    """The task for the HB after the visit, and a second one for a complex case."""
    visit_day = record.visited_at.astimezone(BERLIN).date()
    who = record.customer_name.strip() or "KD"
    if record.kundennummer.strip():
        who += f" ({record.kundennummer.strip()})"
    if record.outcome is Outcome.MET:
        result = "angetroffen, Einladung persönlich ausgehändigt"
        if not record.flag("handed_over"):
            result = "angetroffen"
    else:
        result = "nicht angetroffen"
        if record.flag("mailbox_invitation"):
            result += ", Einladung eingeworfen"
    title = f"Aufsuchende Beratung: {who} {result}"
    if correction:
        title = "Korrektur – " + title
    lines = [f"Aufsuchende Beratung am {_when(record.visited_at)}: KD {result}."]
    if record.appointment_at is not None and record.delivered:
        due = record.appointment_at.astimezone(BERLIN).date()
        check = f"Bitte die Wahrnehmung des Termins am {_when(record.appointment_at)} prüfen"
        if record.invitation_rfb is False:
            lines.append(check + "; die Einladung enthielt keine Rechtsfolgenbelehrung.")
        else:
            lines.append(
                check + "; bei erneutem Nichterscheinen ist eine vorläufige Zahlungseinstellung "
                "möglich."
            )
    else:
        due = _next_working_day(visit_day)
        if record.appointment_at is not None:
            lines.append(
                "Die Einladung wurde nicht zugestellt; der Termin kann nicht vorausgesetzt "
                "werden. Bitte das weitere Vorgehen prüfen."
            )
    lines.append("Einzelheiten im Verbis-Vermerk vom " + f"{visit_day:%d.%m.%Y}.")
    if record.benefits_hint_given and record.benefits_hint.strip():
        # The hint waits in the benefits outbox until handed over (services/office_outbox.py
        # rewrites this sentence then); it must not claim it already went.
        lines.append(
            "Ein Hinweis der Aufsuchenden Beratung ist zur Weitergabe an die "
            "Leistungsabteilung vorgemerkt (Postausgang)."
        )
    tasks = [TaskText("visit", title[:200], "\n".join(lines), due)]
    if record.complex_case:
        tasks.append(
            TaskText(
                "complex_case",
                f"Komplexer Sachverhalt: Gespräch mit der Aufsuchenden Beratung – {who}"[:200],
                "Nach dem Hausbesuch ist ein persönliches Gespräch zwischen HB und "
                "Aufsuchender Beratung erforderlich. Bitte zeitnah einen Termin abstimmen."
                + (f"\nAnsprechpartner/in: {record.worker.strip()}" if record.worker else ""),
                _next_working_day(visit_day),
            )
        )
    return tasks
