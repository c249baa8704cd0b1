"""Legal and concept parameters as data with validity dates.

Each parameter has a history of values, each valid from a date until the next entry. A law
change is a new entry: either here in a release, or at once in the settings
(``RulesSettings.legal_overrides``, entries ``name@YYYY-MM-DD=value``), so an office need not
wait for a new version of fieldkit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from fieldkit.domain.settings import RulesSettings

log = logging.getLogger(__name__)

Value = Decimal | int | bool


@dataclass(frozen=True)
class Dated:
    """One value of a parameter, in force from ``valid_from`` until the next entry."""

    valid_from: date
    value: Value
    source: str


def _d(text: str) -> date:
    return date.fromisoformat(text)


# Regelbedarfsstufe 1 (§ 20 SGB II with the yearly Regelbedarfs-Fortschreibung); 2025 and 2026
# were zero rounds ("Nullrunden") under the Besitzschutz of § 28a SGB XII.
_STANDARD_RATE = (
    Dated(_d("2020-01-01"), Decimal("432.00"), "RBSFV 2020"),
    Dated(_d("2021-01-01"), Decimal("446.00"), "RBEG 2021"),
    Dated(_d("2022-01-01"), Decimal("449.00"), "RBSFV 2022"),
    Dated(_d("2023-01-01"), Decimal("502.00"), "Bürgergeld-Gesetz"),
    Dated(_d("2024-01-01"), Decimal("563.00"), "RBSFV 2024"),
    Dated(_d("2025-01-01"), Decimal("563.00"), "Nullrunde 2025"),
    Dated(_d("2026-01-01"), Decimal("563.00"), "Nullrunde 2026"),
)

HISTORY: dict[str, tuple[Dated, ...]] = {
    "standard_rate_eur": _STANDARD_RATE,
    # § 32 SGB II: before the Bürgergeld reform 10 % for three months, since 2023 one month.
    "meldeversaeumnis_percent": (Dated(_d("2005-01-01"), Decimal("10"), "§ 32 SGB II"),),
    "meldeversaeumnis_months": (
        Dated(_d("2005-01-01"), 3, "§ 32 SGB II a.F."),
        Dated(_d("2023-01-01"), 1, "§ 32 SGB II (Bürgergeld-Gesetz)"),
    ),
    # Hamburg concept (Sachstand 20.07.2023).
    "mangelnde_mitwirkung_max_working_days": (
        Dated(_d("2023-07-20"), 30, "Konzept Beratungsaktivität Hamburg"),
    ),
    "mangelnde_mitwirkung_missed_invitations": (
        Dated(_d("2023-07-20"), 2, "Konzept Beratungsaktivität Hamburg"),
    ),
    "u25_next_appointment_working_days": (
        Dated(_d("2023-07-20"), 20, "Konzept Beratungsaktivität Hamburg, § 31a SGB II"),
    ),
    "need_review_months": (Dated(_d("2023-07-20"), 6, "§ 15 Abs. 3 SGB II"),),
    # Heilbronn concept 2021-03 (in force since 27.07.2021): the chain before outreach.
    "chain.u25_age_limit": (Dated(_d("2021-07-27"), 25, "Konzept 2021-03 Heilbronn"),),
    "chain.inv1_without_rfb": (Dated(_d("2021-07-27"), True, "§ 15 Abs. 4 SGB II"),),
    "chain.inv1_rfb_for_lza_u25": (Dated(_d("2021-07-27"), True, "Konzept 2021-03 Heilbronn"),),
    "chain.inv2_with_rfb": (Dated(_d("2021-07-27"), True, "Konzept 2021-03 Heilbronn"),),
    "chain.calls_required": (Dated(_d("2021-07-27"), 2, "Konzept 2021-03 Heilbronn"),),
    # Minimum contacts per year by customer situation (Hamburg concept, 20.07.2023).
    "contacts_per_year.ue25_activatable": (Dated(_d("2023-07-20"), 2, "Hamburg"),),
    "contacts_per_year.u25_unemployed": (Dated(_d("2023-07-20"), 12, "Hamburg"),),
    "contacts_per_year.u25_job_seeking": (Dated(_d("2023-07-20"), 2, "Hamburg"),),
    "contacts_per_year.p10_parents": (Dated(_d("2023-07-20"), 2, "Hamburg"),),
    "contacts_per_year.p10_training": (Dated(_d("2023-07-20"), 1, "Hamburg"),),
    "contacts_per_year.p10_other": (Dated(_d("2023-07-20"), 2, "Hamburg"),),
    "contacts_per_year.integrated": (Dated(_d("2023-07-20"), 1, "Hamburg"),),
}


@dataclass(frozen=True)
class ChainStep:
    """One step of the escalation chain before outreach, with its validity."""

    key: str
    label_de: str
    valid_from: date
    valid_until: date | None = None


CHAIN_STEPS: tuple[ChainStep, ...] = (
    ChainStep("einladung1", "1. Einladung ohne RFB (LZA U25: mit RFB)", _d("2021-07-27")),
    ChainStep("einladung2", "2. Einladung mit RFB", _d("2021-07-27")),
    ChainStep("anruf1", "1. dokumentierter Anruf", _d("2021-07-27")),
    ChainStep("anruf2", "2. Anruf an einem anderen Tag, zu anderer Uhrzeit", _d("2021-07-27")),
    ChainStep("sinnhaftigkeit", "Sinnhaftigkeit geprüft", _d("2021-07-27")),
)


def chain_steps_on(day: date) -> tuple[ChainStep, ...]:
    """The chain's steps in force on ``day``."""
    return tuple(
        s for s in CHAIN_STEPS
        if s.valid_from <= day and (s.valid_until is None or day < s.valid_until)
    )  # fmt: skip


