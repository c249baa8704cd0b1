"""The office setup: the office, its branches, teams, caseworkers, outreach workers and areas.

One value, :class:`OfficeSetup`, is what ``fieldkit setup apply|export|show`` reads and writes
as TOML (``docs/setup-file.md``) and what the *Einrichtung* window edits. Both check it with
:func:`validate_setup`, so the app and the CLI say the same sentences. Qt-free and
storage-free: ``services.setup`` reads it from and applies it to a database.

Contract: the office-setup file format (weekdays ``Mo Di Mi Do Fr Sa So``, times ``HH:MM``,
postcodes five digits, names matched as written).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.errors import BilingualError

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")  # index + 1 = ISO weekday


@dataclass
class OfficeInfo:
    """The ``[office]`` table: the sender of letters and the letterhead."""

    name: str
    street: str
    postcode: str
    city: str
    phone: str
    state: str  # federal state code, e.g. "BW": public holidays and the flag cutoff
    email: str = ""
    opening_hours: str = ""
    flag_cutoff: str = "Do 16:00"
    letterhead: str = ""  # app-only extra (the file may carry it; the app accepts more)
    logo_path: str = ""  # app-only extra: an image file shown on letters


@dataclass
class BranchInfo:
    """A ``[[branches]]`` entry: a place where customers are invited (``termin_ort``)."""

    name: str
    street: str
    postcode: str
    city: str
    phone: str = ""


@dataclass
class TeamInfo:
    """A ``[[teams]]`` entry; ``lead`` names a caseworker."""

    number: str
    lead: str = ""


@dataclass
class CaseworkerInfo:
    """A ``[[caseworkers]]`` entry: the HB / IFK named in flag lists."""

    name: str
    team: str
    branch: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class WorkerInfo:
    """An ``[[outreach_workers]]`` entry."""

    name: str
    days: list[str]  # of WEEKDAYS
    start: str  # "HH:MM"
    end: str  # "HH:MM"
    break_minutes: int | None = None  # None: the planning setting's default
    start_address: str = ""  # "" : the office
    areas: list[str] = field(default_factory=list)


@dataclass
class AreaInfo:
    """An ``[[areas]]`` entry: municipalities by name, optional postcodes for split towns."""

    name: str
    weekdays: list[str]
    municipalities: list[str]
    postcodes: list[str] = field(default_factory=list)


@dataclass
class OfficeSetup:
    """The whole setup; ``office`` is None while no office is recorded."""

    office: OfficeInfo | None = None
    branches: list[BranchInfo] = field(default_factory=list)
    teams: list[TeamInfo] = field(default_factory=list)
    caseworkers: list[CaseworkerInfo] = field(default_factory=list)
    outreach_workers: list[WorkerInfo] = field(default_factory=list)
    areas: list[AreaInfo] = field(default_factory=list)


@dataclass(frozen=True)
class SetupProblem:
    """One problem of a setup, in German and English.

    ``line`` is the file's line (1-based) when the setup came from a file, else None.
    ``where`` names the entry and key, e.g. ``("outreach_workers", 2, "start")`` for the
    third worker's start time (table, index in the table or None, key or None): the
    *Einrichtung* window uses it to mark the field.
    """

    code: str
    de: str
    en: str
    where: tuple[str, int | None, str | None] = ("", None, None)
    line: int | None = None

    def text(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        return self.en if lang.lower().startswith("en") else self.de

    def located(self, filename: str, lang: str = "de") -> str:
        """``FILE:LINE: sentence`` (``FILE: sentence`` without a line)."""
        where = f"{filename}:{self.line}" if self.line is not None else filename
        return f"{where}: {self.text(lang)}"


class SetupError(BilingualError, ValueError):
    """A setup that cannot be applied; carries every problem found."""

    def __init__(self, problems: list[SetupProblem], filename: str = "") -> None:
        self.problems = problems
        self.filename = filename
        first_de = problems[0].de if problems else "Die Einrichtung ist nicht stimmig."
        first_en = problems[0].en if problems else "The setup is not consistent."
        more = len(problems) - 1
        super().__init__(
            first_de + (f" (und {more} weitere Probleme)" if more else ""),
            first_en + (f" (and {more} more problems)" if more else ""),
            code="setup",
        )
