"""Dated rule sets: the legal parameters of the chain and the RFB text blocks, as data.

A rule set is a TOML file in ``resources/rules/`` (see ``docs/legal.md``): a name, a validity
period, whether it is a draft, the parameters it sets (merged into the dated parameters of
:mod:`fieldkit.domain.legal` from its start), the consequences of a Meldeversäumnis by the
number of earlier ones, and the texts printed on letters, packages and in the Vermerk.

Which rule sets are in force: those marked ``default`` (the Heilbronn concept) plus those the
office enables in the settings (``RulesSettings.rule_sets``, ``name`` or ``name@YYYY-MM-DD``);
on a day, the enabled one with the latest start not after it. The chain check asks for the day
of ``vorgemerkt_am`` among these; the letter takes the appointment's day among all shipped rule
sets (:func:`letter_rule_set_on`), so a draft in force refuses to print until verified.
Whether a rule set was verified is recorded in the database (``services/rules.py``).
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from fieldkit.domain.settings import RulesSettings
from fieldkit.errors import BilingualError
from fieldkit.paths import resource_path

log = logging.getLogger(__name__)

ParamValue = Decimal | int | bool


class RuleSetError(BilingualError):
    """A rule set file that cannot be used, or an unknown rule set name."""


@dataclass(frozen=True)
class Consequence:
    """What a Meldeversäumnis costs after ``after`` earlier ones. ``percent``/``months`` None:
    the statutory values of :mod:`fieldkit.domain.legal` on the day."""

    after: int
    text: str
    percent: Decimal | None = None
    months: int | None = None
    hearing: bool = False


@dataclass(frozen=True)
class RuleSet:
    """One rule set as shipped."""

    name: str
    title: str
    valid_from: date
    valid_to: date | None
    draft: bool
    default: bool
    parameters: Mapping[str, ParamValue]
    consequences: tuple[Consequence, ...]
    texts: Mapping[str, str | tuple[str, ...]]
    sources: tuple[str, ...] = field(default_factory=tuple)

    def covers(self, day: date) -> bool:
        """True when ``day`` lies in the validity period (both ends inclusive)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def consequence(self, earlier: int) -> Consequence:
        """The consequence after ``earlier`` Meldeversäumnisse (the last step repeats)."""
        chosen = self.consequences[0]
        for step in self.consequences:
            if step.after <= max(0, earlier):
                chosen = step
        return chosen

    def text(self, key: str) -> str:
        """One text block (a list is joined with blanks)."""
        value = self.texts.get(key, "")
        return value if isinstance(value, str) else " ".join(value)

    def paragraphs(self, key: str) -> tuple[str, ...]:
        """A text block as paragraphs."""
        value = self.texts.get(key, ())
        return (value,) if isinstance(value, str) else value


def _fail(path: Path, problem: str) -> RuleSetError:
    return RuleSetError(
        f"Das Regelwerk {path.name} ist fehlerhaft: {problem}",
        f"The rule set {path.name} is broken: {problem}",
    )


def _parameter(value: Any) -> ParamValue:
    if isinstance(value, bool | int):
        return value
    if isinstance(value, str | float):
        return Decimal(str(value))
    raise TypeError(value)


def _consequence(entry: Mapping[str, Any]) -> Consequence:
    percent = entry.get("percent")
    months = entry.get("months")
    return Consequence(
        after=int(entry["after"]),
        text=str(entry["text"]),
        percent=Decimal(str(percent)) if percent is not None else None,
        months=int(months) if months is not None else None,
        hearing=bool(entry.get("hearing", False)),
    )


def _texts(raw: Mapping[str, Any]) -> dict[str, str | tuple[str, ...]]:
    texts: dict[str, str | tuple[str, ...]] = {}
    for key, value in raw.items():
        texts[str(key)] = str(value) if isinstance(value, str) else tuple(str(v) for v in value)
    return texts


