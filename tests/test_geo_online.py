"""Online geocoding is off by default and sends nothing; when enabled it is checked."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from typing import Any

import pytest

from fieldkit.geo.addresspoints import AddressIndex
from fieldkit.geo.chain import GeocodingChain, InMemoryCache, Precision, Source, geocode_many
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.matrix import TravelTimeService
from fieldkit.geo.normalize import Address
from fieldkit.geo.notes import GeoNote, NoteCode
from fieldkit.geo.online import OnlineGeocoder, build_online_geocoder, split_url
from fieldkit.geo.settings import GeoSettings


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.shipped()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise AssertionError(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda *a, **k: refuse(None, a),  # type: ignore[arg-type]
    )
    return attempts


def test_default_settings_never_open_a_socket(gaz: Gazetteer, no_network: list[Any]) -> None:
    settings = GeoSettings()
    assert settings.online_enabled is False
    assert settings.routing_server_enabled is False
    online = build_online_geocoder(settings)
    assert online is None
    chain = GeocodingChain(gaz, AddressIndex([]), InMemoryCache(), online=online)
    addresses = [
        Address("Nirgendweg 1", "", "", "Atlantis"),  # nothing offline knows
        Address("Gartenweg 2", "", "74999", ""),  # postcode that does not exist
        Address("Gartenweg 2", "", "74223", "Flein"),
    ]
    results = geocode_many(addresses, chain)
    assert results[0] is None
    assert results[1] is None
    assert results[2] is not None
    TravelTimeService(settings).matrix([(49.1, 9.2), (49.2, 9.3)])
    assert no_network == []


def test_enabled_without_url_is_still_off() -> None:
    assert build_online_geocoder(GeoSettings(online_enabled=True)) is None


def test_enabled_builds_rate_limited_geopy_without_connecting(no_network: list[Any]) -> None:
    settings = GeoSettings(
        online_enabled=True,
        online_url="https://nominatim.example.org/base",
        online_user_agent="fieldkit-test/1.0 (ab@example.org)",
        online_min_delay_seconds=1.5,
    )
    online = build_online_geocoder(settings)
    assert online is not None
    limiter: Any = online._geocode
    assert limiter.min_delay_seconds == 1.5
    geocoder = limiter.func.__self__
    assert geocoder.api == "https://nominatim.example.org/base/search"
    assert "fieldkit-test/1.0" in geocoder.headers["User-Agent"]
    photon = build_online_geocoder(
        GeoSettings(
            online_enabled=True, online_provider="photon", online_url="http://127.0.0.1:2322"
        )
    )
    assert photon is not None
    assert photon.provider == "photon"
    assert no_network == []


def test_split_url() -> None:
    assert split_url("https://geo.example.org:8080/nominatim/") == (
        "https",
        "geo.example.org:8080/nominatim",
    )
    assert split_url("geo.example.org") == ("https", "geo.example.org")


@dataclass
class FakeLocation:
    latitude: float
    longitude: float
    raw: dict[str, Any] = field(default_factory=dict)


class FakeServer:
    def __init__(self, answer: FakeLocation | None) -> None:
        self.answer = answer
        self.queries: list[Any] = []

    def __call__(self, query: Any, **kwargs: Any) -> FakeLocation | None:
        self.queries.append(query)
        return self.answer


def test_online_is_asked_only_when_offline_is_coarse_and_result_is_cached(gaz: Gazetteer) -> None:
    server = FakeServer(
        FakeLocation(
            49.1035,
            9.2115,
            {
                "address": {
                    "house_number": "2",
                    "road": "Gartenweg",
                    "postcode": "74223",
                    "village": "Flein",
                }
            },
        )
    )
    cache = InMemoryCache()
    chain = GeocodingChain(gaz, cache=cache, online=OnlineGeocoder("nominatim", server))
    address = Address("Gartenweg 2", "", "74223", "Flein")
    result = chain.geocode(address)
    assert result is not None
    assert (result.source, result.precision) == (Source.ONLINE, Precision.HOUSE)
    assert server.queries == [
        {"street": "2 Gartenweg", "postalcode": "74223", "city": "Flein", "country": "Deutschland"}
    ]
    again = chain.geocode(address)
    assert again is not None
    assert again.source is Source.CACHE
    assert len(server.queries) == 1


def test_online_answer_in_another_town_is_rejected(gaz: Gazetteer) -> None:
    server = FakeServer(
        FakeLocation(
            49.07,
            9.06,
            {
                "address": {
                    "road": "Gartenweg",
                    "postcode": "74336",
                    "town": "Brackenheim",
                    "house_number": "2",
                }
            },
        )
    )
    chain = GeocodingChain(gaz, online=OnlineGeocoder("nominatim", server))
    result = chain.geocode(Address("Gartenweg 2", "", "74223", "Flein"))
    assert result is not None
    assert result.source is Source.GAZETTEER_POSTCODE  # the offline answer stays


def test_online_photon_and_failures(gaz: Gazetteer) -> None:
    photon = FakeServer(
        FakeLocation(
            49.10,
            9.21,
            {
                "properties": {
                    "type": "street",
                    "street": "Gartenweg",
                    "postcode": "74223",
                    "city": "Flein",
                }
            },
        )
    )
    online = OnlineGeocoder("photon", photon)
    result = online.geocode(
        Address("Gartenweg 2", "", "74223", "Flein"),
        Address("Gartenweg 2", "", "74223", "Flein").key(),
    )
    assert result is not None
    assert result.precision is Precision.STREET
    assert result.note == GeoNote.of(NoteCode.ONLINE, provider="photon")
    assert photon.queries == ["Gartenweg 2, 74223 Flein"]

    def broken(*args: Any, **kwargs: Any) -> None:
        raise TimeoutError("server gone")

    address = Address("Gartenweg 2", "", "74223", "Flein")
    assert OnlineGeocoder("nominatim", broken).geocode(address, address.key()) is None
    outside = FakeServer(FakeLocation(48.85, 2.35, {"address": {"postcode": "74223"}}))
    assert OnlineGeocoder("nominatim", outside).geocode(address, address.key()) is None
