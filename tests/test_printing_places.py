"""The appointment place printed on invitations (issue 13): a branch with its address."""

from __future__ import annotations

import pytest

from fieldkit.printing.places import Place, resolve_place

OFFICE = Place("Jobcenter Landkreis Heilbronn", "Musterweg 3", "74072", "Heilbronn")
BRANCHES = (
    Place("Jobcenter Neckarsulm", "Beispielstraße 12", "74172", "Neckarsulm"),
    Place("Jobcenter Heilbronn", "Musterweg 3", "74072", "Heilbronn"),
    Place("Jobcenter Heilbronn Süd", "Südstraße 1", "74074", "Heilbronn"),
)
TOWNS = ("Eppingen", "Neckarsulm", "Bad Rappenau")


@pytest.mark.parametrize(
    ("written", "expected", "unresolved"),
    [
        (
            "Jobcenter Neckarsulm, Raum 2.14",
            "Jobcenter Neckarsulm, Raum 2.14\nBeispielstraße 12\n74172 Neckarsulm",
            False,
        ),
        (
            "jobcenter  neckarsulm",
            "jobcenter neckarsulm\nBeispielstraße 12\n74172 Neckarsulm",
            False,
        ),
        (
            "Jobcenter Heilbronn Süd, Raum 3",
            "Jobcenter Heilbronn Süd, Raum 3\nSüdstraße 1\n74074 Heilbronn",
            False,
        ),
        (
            "Jobcenter Heilbronn, Raum 1.05",
            "Jobcenter Heilbronn, Raum 1.05\nMusterweg 3\n74072 Heilbronn",
            False,
        ),
        # Another town's Jobcenter that is no branch: as written, never the head office.
        ("Jobcenter Eppingen", "Jobcenter Eppingen", True),
        ("Rathaus Eppingen, Zimmer 4", "Rathaus Eppingen, Zimmer 4", True),
        ("Jobcenter Neckarsulmer Straße", "Jobcenter Neckarsulmer Straße", True),
        # A room alone: the office's own.
        (
            "Raum 1.05",
            "Jobcenter Landkreis Heilbronn\nMusterweg 3\n74072 Heilbronn\nRaum 1.05",
            False,
        ),
        ("Kirchplatz 1, 75031 Eppingen", "Kirchplatz 1, 75031 Eppingen", False),
        ("telefonisch", "telefonisch", False),
        ("", "Jobcenter Landkreis Heilbronn\nMusterweg 3\n74072 Heilbronn", False),
        ("<b>Jobcenter</b> X", "<b>Jobcenter</b> X", True),
    ],
)
def test_the_place_is_a_branch_with_its_address(
    written: str, expected: str, unresolved: bool
) -> None:
    found = resolve_place(written, BRANCHES, OFFICE, TOWNS)
    assert found.text == expected
    assert found.unresolved is unresolved
    assert (
        "Musterweg" not in found.text or "Heilbronn" in written or "Raum" in written or not written
    )