def parse_rule_set(path: Path) -> RuleSet:
    """Read one rule set file; :class:`RuleSetError` names the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        valid_to = data.get("valid_to")
        rule_set = RuleSet(
            name=str(data["name"]),
            title=str(data["title"]),
            valid_from=data["valid_from"],
            valid_to=valid_to,
            draft=bool(data.get("draft", True)),
            default=bool(data.get("default", False)),
            parameters={str(k): _parameter(v) for k, v in data.get("parameters", {}).items()},
            consequences=tuple(
                sorted((_consequence(c) for c in data["consequence"]), key=lambda c: c.after)
            ),
            texts=_texts(data.get("texts", {})),
            sources=tuple(str(s) for s in data.get("sources", ())),
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _fail(path, type(exc).__name__) from None
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise _fail(path, f"{type(exc).__name__} {exc}") from None
    if not isinstance(rule_set.valid_from, date) or not (
        valid_to is None or isinstance(valid_to, date)
    ):
        raise _fail(path, "valid_from/valid_to")
    if not rule_set.consequences:
        raise _fail(path, "consequence")
    for step in rule_set.consequences:
        if not rule_set.paragraphs(step.text):
            raise _fail(path, f"text {step.text}")
    return rule_set


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[RuleSet, ...]:
    sets = tuple(parse_rule_set(p) for p in sorted(Path(folder).glob("*.toml")))
    return tuple(sorted(sets, key=lambda s: (s.valid_from, s.name)))


def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every shipped rule set, oldest first."""
    return _load(str(resource_path("rules")))


def rule_set_named(name: str) -> RuleSet:
    """The shipped rule set ``name``; :class:`RuleSetError` for an unknown name."""
    for rule_set in all_rule_sets():
        if rule_set.name == name.strip():
            return rule_set
    known = ", ".join(s.name for s in all_rule_sets())
    raise RuleSetError(
        f"Ein Regelwerk „{name.strip()}“ gibt es nicht (bekannt: {known}).",
        f"There is no rule set “{name.strip()}” (known: {known}).",
    )


def enabled_rule_sets(rules: RulesSettings) -> tuple[tuple[date, RuleSet], ...]:
    """The rule sets in force for the office with the day each starts, oldest first: the
    default ones, and those of the setting ``rule_sets`` (``name`` or ``name@YYYY-MM-DD``)."""
    return _enabled(tuple(rules.rule_sets))


@lru_cache(maxsize=64)
def _enabled(entries: tuple[str, ...]) -> tuple[tuple[date, RuleSet], ...]:
    chosen = {s.name: (s.valid_from, s) for s in all_rule_sets() if s.default}
    for entry in entries:
        name, _, start_text = entry.partition("@")
        try:
            rule_set = rule_set_named(name)
            start = date.fromisoformat(start_text.strip()) if start_text.strip() else None
        except (RuleSetError, ValueError):
            log.warning("ignoring the rule set setting %r", entry)
            continue
        chosen[rule_set.name] = (max(start or rule_set.valid_from, rule_set.valid_from), rule_set)
    return tuple(sorted(chosen.values(), key=lambda pair: (pair[0], pair[1].name)))


def rule_set_on(day: date, rules: RulesSettings) -> RuleSet:
    """The rule set in force on ``day`` (the enabled one with the latest start not after
    it; before every start, the oldest)."""
    enabled = enabled_rule_sets(rules)
    current = enabled[0][1]
    for start, rule_set in enabled:
        if start <= day:
            current = rule_set
    return current


def letter_rule_set_on(day: date, rules: RulesSettings) -> RuleSet:
    """The rule set a letter for an appointment on ``day`` is printed under: among all shipped
    ones (a draft too: it then refuses to print until verified), the one with the latest start
    not after ``day``, an office's later start (``name@YYYY-MM-DD``) counting."""
    starts = {s.name: s.valid_from for s in all_rule_sets()}
    starts.update({s.name: start for start, s in enabled_rule_sets(rules)})
    current = all_rule_sets()[0]
    for rule_set in sorted(all_rule_sets(), key=lambda s: (starts[s.name], s.name)):
        if starts[rule_set.name] <= day:
            current = rule_set
    return current


def parameter_entries(rules: RulesSettings) -> tuple[tuple[str, date, ParamValue, str], ...]:
    """(name, from, value, source) of every parameter the enabled rule sets set, for the
    dated parameters of :mod:`fieldkit.domain.legal`."""
    return tuple(
        (name, start, value, f"Regelwerk {rule_set.name}")
        for start, rule_set in enabled_rule_sets(rules)
        for name, value in rule_set.parameters.items()
    )


def months_text(months: int) -> str:
    """'einen Monat', '3 Monate'."""
    return "einen Monat" if months == 1 else f"{months} Monate"
