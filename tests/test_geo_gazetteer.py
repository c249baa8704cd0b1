"""The built-in gazetteer: 46 municipalities and Germany's postcodes, offline."""

from __future__ import annotations

import pytest

from fieldkit.geo.gazetteer import (
    ATTRIBUTION,
    GEONAMES_ATTRIBUTION,
    Gazetteer,
    attribution,
    in_germany,
    load_municipalities,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.shipped()


def test_municipalities_of_the_district() -> None:
    ms = load_municipalities()
    assert len(ms) == 46
    assert len({m.ags for m in ms}) == 46
    assert all(m.ags.startswith("08125") for m in ms)
    assert all(in_germany(m.lat, m.lon) for m in ms)
    assert "Heilbronn" not in {m.name for m in ms}  # the city is not part of the Landkreis


def test_attribution_names_geonames() -> None:
    assert "GeoNames" in GEONAMES_ATTRIBUTION
    assert "CC BY 4.0" in GEONAMES_ATTRIBUTION
    assert GEONAMES_ATTRIBUTION in ATTRIBUTION
    assert attribution("de") == ATTRIBUTION
    assert attribution("de", postcodes=False) == GEONAMES_ATTRIBUTION
    english = attribution("en_GB")
    assert english.startswith("Municipality centres: GeoNames")
    assert "CC BY 4.0" in english
    assert "ODbL 1.0" in english
    assert "Gemeinde" not in english
    assert "Postleitzahlen" not in english


def test_postcode_data_is_shipped(gaz: Gazetteer) -> None:
    # The packages carry the data inside their wheels: thousands of postcodes, no download.
    assert gaz.has_postcode_centroids
    assert len(gaz.postcode_centroids) > 8000
    assert gaz.has_postcode_localities
    lat, lon = gaz.postcode_centroid("74206")  # type: ignore[misc]
    assert abs(lat - 49.23) < 0.05
    assert abs(lon - 9.15) < 0.05
    assert gaz.postcode_centroid("10115") is not None  # Berlin: all of Germany


def test_postcode_that_does_not_exist(gaz: Gazetteer) -> None:
    assert gaz.postcode_known("74999") is False
    assert gaz.postcode_known("00000") is False
    assert gaz.postcode_known("74906") is True
    assert gaz.postcode_centroid("74999") is None


def test_municipality_lookup(gaz: Gazetteer) -> None:
    assert gaz.municipality("Lauffen").name == "Lauffen am Neckar"  # type: ignore[union-attr]
    assert gaz.municipality("LÖWENSTEIN").ags == "08125059"  # type: ignore[union-attr]
    assert gaz.municipality("Bad Rappenau-Bonfeld").name == "Bad Rappenau"  # type: ignore[union-attr]
    assert gaz.municipality("Heilbronn") is None
    assert gaz.municipality("Bad") is None  # ambiguous prefix finds nothing


def test_postcode_in_municipality(gaz: Gazetteer) -> None:
    assert gaz.postcode_in_municipality("74906", "Bad Rappenau") is True
    assert gaz.postcode_in_municipality("74336", "Bad Rappenau") is False  # Brackenheim's
    assert gaz.postcode_in_municipality("71543", "Beilstein") is True  # shared postcode
    assert gaz.postcode_in_municipality("71543", "Wüstenrot") is True
    assert gaz.postcode_in_municipality("99999", "Flein") is None


def test_without_postcode_packages_it_still_works() -> None:
    bare = Gazetteer(load_municipalities())
    assert not bare.has_postcode_centroids
    assert bare.municipality("Flein") is not None
    assert bare.postcode_in_municipality("74223", "Flein") is True
    assert bare.postcode_in_municipality("74336", "Flein") is None
