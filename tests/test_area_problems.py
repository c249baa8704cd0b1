"""The one check of the area division: every problem the editor used to find on its own is
reported by the service, in German and English, and hostile input is named, not stored."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit.geo.areas import _SENTENCES, SHOWN_CHARS, AreaProblem, ProblemCode
from fieldkit.geo.chain import GeocodingChain, ManualPlacementError
from fieldkit.geo.normalize import Address
from fieldkit.services import areas as area_service
from fieldkit.services.areas import NAME_LIMIT, AreaEdit, AreaError
from fieldkit.services.geocoding import gazetteer
from fieldkit.store.db import Database, open_database

ABSTATT = "08125001"
BAD_WIMPFEN = "08125007"
BEILSTEIN = "08125008"  # 71543 is shared with Wüstenrot
ERLENBACH = "08125027"  # 74076 and 74235 are its own


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "areas.sqlite"))
    yield database
    database.dispose()


def sound() -> list[AreaEdit]:
    return [
        AreaEdit("Nord", (1,), None, ((BAD_WIMPFEN, None),)),
        AreaEdit("Süd", (2,), None, ((ABSTATT, None),)),
    ]


def problems(db: Database, edits: list[AreaEdit]) -> list[AreaProblem]:
    with db.session() as session:
        return area_service.area_problems(session, edits)


def codes(db: Database, edits: list[AreaEdit]) -> list[ProblemCode]:
    return [p.code for p in problems(db, edits)]


def with_second(**changes: object) -> list[AreaEdit]:
    first, second = sound()
    return [first, dataclasses.replace(second, **changes)]  # type: ignore[arg-type]


def test_a_sound_division_has_no_problems(db: Database) -> None:
    assert problems(db, sound()) == []


def test_every_problem_has_a_german_and_a_different_english_sentence() -> None:
    assert set(_SENTENCES) == set(ProblemCode)
    for code, (german, english) in _SENTENCES.items():
        assert german != english, code
        assert "„" not in english, code
        assert "Gebiet" not in english, code


# -- what only the editor used to check ------------------------------------------------------


def test_an_area_without_a_municipality(db: Database) -> None:
    found = problems(db, with_second(members=()))
    assert [p.code for p in found] == [ProblemCode.NO_MUNICIPALITY]
    assert found[0].text() == "Gebiet „Süd“ hat keine Gemeinde."
    assert found[0].text("en") == "Area “Süd” has no municipality."


@pytest.mark.parametrize("typed", ["7417", "7417a", "74 235", "D-74235", "７４２３５", "", "   "])
def test_a_postcode_that_is_not_five_digits(db: Database, typed: str) -> None:
    found = problems(db, with_second(members=((ERLENBACH, typed or " "),)))
    assert [p.code for p in found] == [ProblemCode.NOT_A_POSTCODE], found
    assert found[0].text().startswith("Gebiet „Süd“, Erlenbach: „")
    assert found[0].text().endswith("“ ist keine Postleitzahl (5 Ziffern).")
    assert found[0].text("en").endswith("” is not a postcode (5 digits).")


def test_a_postcode_of_a_namesake_elsewhere_does_not_belong_to_the_town(db: Database) -> None:
    gundelsheim = next(ags for ags, name in area_service.municipalities() if name == "Gundelsheim")
    # 96163 is Gundelsheim in Upper Franconia: listed under the same name, 146 km away.
    found = problems(db, with_second(members=((gundelsheim, "96163"),)))
    assert [p.code for p in found] == [ProblemCode.POSTCODE_NOT_OF_TOWN]
    assert problems(db, with_second(members=((gundelsheim, "74831"),))) == []


def test_a_town_whole_in_one_area_and_split_in_another_is_said_once(db: Database) -> None:
    first, second = sound()
    edits = [
        dataclasses.replace(first, members=((ERLENBACH, None),)),
        dataclasses.replace(second, members=((ERLENBACH, "74235"),)),
    ]
    found = problems(db, edits)
    # The gazetteer-wide check and the member check find the same thing: one sentence.
    assert [p.code for p in found] == [ProblemCode.SPLIT_AND_WHOLE]
    assert found[0].text() == (
        "Postleitzahl 74235 („Süd“) gehört zu Erlenbach, das ganz in „Nord“ liegt."
    )
    assert found[0].text("en") == (
        "Postcode 74235 (“Süd”) belongs to Erlenbach, which lies wholly in “Nord”."
    )


def test_a_split_of_a_whole_town_by_a_shared_postcode(db: Database) -> None:
    # 71543 covers Beilstein and Wüstenrot: only the member's AGS tells which town is meant.
    first, second = sound()
    edits = [
        dataclasses.replace(first, members=((BEILSTEIN, None),)),
        dataclasses.replace(second, members=((BEILSTEIN, "71543"),)),
    ]
    assert codes(db, edits) == [ProblemCode.SPLIT_AND_WHOLE]


@pytest.mark.parametrize("name", ["Nord", " Nord", "Nord  "])
def test_duplicate_names_also_with_whitespace(db: Database, name: str) -> None:
    found = problems(db, with_second(name=name))
    assert [p.code for p in found] == [ProblemCode.NAME_TWICE]
    assert found[0].text() == "Der Gebietsname „Nord“ kommt mehrfach vor."


# -- hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_names(db: Database, name: str) -> None:
    assert codes(db, with_second(name=name)) == [ProblemCode.NO_NAME]
    # Two nameless areas are not "the same name twice", and the other checks still name them.
    edits = [dataclasses.replace(a, name=name, weekdays=()) for a in sound()]
    found = problems(db, edits)
    assert [p.code for p in found] == [ProblemCode.NO_NAME, ProblemCode.NO_WEEKDAY]
    assert found[1].text() == "Gebiet „(ohne Namen)“ hat keinen Besuchstag."
    assert found[1].text("en") == "Area “(no name)” has no visiting day."


def test_a_ten_thousand_character_name_is_refused_and_shown_short(db: Database) -> None:
    name = "Ost" * 3334
    found = problems(db, with_second(name=name))
    assert [p.code for p in found] == [ProblemCode.NAME_TOO_LONG]
    for lang in ("de", "en"):
        text = found[0].text(lang)
        assert str(NAME_LIMIT) in text
        assert len(text) < SHOWN_CHARS + 80, text
        assert "…" in text
    assert codes(db, with_second(name="x" * NAME_LIMIT)) == []
    with pytest.raises(AreaError):
        area_service.save_areas(db, with_second(name=name))


def test_duplicate_postcodes(db: Database) -> None:
    first, second = sound()
    # The same postcode in two areas is a real overlap …
    edits = [
        dataclasses.replace(first, members=((ERLENBACH, "74235"),)),
        dataclasses.replace(second, members=((ERLENBACH, "74235"),)),
    ]
    found = problems(db, edits)
    assert [p.code for p in found] == [ProblemCode.POSTCODE_TWICE]
    assert found[0].text("en") == "Postcode 74235 is in two areas: “Nord” and “Süd”."
    # … typed twice in one area it is one member, stored once.
    twice = [
        dataclasses.replace(first, members=((ERLENBACH, "74235"), (ERLENBACH, "74235"))),
        dataclasses.replace(second, members=((ERLENBACH, "74076"),)),
    ]
    assert problems(db, twice) == []
    area_service.save_areas(db, twice)
    with db.session() as session:
        stored = {a.name: a.members for a in area_service.load_area_edits(session)}
    assert stored == {"Nord": ((ERLENBACH, "74235"),), "Süd": ((ERLENBACH, "74076"),)}


def test_a_refused_save_carries_both_languages(db: Database) -> None:
    with pytest.raises(AreaError) as err:
        area_service.save_areas(db, with_second(weekdays=(), members=()))
    assert str(err.value) == (
        "Gebiet „Süd“ hat keinen Besuchstag; Gebiet „Süd“ hat keine Gemeinde."
    )
    assert err.value.message("en") == (
        "Area “Süd” has no visiting day; Area “Süd” has no municipality."
    )
    assert [p.text("en") for p in err.value.problems] == [
        "Area “Süd” has no visiting day.",
        "Area “Süd” has no municipality.",
    ]


def test_a_placement_outside_germany_is_said_in_both_languages() -> None:
    chain = GeocodingChain(gazetteer())
    with pytest.raises(ManualPlacementError) as err:
        chain.place_manually(Address("Lindenweg 3", "", "74206", "Bad Wimpfen"), 9.1666, 49.2333)
    assert isinstance(err.value, ValueError)
    assert str(err.value) == "Die Position 9.16660, 49.23330 liegt nicht in Deutschland."
    assert err.value.message("en") == "The position 9.16660, 49.23330 is not in Germany."
