"""Legal and concept parameters as data with validity dates.

Each parameter has a history of values, each valid from a date until the next entry. A law
change is a new entry: here in a release (statutory amounts), in a rule set file
(``resources/rules/*.toml``, :mod:`fieldkit.domain.rulesets`: the chain's rules from the
rule set's start), or at once in the settings (``RulesSettings.legal_overrides``, entries
``name@YYYY-MM-DD=value``), so an office need not wait for a new version of fieldkit.
Sources and uncertainties of every value: ``docs/legal.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from fieldkit.domain.rulesets import (
    Consequence,
    RuleSet,
    letter_rule_set_on,
    parameter_entries,
)
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


# Regelbedarfsstufen 1-6 (§ 20 SGB II, § 28 SGB XII with the Anlage zu § 28 SGB XII and the
# yearly Regelbedarfsstufen-Fortschreibungsverordnung, RBSFV); 2025 and 2026 were zero rounds
# ("Nullrunden") under the Besitzschutz of § 28a Abs. 5 SGB XII. RBS 1: single adults; RBS 2:
# each partner; RBS 3: adults 18-24 in the parents' household (U25); RBS 4: 14-17; RBS 5:
# 6-13; RBS 6: 0-5 years.
_RATES: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (("2021-01-01", "446.00", "RBEG 2021"), ("2022-01-01", "449.00", "RBSFV 2022"),
        ("2023-01-01", "502.00", "Bürgergeld-Gesetz"), ("2024-01-01", "563.00", "RBSFV 2024"),
        ("2025-01-01", "563.00", "Nullrunde 2025"), ("2026-01-01", "563.00", "Nullrunde 2026")),
    2: (("2021-01-01", "401.00", "RBEG 2021"), ("2022-01-01", "404.00", "RBSFV 2022"),
        ("2023-01-01", "451.00", "Bürgergeld-Gesetz"), ("2024-01-01", "506.00", "RBSFV 2024"),
        ("2025-01-01", "506.00", "Nullrunde 2025"), ("2026-01-01", "506.00", "Nullrunde 2026")),
    3: (("2021-01-01", "357.00", "RBEG 2021"), ("2022-01-01", "360.00", "RBSFV 2022"),
        ("2023-01-01", "402.00", "Bürgergeld-Gesetz"), ("2024-01-01", "451.00", "RBSFV 2024"),
        ("2025-01-01", "451.00", "Nullrunde 2025"), ("2026-01-01", "451.00", "Nullrunde 2026")),
    4: (("2021-01-01", "373.00", "RBEG 2021"), ("2022-01-01", "376.00", "RBSFV 2022"),
        ("2023-01-01", "420.00", "Bürgergeld-Gesetz"), ("2024-01-01", "471.00", "RBSFV 2024"),
        ("2025-01-01", "471.00", "Nullrunde 2025"), ("2026-01-01", "471.00", "Nullrunde 2026")),
    5: (("2021-01-01", "309.00", "RBEG 2021"), ("2022-01-01", "311.00", "RBSFV 2022"),
        ("2023-01-01", "348.00", "Bürgergeld-Gesetz"), ("2024-01-01", "390.00", "RBSFV 2024"),
        ("2025-01-01", "390.00", "Nullrunde 2025"), ("2026-01-01", "390.00", "Nullrunde 2026")),
    6: (("2021-01-01", "283.00", "RBEG 2021"), ("2022-01-01", "285.00", "RBSFV 2022"),
        ("2023-01-01", "318.00", "Bürgergeld-Gesetz"), ("2024-01-01", "357.00", "RBSFV 2024"),
        ("2025-01-01", "357.00", "Nullrunde 2025"), ("2026-01-01", "357.00", "Nullrunde 2026")),
}  # fmt: skip


def _rates(level: int) -> tuple[Dated, ...]:
    return tuple(Dated(_d(day), Decimal(value), source) for day, value, source in _RATES[level])


_STANDARD_RATE = (Dated(_d("2020-01-01"), Decimal("432.00"), "RBSFV 2020"), *_rates(1))


def standard_rate_name(level: int) -> str:
    """The parameter of Regelbedarfsstufe ``level`` (1 is ``standard_rate_eur``)."""
    return "standard_rate_eur" if level == 1 else f"standard_rate_eur.rbs{level}"


HISTORY: dict[str, tuple[Dated, ...]] = {
    "standard_rate_eur": _STANDARD_RATE,
    **{standard_rate_name(level): _rates(level) for level in range(2, 7)},
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
    # The chain before outreach (chain.*) comes from the rule sets: resources/rules/*.toml.
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


def parse_override(
    entry: str, history: Mapping[str, tuple[Dated, ...]] | None = None
) -> tuple[str, Dated] | None:
    """Read one ``name@YYYY-MM-DD=value`` entry; None (and a log line) when it is malformed.
    ``history`` (default: the built-in one with the default rule sets) gives each name's type."""
    history = history if history is not None else with_rule_sets(HISTORY, RulesSettings())
    try:
        head, value_text = entry.split("=", 1)
        name, from_text = head.split("@", 1)
        name, value_text = name.strip(), value_text.strip()
        valid_from = date.fromisoformat(from_text.strip())
        template = history[name][0].value
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


