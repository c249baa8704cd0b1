"""What the geocoding chain (and the travel-time matrix) has to say, as a code with parameters.

The chain never writes sentences: it returns a :class:`GeoNote` (a :class:`NoteCode` plus
named parameters such as the postcode), and whoever shows it renders it in the language
of its user with :meth:`GeoNote.text` — English on the CLI, German (or English) in the app.
The one German and one English sentence per code live in :data:`_SENTENCES`, here only.

The geocoding cache keeps a note as a small JSON object (:meth:`GeoNote.to_storage`);
notes cached by earlier versions as a German sentence are read back as :attr:`NoteCode.TEXT`
and shown as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum


class NoteCode(StrEnum):
    """The kinds of note; the value is what the cache stores."""

    #: The postcode does not exist; the town was used (param ``plz``).
    POSTCODE_UNKNOWN = "postcode_unknown"
    #: Postcode and town disagree; the town centre was used (params ``plz``, ``town``).
    POSTCODE_MISMATCH = "postcode_mismatch"
    #: Whether the postcode belongs to the town could not be checked (param ``plz``).
    POSTCODE_UNCHECKED = "postcode_unchecked"
    #: Found by the online server (param ``provider``).
    ONLINE = "online"
    #: The road-routing server failed; travel times are estimated (no params).
    ROUTER_FAILED = "router_failed"
    #: The road-routing server left pairs unconnected; they are estimated (param ``count``).
    ROUTER_GAPS = "router_gaps"
    #: A worker's start address could not be placed; the day starts at the office
    #: (params ``worker``, ``office``).
    START_AT_OFFICE = "start_at_office"
    #: Travel times come from the imported OpenStreetMap road network (no params).
    ROAD_NETWORK = "road_network"
    #: Some stops lie off the imported road network; their times are estimated (``count``).
    ROAD_GAPS = "road_gaps"
    #: A sentence from an older version's cache, shown as stored (param ``text``).
    TEXT = "text"


#: (German, English) per code; ``{name}`` is replaced by the parameter of that name.
_SENTENCES: dict[NoteCode, tuple[str, str]] = {
    NoteCode.POSTCODE_UNKNOWN: (
        "Postleitzahl {plz} gibt es nicht.",
        "postcode {plz} does not exist.",
    ),
    NoteCode.POSTCODE_MISMATCH: (
        "Postleitzahl {plz} passt nicht zu {town}; Ortsmitte verwendet.",
        "postcode {plz} does not belong to {town}; the town centre was used.",
    ),
    NoteCode.POSTCODE_UNCHECKED: (
        "Ob die Postleitzahl {plz} zum Ort passt, ließ sich nicht prüfen.",
        "whether postcode {plz} belongs to the town could not be checked.",
    ),
    NoteCode.ONLINE: (
        "Online gefunden ({provider}).",
        "found online ({provider}).",
    ),
    NoteCode.ROUTER_FAILED: (
        "Der Routing-Server ist nicht erreichbar oder antwortet fehlerhaft; die Fahrzeiten "
        "sind aus Luftlinie × Umwegfaktor geschätzt.",
        "the routing server is unreachable or answered wrongly; travel times are estimated "
        "from the straight line × detour factor.",
    ),
    NoteCode.ROUTER_GAPS: (
        "{count} Verbindungen fehlten beim Routing-Server und sind geschätzt.",
        "{count} connections were missing from the routing server and are estimated.",
    ),
    NoteCode.START_AT_OFFICE: (
        "Die Startadresse von {worker} ließ sich nicht verorten; die Tour beginnt an der "
        "Dienststelle ({office}).",
        "the start address of {worker} could not be placed; the route starts at the office "
        "({office}).",
    ),
    NoteCode.ROAD_NETWORK: (
        "Fahrzeiten aus dem Straßennetz (OpenStreetMap).",
        "travel times from the road network (OpenStreetMap).",
    ),
    NoteCode.ROAD_GAPS: (
        "Fahrzeiten aus dem Straßennetz (OpenStreetMap); {count} Verbindungen (Stopps abseits "
        "des Straßennetzes) sind aus der Luftlinie geschätzt.",
        "travel times from the road network (OpenStreetMap); {count} connections (stops off "
        "the road network) are estimated from the straight line.",
    ),
    NoteCode.TEXT: ("{text}", "{text}"),
}


@dataclass(frozen=True, slots=True)
class GeoNote:
    """A note on a geocoding result: a code and its parameters (name, value) in order."""

    code: NoteCode
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, code: NoteCode, **params: str) -> GeoNote:
        """``GeoNote.of(NoteCode.POSTCODE_UNKNOWN, plz="99999")``."""
        return cls(code, tuple((name, str(value)) for name, value in params.items()))

    def param(self, name: str) -> str:
        """The parameter ``name`` ('' when absent)."""
        return next((value for key, value in self.params if key == name), "")

    def text(self, lang: str = "de") -> str:
        """The sentence in English for "en…", else in German."""
        german, english = _SENTENCES[self.code]
        template = english if lang.lower().startswith("en") else german
        values = _Params(self.params)
        return template.format_map(values)

    def to_storage(self) -> str:
        """The note as the cache stores it (a short JSON object)."""
        return json.dumps(
            {"code": str(self.code), "params": dict(self.params)},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_storage(cls, stored: str | None) -> GeoNote | None:
        """A note read back from the cache; ``None`` for no note or one this version
        does not know (written by a newer version). An older version's German sentence
        comes back as :attr:`NoteCode.TEXT`."""
        if not stored or not stored.strip():
            return None
        try:
            data = json.loads(stored)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return cls.of(NoteCode.TEXT, text=stored.strip())
        params = data.get("params")
        try:
            code = NoteCode(str(data.get("code")))
        except ValueError:
            return None
        if not isinstance(params, dict):
            params = {}
        return cls(code, tuple((str(k), str(v)) for k, v in params.items()))


class _Params(dict[str, str]):
    """Parameters for ``str.format_map``; a missing one renders as '?' instead of failing."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        super().__init__(pairs)

    def __missing__(self, key: str) -> str:
        return "?"