@dataclass(frozen=True)
class LegalParameters:
    """All parameter values in force on one day."""

    on: date
    values: Mapping[str, Value]

    def decimal(self, name: str) -> Decimal:
        """A money or percentage value."""
        value = self.values[name]
        if not isinstance(value, Decimal):
            raise TypeError(f"{name} is not a decimal parameter")
        return value

    def integer(self, name: str) -> int:
        """A count or limit."""
        value = self.values[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} is not an integer parameter")
        return value

    def flag(self, name: str) -> bool:
        """A yes/no rule."""
        value = self.values[name]
        if not isinstance(value, bool):
            raise TypeError(f"{name} is not a yes/no parameter")
        return value


def parse_override(entry: str) -> tuple[str, Dated] | None:
    """Read one ``name@YYYY-MM-DD=value`` entry; None (and a log line) when it is malformed."""
    try:
        head, value_text = entry.split("=", 1)
        name, from_text = head.split("@", 1)
        name, value_text = name.strip(), value_text.strip()
        valid_from = date.fromisoformat(from_text.strip())
        template = HISTORY[name][0].value
        value: Value
        if isinstance(template, bool):
            if value_text.lower() not in ("true", "false", "ja", "nein", "1", "0"):
                raise ValueError(value_text)
            value = value_text.lower() in ("true", "ja", "1")
        elif isinstance(template, int):
            value = int(value_text)
        else:
            value = Decimal(value_text.replace(",", "."))
    except (ValueError, KeyError, InvalidOperation):
        log.warning("ignoring malformed legal override %r", entry)
        return None
    return name, Dated(valid_from, value, "Einstellung")


def history_with(overrides: Iterable[str] = ()) -> dict[str, tuple[Dated, ...]]:
    """The built-in history merged with settings overrides (an override replaces an entry of
    the same date)."""
    merged = {name: {d.valid_from: d for d in entries} for name, entries in HISTORY.items()}
    for entry in overrides:
        parsed = parse_override(entry)
        if parsed:
            merged[parsed[0]][parsed[1].valid_from] = parsed[1]
    return {
        name: tuple(sorted(e.values(), key=lambda d: d.valid_from)) for name, e in merged.items()
    }


def value_on(entries: tuple[Dated, ...], day: date) -> Value:
    """The value in force on ``day``; before the first entry, the first one."""
    current = entries[0]
    for entry in entries:
        if entry.valid_from <= day:
            current = entry
        else:
            break
    return current.value


def parameters_on(day: date, overrides: RulesSettings | Iterable[str] = ()) -> LegalParameters:
    """All parameters in force on ``day``, with the settings' overrides applied."""
    entries = overrides.legal_overrides if isinstance(overrides, RulesSettings) else overrides
    return _parameters_on(day, tuple(entries))


@lru_cache(maxsize=512)
def _parameters_on(day: date, overrides: tuple[str, ...]) -> LegalParameters:
    # Cached: the import judges thousands of rows flagged on a handful of days.
    history = history_with(overrides)
    return LegalParameters(day, {name: value_on(h, day) for name, h in history.items()})
