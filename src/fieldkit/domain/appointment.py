"""What kind of appointment an invitation sets, and the Regelbedarfsstufe of a customer.

Both are columns of the flag list (``termin_art``, ``regelbedarfsstufe``, see
``docs/import-format.md``) and fields of the flag; the letters and the chain check read them
from here instead of guessing from the place text.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Any


class AppointmentKind(StrEnum):
    """persönlich (default), telefon or video; the value is what the database stores."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label_de(self) -> str:
        """German word as written in the flag list and on letters."""
        return {"in_person": "persönlich", "phone": "telefon", "video": "video"}[self.value]

    @property
    def label_en(self) -> str:
        """English word for messages."""
        return {"in_person": "in person", "phone": "phone", "video": "video"}[self.value]

    @property
    def remote(self) -> bool:
        """True for telefon and video: such an invitation never carries an RFB."""
        return self is not AppointmentKind.IN_PERSON


_SPELLINGS: dict[str, AppointmentKind] = {}
for _kind, _words in (
    (AppointmentKind.IN_PERSON, (
        "persönlich", "persoenlich", "personlich", "persönlich vor ort", "vor ort", "präsenz",
        "praesenz", "in person", "in_person", "inperson", "personal", "p",
    )),
    (AppointmentKind.PHONE, (
        "telefon", "telefonisch", "tel", "telefontermin", "phone", "telephone", "t",
    )),
    (AppointmentKind.VIDEO, (
        "video", "videotermin", "videoanruf", "videotelefonie", "videokonferenz", "online",
        "video call", "v",
    )),
):  # fmt: skip
    for _word in _words:
        _SPELLINGS[_word] = _kind


def parse_kind(value: Any) -> AppointmentKind:
    """A ``termin_art`` cell; empty is persönlich, an unknown word raises ValueError."""
    if value is None:
        return AppointmentKind.IN_PERSON
    if isinstance(value, AppointmentKind):
        return value
    text = unicodedata.normalize("NFC", str(value)).strip().casefold()
    text = re.sub(r"[\s\-_.]+", " ", text).strip()
    if not text:
        return AppointmentKind.IN_PERSON
    for candidate in (text, text.replace(" ", "_"), text.replace(" ", "")):
        if candidate in _SPELLINGS:
            return _SPELLINGS[candidate]
    try:
        return AppointmentKind(text)
    except ValueError:
        raise ValueError(str(value)) from None


RBS_LEVELS = range(1, 7)
_RBS_TEXT = re.compile(r"(?:rbs|regelbedarfsstufe|stufe)?\s*([1-6])(?:[.,]0+)?", re.IGNORECASE)


def parse_rbs(value: Any) -> int:
    """A ``regelbedarfsstufe`` cell, 1 to 6 (empty is 1); ValueError otherwise."""
    if value is None or isinstance(value, bool):
        if value is None:
            return 1
        raise ValueError(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and int(value) in RBS_LEVELS:
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if not text:
        return 1
    match = _RBS_TEXT.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return int(match[1])


_BG = re.compile(r"[0-9A-Za-z][0-9A-Za-z /-]{0,29}")


def parse_bg_number(value: Any) -> str | None:
    """A ``bg_nummer`` cell: digits and letters (blanks, ``-`` and ``/`` inside), at most 30
    characters; empty is None, anything else raises ValueError."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    if not _BG.fullmatch(text):
        raise ValueError(text)
    return text
