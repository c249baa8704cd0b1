"""Normalising German addresses so that spelling variants meet on one key.

"Hauptstraße 3 a", "Hauptstr. 3A" and "HAUPTSTRASSE 3a" all give the street ``hauptstr`` and
the house number ``3a``. Umlauts are folded (ä→ae, ß→ss) for matching only; what the user
typed is never changed.

The municipality rule (see :func:`locality_compatible`): an address and a candidate place
may only be matched when they do not contradict each other on any locality field that both
carry (postcode, municipality), and they agree on at least one of them. So a "Hauptstr. 3"
in 74206 is never placed on a "Hauptstr. 3" in 74336, and "Talheim" without a postcode is
never placed in the other Talheim when the candidates disagree (see ``addresspoints``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_STRASSE = re.compile(r"strasse(?![a-z])")
_HOUSE_NUMBER = re.compile(
    r"""^\s*(?P<num>\d{1,5})\s*(?P<suf>[a-z]{0,2}|/\s*\d{1,3})?\s*
        (?:[-–]\s*(?P<to>\d{1,5})\s*(?P<tosuf>[a-z]?))?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_STREET_AND_NUMBER = re.compile(
    r"""^\s*(?P<street>.*?[^\d\s,])[\s,]*
        (?P<hnr>\d{1,5}\s*(?:[a-z]{1,2}\b|/\s*\d{1,3})?(?:\s*[-–]\s*\d{1,5}\s*[a-z]?)?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_POSTCODE = re.compile(r"^\d{5}$")


def fold(text: str) -> str:
    """Lower case, umlauts folded, accents dropped, punctuation and hyphens to single spaces."""
    text = text.strip().lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


def normalize_street(street: str) -> str:
    """Street key: folded, "Straße"/"Strasse"/"Str." → ``str``, without spaces."""
    text = street.strip().lower().translate(_FOLD)
    # "Str." needs nothing more: fold() drops the dot, and the key drops the spaces.
    text = _STRASSE.sub("str", text)
    return fold(text).replace(" ", "")


def normalize_municipality(name: str) -> str:
    """Municipality key: folded words separated by single spaces ("lauffen am neckar")."""
    return fold(name)


def normalize_postcode(postcode: str | int | None) -> str:
    """Five-digit German postcode or ``""``; a 4-digit one gets its leading zero back."""
    if postcode is None:
        return ""
    text = re.sub(r"\s+", "", str(postcode))
    text = text.removeprefix("D-").removeprefix("DE-")
    if re.fullmatch(r"\d{4}", text):
        text = "0" + text
    return text if _POSTCODE.match(text) else ""


@dataclass(frozen=True, slots=True)
class HouseNumber:
    """A parsed house number: 3, 3a, 12/1 (common in Württemberg) or the range 3-5."""

    number: int
    suffix: str = ""
    to: int | None = None

    @property
    def key(self) -> str:
        """Canonical text: ``3a``, ``12/1``, ``3-5``."""
        base = f"{self.number}{self.suffix}"
        return f"{base}-{self.to}" if self.to is not None else base

    @property
    def base_key(self) -> str:
        """The number without suffix or range (``3`` for ``3a`` and ``3-5``)."""
        return str(self.number)


def parse_housenumber(text: str | None) -> HouseNumber | None:
    """Parse "3", "3 a", "3A", "12/1", "3-5"; ``None`` when it is no house number."""
    if not text:
        return None
    match = _HOUSE_NUMBER.match(text)
    if not match:
        return None
    suffix = (match["suf"] or "").lower().replace(" ", "")
    to = int(match["to"]) if match["to"] else None
    if to is not None and to <= int(match["num"]):
        to = None
    return HouseNumber(int(match["num"]), suffix, to)


def split_street_and_number(text: str) -> tuple[str, str]:
    """Split "Hauptstr. 3 a" into ("Hauptstr.", "3 a"); no number gives (text, "")."""
    match = _STREET_AND_NUMBER.match(text)
    if not match:
        return text.strip(), ""
    return match["street"].strip(), match["hnr"].strip()


@dataclass(frozen=True, slots=True)
class Address:
    """An address as the user or an import gave it; the house number may sit in ``street``."""

    street: str
    housenumber: str = ""
    postcode: str = ""
    city: str = ""

    def key(self) -> AddressKey:
        """The normalised key used for caches, manual placements and matching."""
        return normalize_address(self.street, self.housenumber, self.postcode, self.city)


class AddressKey(NamedTuple):
    """Normalised address: postcode, municipality, street and house number keys."""

    postcode: str
    municipality: str
    street: str
    housenumber: str

    def as_string(self) -> str:
        """One string for storage (``74206|bad wimpfen|hauptstr|3a``)."""
        return "|".join(self)

    @classmethod
    def from_string(cls, text: str) -> AddressKey:
        """Inverse of :meth:`as_string`."""
        parts = text.split("|")
        if len(parts) != 4:
            raise ValueError("not an address key")
        return cls(*parts)


def normalize_address(
    street: str, housenumber: str = "", postcode: str | int | None = "", city: str = ""
) -> AddressKey:
    """Normalised key of an address; a house number inside ``street`` is split off."""
    if not housenumber:
        street, housenumber = split_street_and_number(street)
    hnr = parse_housenumber(housenumber)
    hnr_key = hnr.key if hnr else fold(housenumber).replace(" ", "")
    return AddressKey(
        normalize_postcode(postcode),
        normalize_municipality(city),
        normalize_street(street),
        hnr_key,
    )


def same_municipality(a: str, b: str) -> bool:
    """Do two normalised municipality names mean the same place?

    Equal, or one is the other followed by more words: "lauffen" and "lauffen am neckar",
    "bad rappenau" and "bad rappenau bonfeld" (a district written after the town).
    """
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_.startswith(short + " ")


def locality_compatible(
    postcode_a: str, municipality_a: str, postcode_b: str, municipality_b: str
) -> bool:
    """The municipality rule: no contradiction on shared fields, agreement on at least one."""
    agree = False
    if postcode_a and postcode_b:
        if postcode_a != postcode_b:
            return False
        agree = True
    if municipality_a and municipality_b:
        if not same_municipality(municipality_a, municipality_b):
            return False
        agree = True
    return agree
