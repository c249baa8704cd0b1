"""Optional online geocoding through geopy (Nominatim or Photon at a configured address).

Off by default: :func:`build_online_geocoder` returns ``None`` unless ``GeoSettings`` enables
it *and* names a server, so no address ever leaves the computer without that setting.
Requests go through geopy's ``RateLimiter`` with the configured user agent; the chain caches
every answer. An answer whose postcode or town contradicts the address (or that carries
neither) is thrown away — the municipality rule holds online too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from fieldkit.geo.chain import GeoResult, Precision, Source
from fieldkit.geo.gazetteer import in_germany
from fieldkit.geo.normalize import (
    Address,
    AddressKey,
    locality_compatible,
    normalize_municipality,
    normalize_postcode,
    split_street_and_number,
)
from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.geo.settings import GeoSettings

log = logging.getLogger(__name__)

GeocodeFn = Callable[..., Any]

_TOWN_FIELDS = ("city", "town", "village", "municipality", "hamlet", "suburb")


def split_url(url: str) -> tuple[str, str]:
    """``https://host:8080/nominatim`` → ("https", "host:8080/nominatim") for geopy."""
    parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
    if not parts.netloc:
        raise ValueError(f"not a server address: {url!r}")
    return parts.scheme or "https", parts.netloc + parts.path.rstrip("/")


class OnlineGeocoder:
    """One online geocoding server; ``geocode_fn`` is geopy's (rate-limited) ``geocode``."""

    def __init__(self, provider: str, geocode_fn: GeocodeFn) -> None:
        self.provider = provider
        self._geocode = geocode_fn

    def geocode(self, address: Address, key: AddressKey) -> GeoResult | None:
        """Ask the server; ``None`` for no answer, a failure, or an untrustworthy answer."""
        street, number = (
            (address.street, address.housenumber)
            if address.housenumber
            else split_street_and_number(address.street)
        )
        try:
            if self.provider == "photon":
                text = ", ".join(
                    p
                    for p in (f"{street} {number}".strip(), f"{address.postcode} {address.city}")
                    if p.strip()
                )
                location = self._geocode(text, exactly_one=True, language="de")
            else:
                query = {
                    "street": f"{number} {street}".strip(),
                    "postalcode": address.postcode,
                    "city": address.city,
                    "country": "Deutschland",
                }
                location = self._geocode(
                    {k: v for k, v in query.items() if v},
                    exactly_one=True,
                    addressdetails=True,
                    country_codes="de",
                )
        except Exception as exc:  # geopy raises many kinds; offline must never crash the week
            log.warning("online geocoding failed: %s", type(exc).__name__)
            return None
        if location is None:
            return None
        return self._to_result(location, key)

    def _to_result(self, location: Any, key: AddressKey) -> GeoResult | None:
        lat, lon = float(location.latitude), float(location.longitude)
        if not in_germany(lat, lon):
            return None
        raw: dict[str, Any] = location.raw if isinstance(location.raw, dict) else {}
        if self.provider == "photon":
            props = raw.get("properties", {})
            postcode = normalize_postcode(props.get("postcode"))
            town = normalize_municipality(props.get("city") or props.get("town") or "")
            has_number = bool(props.get("housenumber"))
            has_street = bool(props.get("street")) or props.get("type") == "street"
        else:
            addr = raw.get("address", {})
            postcode = normalize_postcode(addr.get("postcode"))
            town = normalize_municipality(next((addr[f] for f in _TOWN_FIELDS if f in addr), ""))
            has_number = bool(addr.get("house_number"))
            has_street = bool(addr.get("road"))
        if not locality_compatible(key.postcode, key.municipality, postcode, town):
            return None
        if has_number and key.housenumber:
            precision = Precision.HOUSE
        elif has_street:
            precision = Precision.STREET
        elif postcode:
            precision = Precision.POSTCODE
        else:
            precision = Precision.MUNICIPALITY
        return GeoResult(
            lat, lon, Source.ONLINE, precision, GeoNote.of(NoteCode.ONLINE, provider=self.provider)
        )


def build_online_geocoder(settings: GeoSettings) -> OnlineGeocoder | None:
    """The configured online geocoder, or ``None`` when the settings do not enable one."""
    if not settings.online_enabled or not settings.online_url.strip():
        return None
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim, Photon

    scheme, domain = split_url(settings.online_url)
    common = {
        "domain": domain,
        "scheme": scheme,
        "user_agent": settings.online_user_agent,
        "timeout": settings.online_timeout_seconds,
    }
    provider = settings.online_provider.strip().lower()
    geocoder = Photon(**common) if provider == "photon" else Nominatim(**common)
    limited = RateLimiter(
        geocoder.geocode,
        min_delay_seconds=settings.online_min_delay_seconds,
        max_retries=1,
        error_wait_seconds=2.0,
        swallow_exceptions=True,
    )
    return OnlineGeocoder("photon" if provider == "photon" else "nominatim", limited)
