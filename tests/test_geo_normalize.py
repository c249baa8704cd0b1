"""Normalisation of German addresses and the municipality rule."""

from __future__ import annotations

import pytest

from fieldkit.geo.normalize import (
    Address,
    AddressKey,
    HouseNumber,
    fold,
    locality_compatible,
    normalize_address,
    normalize_postcode,
    normalize_street,
    parse_housenumber,
    same_municipality,
    split_street_and_number,
)


@pytest.mark.parametrize(
    "street",
    [
        "Hauptstraße",
        "Hauptstr.",
        "Hauptstrasse",
        "Hauptstr",
        "HAUPTSTRASSE",
        "Haupt-Straße",
        "Haupt Str.",
        "  hauptstraße  ",
    ],
)
def test_street_spellings_meet(street: str) -> None:
    assert normalize_street(street) == "hauptstr"


def test_umlauts_and_accents_fold() -> None:
    assert fold("Löwensteiner Straße") == "loewensteiner strasse"
    assert normalize_street("Müller-Thurgau-Weg") == normalize_street("Mueller Thurgau Weg")
    assert normalize_street("Rue de l'Église") == "ruedeleglise"


def test_strasse_inside_a_word_is_kept() -> None:
    assert normalize_street("Straßenbahnweg") == "strassenbahnweg"
    assert normalize_street("Str. des 17. Juni") == normalize_street("Straße des 17. Juni")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", HouseNumber(3)),
        ("3a", HouseNumber(3, "a")),
        ("3 a", HouseNumber(3, "a")),
        ("3 A", HouseNumber(3, "a")),
        ("12/1", HouseNumber(12, "/1")),
        ("3-5", HouseNumber(3, "", 5)),
        ("3 – 5", HouseNumber(3, "", 5)),
        ("7-7", HouseNumber(7)),
    ],
)
def test_house_numbers(text: str, expected: HouseNumber) -> None:
    assert parse_housenumber(text) == expected


def test_house_number_keys() -> None:
    assert parse_housenumber("3 A").key == "3a"  # type: ignore[union-attr]
    assert parse_housenumber("3-5").key == "3-5"  # type: ignore[union-attr]
    assert parse_housenumber("3-5").base_key == "3"  # type: ignore[union-attr]
    assert parse_housenumber("") is None
    assert parse_housenumber("ohne") is None


@pytest.mark.parametrize(
    ("text", "street", "number"),
    [
        ("Hauptstr. 3 a", "Hauptstr.", "3 a"),
        ("Hauptstr.3a", "Hauptstr.", "3a"),
        ("Hauptstraße 3-5", "Hauptstraße", "3-5"),
        ("Straße des 17. Juni 5", "Straße des 17. Juni", "5"),
        ("Am Markt", "Am Markt", ""),
        ("Lindenweg 12/1", "Lindenweg", "12/1"),
    ],
)
def test_split_street_and_number(text: str, street: str, number: str) -> None:
    assert split_street_and_number(text) == (street, number)


def test_variants_give_one_key() -> None:
    keys = {
        normalize_address("Hauptstr. 3 a", "", "74206", "Bad Wimpfen"),
        normalize_address("Hauptstraße", "3a", 74206, "BAD WIMPFEN"),
        normalize_address("hauptstrasse", "3 A", " 74206 ", "Bad  Wimpfen"),
        Address("Haupt-Straße 3A", "", "74206", "Bad-Wimpfen").key(),
    }
    assert keys == {AddressKey("74206", "bad wimpfen", "hauptstr", "3a")}


def test_key_string_round_trip() -> None:
    key = normalize_address("Hauptstr.", "3a", "74206", "Bad Wimpfen")
    assert key.as_string() == "74206|bad wimpfen|hauptstr|3a"
    assert AddressKey.from_string(key.as_string()) == key
    with pytest.raises(ValueError, match="address key"):
        AddressKey.from_string("nonsense")


def test_postcodes() -> None:
    assert normalize_postcode("7743") == "07743"
    assert normalize_postcode("D-74206") == "74206"
    assert normalize_postcode("742061") == ""
    assert normalize_postcode(None) == ""


def test_same_municipality() -> None:
    assert same_municipality("lauffen", "lauffen am neckar")
    assert same_municipality("bad rappenau bonfeld", "bad rappenau")
    assert not same_municipality("neckarsulm", "neckarwestheim")
    assert not same_municipality("frankfurt am main", "frankfurt oder")
    assert not same_municipality("", "flein")


def test_municipality_rule() -> None:
    # agree on postcode (town missing on one side)
    assert locality_compatible("74206", "", "74206", "bad wimpfen")
    # agree on town (postcode missing on one side)
    assert locality_compatible("", "flein", "74223", "flein")
    # contradicting postcode: never, even with the same town name
    assert not locality_compatible("74388", "talheim", "78607", "talheim")
    # contradicting town with the same postcode: never
    assert not locality_compatible("71543", "beilstein", "71543", "wuestenrot")
    # nothing shared: no match
    assert not locality_compatible("74206", "", "", "flein")
    assert not locality_compatible("", "", "74206", "bad wimpfen")
