"""Conflicts in the user's words: why a record was not taken and what to do (German, English).

The sync stores a conflict's cause as a code (``reason_code`` in its detail; the database's own
message only as ``technical``, for IT). The app and the CLI show :func:`explain` instead of raw
SQL errors such as "violates foreign key constraint fk_area_member_area_id_area" (issue 21).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError

# Why a store refused a record: (German, English).
REASONS: dict[str, tuple[str, str]] = {
    "unknown_reference": (
        "Der Datensatz verweist auf Stammdaten (Kunde, Vormerkung, Gebiet, Besuch), die die "
        "andere Seite nicht kennt.",
        "The record refers to master data (customer, flag, area, visit) the other side does "
        "not know.",
    ),
    "duplicate": (
        "Die andere Seite hat denselben Eintrag schon unter einer anderen Kennung (z. B. "
        "dieselbe Kundennummer oder denselben Gebietsnamen).",
        "The other side already has the same entry under another id (e.g. the same customer "
        "number or area name).",
    ),
    "not_permitted": (
        "Die zentrale Datenbank nimmt den Datensatz von diesem Konto nicht an: er gehört "
        "nicht zu den Kunden der Gebiete dieser Außendienstkraft.",
        "The central database does not accept the record from this account: it is not of "
        "a customer in this outreach worker's areas.",
    ),
    "invalid": (
        "Der Datensatz ist unvollständig oder hat einen unzulässigen Wert.",
        "The record is incomplete or has a value that is not allowed.",
    ),
}
# What to do about a kind of conflict: (German, English).
ADVICE: dict[str, tuple[str, str]] = {
    "rejected_by_central": (
        "Er bleibt auf dem Laptop und wird bei jeder Synchronisation erneut gesendet; hilft "
        "das nicht, bitte das Büro die Stammdaten prüfen lassen.",
        "It stays on the laptop and is sent again at every sync; if that does not help, ask "
        "the office to check the master data.",
    ),
    "rejected_by_laptop": (
        "Der Laptop behält seine Daten; bitte im Büro klären, welche Fassung gilt.",
        "The laptop keeps its data; please clarify with the office which version holds.",
    ),
    "changed_after_sync": (
        "Die zentrale Fassung gilt; die geänderte Fassung ist im Konflikt aufbewahrt. Eine "
        "Änderung bitte als Korrektur erfassen.",
        "The central version holds; the changed version is kept in the conflict. Please "
        "record a change as a correction.",
    ),
    "competing_corrections": (
        "Beide Korrekturen sind erhalten; bitte im Büro klären, welche gilt.",
        "Both corrections are kept; please clarify with the office which one holds.",
    ),
    "flag_withdrawn_after_visit": (
        "Der Besuch bleibt erhalten; das Büro entscheidet, ob er noch gebraucht wird.",
        "The visit is kept; the office decides whether it is still needed.",
    ),
}


def reason_code(exc: DBAPIError) -> str:
    """The cause of a refused write, from the database's error (PostgreSQL or SQLite)."""
    orig = getattr(exc, "orig", exc)
    state = str(getattr(orig, "sqlstate", "") or "")
    return _classify(state, str(orig))


def _classify(state: str, text: str) -> str:
    lowered = text.lower()
    if state == "23503" or "foreign key" in lowered:
        return "unknown_reference"
    if state == "23505" or "unique" in lowered or "duplicate" in lowered:
        return "duplicate"
    if "row-level security" in lowered:  # the central policies refused it (issue 15)
        return "not_permitted"
    return "invalid"


def explain(kind: str, detail: dict[str, Any], lang: str = "en") -> str:
    """The conflict's cause (where there is one) and what to do, in ``lang``."""
    index = 0 if lang == "de" else 1
    parts: list[str] = []
    code = detail.get("reason_code")
    if not code and detail.get("reason"):  # recorded by an earlier fieldkit: raw text
        code = _classify("", str(detail["reason"]))
    if code:
        parts.append(REASONS.get(str(code), REASONS["invalid"])[index])
    if kind in ADVICE:
        parts.append(ADVICE[kind][index])
    return " ".join(parts)
