"""Where an appointment takes place, as printed on the invitation (issue 13).

A flag list's ``termin_ort`` names a branch ("Jobcenter Neckarsulm, Raum 2.14"): the letter
prints the place as written and the branch's full address below it. A place with a postcode
of its own, or a phone or video appointment, is printed as written. A place that names no
branch and has no postcode is printed as written too, and flagged: the customer may not find
it, and the head office's address must never be appended to another town's name. An empty
place means the office itself. Pure: no database, no ReportLab.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

REMOTE = re.compile(r"\b(telefon\w*|video\w*|online)\b", re.IGNORECASE)
POSTCODE = re.compile(r"\b\d{5}\b")


@dataclass(frozen=True)
class Place:
    """A named place with its address (a branch, or the office)."""

    name: str
    street: str
    postcode: str
    city: str

    @property
    def address_lines(self) -> tuple[str, ...]:
        """('Beispielstraße 12', '74172 Neckarsulm') without empty parts."""
        town = f"{self.postcode} {self.city}".strip()
        return tuple(part for part in (self.street.strip(), town) if part)


@dataclass(frozen=True)
class ResolvedPlace:
    """The lines printed for a place; ``unresolved`` when nobody could tell its address."""

    text: str
    unresolved: bool = False


def _names(place: str, candidate: Place) -> bool:
    name = " ".join(candidate.name.split())
    if not name or not place.casefold().startswith(name.casefold()):
        return False
    rest = place[len(name) :]
    return not rest or not rest[0].isalnum()


def _names_elsewhere(place: str, towns: Iterable[str], office: Place) -> bool:
    """Does the place name a Jobcenter or a town (other than the office's own)?"""
    words = place.casefold()
    if "jobcenter" in words:
        return True
    own = office.city.casefold()
    return any(
        re.search(rf"(?<!\w){re.escape(t.casefold())}(?!\w)", words)
        for t in towns
        if t and t.casefold() != own
    )


def resolve_place(
    place: str, branches: Sequence[Place], office: Place, towns: Iterable[str] = ()
) -> ResolvedPlace:
    """The printed lines of ``place`` (a flag list's ``termin_ort``); see the module text.

    A branch named at the start of the place wins (the longest name, so "Jobcenter Heilbronn
    Süd" is not "Jobcenter Heilbronn"); then the office by its name. A place that names
    neither a Jobcenter nor one of ``towns`` ("Raum 1.05") is a room of the office: the
    office's name and address come first.
    """
    place = " ".join(place.split())
    if not place:
        return ResolvedPlace("\n".join((office.name, *office.address_lines)))
    if POSTCODE.search(place) or REMOTE.search(place):
        return ResolvedPlace(place)
    named = [b for b in (*branches, office) if _names(place, b)]
    if named:
        found = max(named, key=lambda b: len(b.name))
        return ResolvedPlace("\n".join((place, *found.address_lines)))
    if not _names_elsewhere(place, towns, office):
        return ResolvedPlace("\n".join((office.name, *office.address_lines, place)))
    return ResolvedPlace(place, unresolved=True)
