"""The shipped gazetteer is loaded once per process and shared (geocoding, the area check of
the office setup, the area division): loading Germany's postcode tables took 0.3-0.5 s, and
each of these loaded its own copy (two in every GUI process)."""

from __future__ import annotations

from fieldkit.geo import setup_areas
from fieldkit.geo.gazetteer import Gazetteer
from fieldkit.services import geocoding


def test_every_caller_reads_the_same_shipped_gazetteer() -> None:
    shared = Gazetteer.shipped()
    assert geocoding.gazetteer() is shared
    assert setup_areas._shipped_gazetteer() is shared
    fresh = Gazetteer.load()  # the shared one is the shipped data, not a subset of it
    assert [m.ags for m in shared.municipalities] == [m.ags for m in fresh.municipalities]
    assert shared.postcode_localities == fresh.postcode_localities
    assert shared.postcode_centroids == fresh.postcode_centroids