def with_rule_sets(
    history: Mapping[str, tuple[Dated, ...]], rules: RulesSettings
) -> dict[str, tuple[Dated, ...]]:
    """``history`` plus the parameters of the rule sets ``rules`` enables, each from the day
    its rule set starts."""
    merged = {name: {d.valid_from: d for d in entries} for name, entries in history.items()}
    for name, start, value, source in parameter_entries(rules):
        merged.setdefault(name, {})[start] = Dated(start, value, source)
    return {
        name: tuple(sorted(e.values(), key=lambda d: d.valid_from)) for name, e in merged.items()
    }


def history_with(
    overrides: Iterable[str] = (), rule_sets: Iterable[str] = ()
) -> dict[str, tuple[Dated, ...]]:
    """The built-in history with the rule sets (the default ones and ``rule_sets``, entries of
    the setting ``RulesSettings.rule_sets``) and the settings overrides (an override replaces
    an entry of the same date)."""
    base = with_rule_sets(HISTORY, RulesSettings(rule_sets=tuple(rule_sets)))
    merged = {name: {d.valid_from: d for d in entries} for name, entries in base.items()}
    for entry in overrides:
        parsed = parse_override(entry, base)
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
    """All parameters in force on ``day``: the rule sets the settings enable and the settings'
    overrides applied (a bare list of overrides means the default rule sets)."""
    if isinstance(overrides, RulesSettings):
        return _parameters_on(day, tuple(overrides.legal_overrides), tuple(overrides.rule_sets))
    return _parameters_on(day, tuple(overrides), ())


@lru_cache(maxsize=512)
def _parameters_on(
    day: date, overrides: tuple[str, ...], rule_sets: tuple[str, ...]
) -> LegalParameters:
    # Cached: the import judges thousands of rows flagged on a handful of days.
    history = history_with(overrides, rule_sets)
    return LegalParameters(day, {name: value_on(h, day) for name, h in history.items()})


@dataclass(frozen=True)
class LetterTerms:
    """What an RFB letter for one customer says: the rule set it is printed under, the step
    of its consequence table, the reduction in percent, months and euros."""

    rule_set: RuleSet
    consequence: Consequence
    percent: Decimal
    months: int
    euros: Decimal
    standard_rate: Decimal


def letter_terms(day: date, level: int, earlier: int, rules: RulesSettings) -> LetterTerms:
    """The terms of an invitation for an appointment on ``day`` to a customer of
    Regelbedarfsstufe ``level`` (1-6) after ``earlier`` Meldeversäumnisse: the rule set of the
    appointment day (:func:`~fieldkit.domain.rulesets.letter_rule_set_on`), the percent and
    months of its consequence (the statutory ones when it names none), euros of the standard
    rate of that level on that day (rounded half up to the cent)."""
    if level not in range(1, 7):
        raise ValueError(f"Regelbedarfsstufe {level} is not 1 to 6")
    params = parameters_on(day, rules)
    rule_set = letter_rule_set_on(day, rules)
    step = rule_set.consequence(earlier)
    percent = (
        step.percent if step.percent is not None else params.decimal("meldeversaeumnis_percent")
    )
    months = step.months if step.months is not None else params.integer("meldeversaeumnis_months")
    rate = params.decimal(standard_rate_name(level))
    euros = (rate * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return LetterTerms(rule_set, step, percent, months, euros, rate)
