"""The geocoding chain: order, sources, precision, the municipality rule, batches."""

from __future__ import annotations

import pytest

from fieldkit.geo.addresspoints import AddressIndex, AddressPoint
from fieldkit.geo.chain import (
    GeocodingChain,
    GeoResult,
    InMemoryCache,
    InMemoryPlacements,
    ManualPlacementError,
    Precision,
    Source,
    geocode_many,
)
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.geo.normalize import Address, AddressKey
from fieldkit.geo.notes import GeoNote, NoteCode

# Synthetic streets (invented) in real district towns.
POINTS = [
    AddressPoint("Lindenweg", "3", "74206", "Bad Wimpfen", 49.2301, 9.1601),
    AddressPoint("Lindenweg", "3a", "74206", "Bad Wimpfen", 49.2302, 9.1602),
    AddressPoint("Lindenweg", "5", "74206", "Bad Wimpfen", 49.2304, 9.1604),
    AddressPoint("Lindenweg", "3", "74336", "Brackenheim", 49.0781, 9.0661),
    AddressPoint("Kelterstraße", "10", "74388", "Talheim", 49.0841, 9.1931),
    AddressPoint("Kelterstraße", "10", "78607", "Talheim", 48.0141, 8.8731),
    AddressPoint("Rosengasse", "7", "", "Flein", 49.1031, 9.2111),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.shipped()


@pytest.fixture
def chain(gaz: Gazetteer) -> GeocodingChain:
    return GeocodingChain(gaz, AddressIndex(POINTS), InMemoryCache(), InMemoryPlacements())


def test_house_match_with_spelling_variants(chain: GeocodingChain) -> None:
    for street, number in [("Lindenweg 3a", ""), ("Lindenweg", "3 A"), ("LINDENWEG", "3A")]:
        result = chain.geocode(Address(street, number, "74206", "Bad Wimpfen"))
        assert result is not None
        assert (result.lat, result.lon) == (49.2302, 9.1602)
        assert result.precision is Precision.HOUSE


def test_first_answer_source_then_cache(chain: GeocodingChain) -> None:
    address = Address("Lindenweg 5", "", "74206", "Bad Wimpfen")
    first = chain.geocode(address)
    second = chain.geocode(address)
    assert first is not None
    assert first.source is Source.ADDRESS_POINTS
    assert second is not None
    assert second.source is Source.CACHE
    assert second.origin is Source.ADDRESS_POINTS
    assert (second.lat, second.lon) == (first.lat, first.lon)


def test_same_street_in_another_town_is_never_used(chain: GeocodingChain) -> None:
    # Lindenweg 3 exists in Bad Wimpfen and Brackenheim: the postcode decides.
    result = chain.geocode(Address("Lindenweg 3", "", "74336", "Brackenheim"))
    assert result is not None
    assert (result.lat, result.lon) == (49.0781, 9.0661)
    # Lindenweg 5 exists only in Bad Wimpfen: Brackenheim gets its own Lindenweg (street).
    other = chain.geocode(Address("Lindenweg 5", "", "74336", "Brackenheim"))
    assert other is not None
    assert (other.lat, other.precision) == (49.0781, Precision.STREET)
    # Kelterstraße exists in no 74336 town at all: postcode centroid, not another town's house.
    third = chain.geocode(Address("Kelterstraße 10", "", "74336", "Brackenheim"))
    assert third is not None
    assert third.source is Source.GAZETTEER_POSTCODE


def test_ambiguous_town_without_postcode_gives_no_house(chain: GeocodingChain) -> None:
    # Two Talheims hold a Kelterstraße 10: without a postcode, no guess at house level.
    result = chain.geocode(Address("Kelterstraße 10", "", "", "Talheim"))
    assert result is not None
    assert result.source is Source.GAZETTEER_MUNICIPALITY
    assert result.precision is Precision.MUNICIPALITY
    with_plz = chain.geocode(Address("Kelterstr. 10", "", "74388", "Talheim"))
    assert with_plz is not None
    assert with_plz.precision is Precision.HOUSE
    assert with_plz.lat == 49.0841


def test_suffix_and_range_fall_back_to_the_number(chain: GeocodingChain) -> None:
    three_b = chain.geocode(Address("Lindenweg 3b", "", "74206", "Bad Wimpfen"))
    assert three_b is not None
    assert (three_b.lat, three_b.precision) == (49.2301, Precision.HOUSE)
    rng = chain.geocode(Address("Lindenweg 5-7", "", "74206", "Bad Wimpfen"))
    assert rng is not None
    assert (rng.lat, rng.precision) == (49.2304, Precision.HOUSE)


def test_street_centroid(chain: GeocodingChain) -> None:
    result = chain.geocode(Address("Lindenweg 99", "", "74206", "Bad Wimpfen"))
    assert result is not None
    assert result.precision is Precision.STREET
    assert result.lat == pytest.approx((49.2301 + 49.2302 + 49.2304) / 3)


def test_point_without_postcode_matches_by_town(chain: GeocodingChain) -> None:
    result = chain.geocode(Address("Rosengasse 7", "", "74223", "Flein"))
    assert result is not None
    assert result.precision is Precision.HOUSE


def test_gazetteer_postcode_and_municipality(gaz: Gazetteer) -> None:
    chain = GeocodingChain(gaz)
    by_plz = chain.geocode(Address("Unbekannte Gasse 1", "", "74906", "Bad Rappenau"))
    assert by_plz is not None
    assert by_plz.source is Source.GAZETTEER_POSTCODE
    assert by_plz.precision is Precision.POSTCODE
    by_town = chain.geocode(Address("Unbekannte Gasse 1", "", "", "Obersulm"))
    assert by_town is not None
    assert by_town.source is Source.GAZETTEER_MUNICIPALITY
    assert by_town.needs_attention


def test_postcode_and_town_disagree_prefers_the_town(gaz: Gazetteer) -> None:
    chain = GeocodingChain(gaz)
    # 74336 is Brackenheim's postcode; the customer lives in Flein.
    result = chain.geocode(Address("Gartenweg 2", "", "74336", "Flein"))
    flein = gaz.municipality("Flein")
    assert result is not None
    assert flein is not None
    assert (result.lat, result.lon) == (flein.lat, flein.lon)
    assert result.precision is Precision.MUNICIPALITY
    assert result.note == GeoNote.of(NoteCode.POSTCODE_MISMATCH, plz="74336", town="Flein")


@pytest.mark.parametrize(
    ("plz", "town"), [("96163", "Gundelsheim"), ("78607", "Talheim"), ("56814", "Beilstein")]
)
def test_postcode_of_a_namesake_elsewhere_is_a_mismatch(
    gaz: Gazetteer, plz: str, town: str
) -> None:
    # The postcode table lists these postcodes under the same town name, but they belong to
    # Gundelsheim in Upper Franconia, Talheim near Tuttlingen and Beilstein on the Moselle.
    municipality = gaz.municipality(town)
    assert municipality is not None
    assert gaz.postcode_in_municipality(plz, town) is False
    assert plz not in gaz.postcodes_of(municipality)
    result = GeocodingChain(gaz).geocode(Address("Hauptstraße 1", "", plz, town))
    assert result is not None
    assert (result.lat, result.lon) == (municipality.lat, municipality.lon)
    assert result.note == GeoNote.of(NoteCode.POSTCODE_MISMATCH, plz=plz, town=municipality.name)


def test_the_district_s_own_postcodes_stay_inside() -> None:
    gaz = Gazetteer.shipped()
    for municipality in gaz.municipalities:
        for plz in gaz.postcodes_of(municipality):
            assert gaz.postcode_in_municipality(plz, municipality.name), (plz, municipality.name)
    beilstein = gaz.municipality("Beilstein")
    assert beilstein is not None
    assert gaz.postcodes_of(beilstein) == {"71543", "71717"}


def test_postcode_that_does_not_exist(gaz: Gazetteer) -> None:
    chain = GeocodingChain(gaz)
    with_town = chain.geocode(Address("Gartenweg 2", "", "74999", "Flein"))
    assert with_town is not None
    assert with_town.precision is Precision.MUNICIPALITY
    assert with_town.note == GeoNote.of(NoteCode.POSTCODE_UNKNOWN, plz="74999")
    assert chain.geocode(Address("Gartenweg 2", "", "74999", "")) is None


def test_unknown_town_outside_district_with_wrong_postcode_is_not_placed(gaz: Gazetteer) -> None:
    # Postcode of Bad Rappenau, town somewhere else: we cannot place the town, so nothing.
    chain = GeocodingChain(gaz)
    assert chain.geocode(Address("Gartenweg 2", "", "74906", "Hamburg")) is None


def test_manual_placement_wins_and_is_remembered(chain: GeocodingChain) -> None:
    address = Address("Lindenweg 3", "", "74206", "Bad Wimpfen")
    assert chain.geocode(address).source is Source.ADDRESS_POINTS  # type: ignore[union-attr]
    chain.place_manually(address, 49.2333, 9.1666)
    # The same address in another spelling finds the hand placement.
    again = chain.geocode(Address("Lindenweg", "3", "74206", "BAD WIMPFEN"))
    assert again == GeoResult(49.2333, 9.1666, Source.MANUAL, Precision.HOUSE)
    with pytest.raises(ManualPlacementError, match="nicht in Deutschland"):
        chain.place_manually(address, 9.1666, 49.2333)


def test_cached_coarse_result_improves_after_import(gaz: Gazetteer) -> None:
    cache = InMemoryCache()
    address = Address("Lindenweg 5", "", "74206", "Bad Wimpfen")
    before = GeocodingChain(gaz, None, cache).geocode(address)
    assert before is not None
    assert before.precision is Precision.POSTCODE
    after = GeocodingChain(gaz, AddressIndex(POINTS), cache).geocode(address)
    assert after is not None
    assert after.precision is Precision.HOUSE
    assert cache.get(address.key()) == after


def test_cache_survives_without_offline_answer(gaz: Gazetteer) -> None:
    cache = InMemoryCache()
    address = Address("Weg 1", "", "", "Nirgendwo")
    cache.put(address.key(), GeoResult(49.1, 9.2, Source.ONLINE, Precision.STREET))
    result = GeocodingChain(gaz, None, cache).geocode(address)
    assert result is not None
    assert (result.source, result.origin) == (Source.CACHE, Source.ONLINE)


def test_geocode_many_progress_and_cancel(chain: GeocodingChain) -> None:
    addresses = [Address("Lindenweg 3", "", "74206", "Bad Wimpfen")] * 10
    seen: list[tuple[int, int]] = []
    results = geocode_many(addresses, chain, progress=lambda d, t: seen.append((d, t)))
    assert all(r is not None for r in results)
    assert seen[-1] == (10, 10)

    calls = iter(range(100))
    stopped = geocode_many(addresses, chain, cancelled=lambda: next(calls) >= 4)
    assert len(stopped) == 10
    assert [r is not None for r in stopped] == [True] * 4 + [False] * 6


def test_geocode_many_survives_a_failing_address(gaz: Gazetteer) -> None:
    class Broken(InMemoryCache):
        def get(self, key: AddressKey) -> GeoResult | None:
            if key.street == "kaputtweg":
                raise RuntimeError("boom")
            return None

    chain = GeocodingChain(gaz, cache=Broken())
    results = geocode_many(
        [Address("Kaputtweg 1", "", "", "Flein"), Address("Weg 1", "", "", "Flein")], chain
    )
    assert results[0] is None
    assert results[1] is not None


# --- notes: a code with parameters, one German and one English sentence per code ------------


def test_every_note_code_has_a_german_and_an_english_sentence() -> None:
    params = {"plz": "74336", "town": "Flein", "provider": "photon", "text": "Alt."}
    for code in NoteCode:
        note = GeoNote.of(code, **params)
        german, english = note.text("de"), note.text("en")
        assert german
        assert english
        assert "{" not in german + english  # every placeholder filled
        if code is not NoteCode.TEXT:
            assert german != english


def test_notes_read_in_both_languages() -> None:
    note = GeoNote.of(NoteCode.POSTCODE_MISMATCH, plz="74336", town="Flein")
    assert note.text("de") == "Postleitzahl 74336 passt nicht zu Flein; Ortsmitte verwendet."
    assert note.text("en") == "postcode 74336 does not belong to Flein; the town centre was used."
    assert note.text("en_GB") == note.text("en")
    assert note.param("town") == "Flein"
    assert note.param("nothing") == ""
    assert GeoNote(NoteCode.POSTCODE_UNKNOWN).text("de") == "Postleitzahl ? gibt es nicht."


def test_unchecked_postcode_note_is_english_too() -> None:
    # Once left German on the CLI: the regex translation did not know this sentence.
    note = GeoNote.of(NoteCode.POSTCODE_UNCHECKED, plz="74076")
    assert "74076" in note.text("en")
    assert "prüfen" not in note.text("en")


@pytest.mark.parametrize(
    "note",
    [
        GeoNote.of(NoteCode.POSTCODE_UNKNOWN, plz="99999"),
        GeoNote.of(NoteCode.POSTCODE_MISMATCH, plz="74336", town="Bad Friedrichshall"),
        GeoNote.of(NoteCode.ONLINE, provider="nominatim"),
        GeoNote.of(NoteCode.TEXT, text='Ein "Satz" mit {Klammern}; und Ümlauten.'),
    ],
)
def test_notes_survive_storage(note: GeoNote) -> None:
    assert GeoNote.from_storage(note.to_storage()) == note


def test_stored_notes_of_older_and_newer_versions() -> None:
    assert GeoNote.from_storage("") is None
    assert GeoNote.from_storage(None) is None
    # An older version cached the German sentence: shown as it was, in both languages.
    old = GeoNote.from_storage("Postleitzahl 99999 gibt es nicht.")
    assert old == GeoNote.of(NoteCode.TEXT, text="Postleitzahl 99999 gibt es nicht.")
    assert old is not None
    assert old.text("en") == "Postleitzahl 99999 gibt es nicht."
    # A code of a newer version: no note rather than a wrong one.
    assert GeoNote.from_storage('{"code":"from_the_future","params":{}}') is None
    assert GeoNote.from_storage("[1, 2]") == GeoNote.of(NoteCode.TEXT, text="[1, 2]")
