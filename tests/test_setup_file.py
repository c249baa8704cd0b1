"""The setup file (docs/setup-file.md): parse, check with line numbers, write back.

Contract: the office-setup file of the shared spec (copied into docs/setup-file.md).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from fieldkit.domain.setup import (
    MAX_FILE_BYTES,
    AreaInfo,
    OfficeSetup,
    SetupError,
    WorkerInfo,
    dump_setup,
)
from fieldkit.geo.setup_areas import (
    area_members,
    parse_setup,
    uncovered_municipalities,
    validate_setup,
)

SAMPLE = Path(__file__).resolve().parent / "data" / "setup-office.toml"
TEXT = SAMPLE.read_text(encoding="utf-8")


def _line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return hits[nth]


def _problems(text: str | bytes) -> list[tuple[str, int | None]]:
    with pytest.raises(SetupError) as caught:
        parse_setup(text, "office.toml")
    for found in caught.value.problems:
        assert found.de
        assert found.en
        assert found.de != found.en
        assert "Traceback" not in found.de
    return [(p.code, p.line) for p in caught.value.problems]


def _changed(old: str, new: str, count: int = 1) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, count)


def test_the_sample_parses_and_covers_the_whole_district() -> None:
    setup = parse_setup(SAMPLE.read_bytes(), str(SAMPLE))
    assert setup.office is not None
    assert setup.office.state == "BW"
    assert [b.name for b in setup.branches] == ["Jobcenter Neckarsulm", "Jobcenter Heilbronn"]
    assert setup.outreach_workers[0].break_minutes == 30
    assert setup.outreach_workers[1].break_minutes is None
    assert len(setup.areas) == 5
    assert uncovered_municipalities(setup) == []
    assert validate_setup(setup) == []


def test_dump_round_trips() -> None:
    setup = parse_setup(TEXT)
    assert parse_setup(dump_setup(setup)) == setup
    assert dump_setup(parse_setup(dump_setup(setup))) == dump_setup(setup)


def test_awkward_values_round_trip() -> None:
    setup = parse_setup(TEXT)
    assert setup.office is not None
    setup.office = replace(
        setup.office,
        name='Jobcenter "Mitte" \\ <b>Nord</b>',
        letterhead="Zeile 1\nZeile 2\twith tab",
        opening_hours="Mo–Fr 08:00–12:00 😀",
    )
    assert validate_setup(setup) == []
    assert parse_setup(dump_setup(setup)) == setup


def test_bom_and_crlf_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")
    assert parse_setup(data) == parse_setup(TEXT)


@pytest.mark.parametrize(
    ("old", "new", "code", "needle"),
    [
        ('phone = "07131 000-0"', 'phone = "07131 000-0"\nfax = "1"', "unknown_key", "fax ="),
        ('number = "522"', 'number = "522"\nleader = "x"', "unknown_key", "leader ="),
        ('street = "Musterweg 3"\n', "", "missing_key", "[office]"),
        ('state = "BW"', "state = 7", "wrong_type", "state = 7"),
        ('days = ["Mo", "Di", "Mi", "Do", "Fr"]', 'days = "Mo"', "wrong_type", 'days = "Mo"'),
        ("break_minutes = 30", 'break_minutes = "30"', "wrong_type", "break_minutes"),
        ("break_minutes = 30", "break_minutes = true", "wrong_type", "break_minutes"),
        ("break_minutes = 30", "break_minutes = -5", "bad_break", "break_minutes"),
        ('start = "08:00"', 'start = "8 Uhr"', "bad_time", 'start = "8 Uhr"'),
        ('end = "16:00"', 'end = "25:00"', "bad_time", 'end = "25:00"'),
        ('end = "16:00"', 'end = "07:00"', "end_before_start", 'end = "07:00"'),
        ('weekdays = ["Mo"]', 'weekdays = ["Montag"]', "bad_weekday", 'weekdays = ["Montag"]'),
        ('weekdays = ["Mo"]', "weekdays = []", "empty", "weekdays = []"),
        ('postcode = "74172"', 'postcode = "7417"', "bad_postcode", 'postcode = "7417"'),
        ('postcode = "74072"', 'postcode = "D-74072"', "bad_postcode", "D-74072"),
        ('state = "BW"', 'state = "XX"', "bad_state", 'state = "XX"'),
        ('flag_cutoff = "Do 16:00"', 'flag_cutoff = "Thu"', "bad_cutoff", "flag_cutoff"),
        ('email = "info@jobcenter.example"', 'email = "kein"', "bad_email", 'email = "kein"'),
        ('number = "523"', 'number = "522"', "name_twice", 'number = "522"'),
        ('name = "Herr Brandt"', 'name = "Frau Keller"', "name_twice", 'name = "Frau Keller"'),
        ('team = "523"', 'team = "599"', "unknown_team", 'team = "599"'),
        ('lead = "Frau Keller"', 'lead = "Frau X"', "unknown_lead", 'lead = "Frau X"'),
        (
            'branch = "Jobcenter Neckarsulm"',
            'branch = "Jobcenter Mond"',
            "unknown_branch",
            "Jobcenter Mond",
        ),
        ('areas = ["Süd', 'areas = ["Mond", "Süd', "unknown_area", '"Mond"'),
        (
            'days = ["Mo", "Di", "Mi", "Do", "Fr"]\nstart = "07:30"',
            'days = []\nstart = "07:30"',
            "no_day",
            "days = []",
        ),
        ('name = "Ben Doğan"', 'name = ""', "empty", 'name = ""'),
        ('name = "Ben Doğan"', 'name = "   "', "empty", 'name = "   "'),
        ('city = "Neckarsulm"', f'city = "{"N" * 10_000}"', "too_long", "NNNN"),
        ('name = "Ben Doğan"', 'name = "Ben\\u0007Doğan"', "control_char", "Ben\\u0007"),
        ('name = "Ben Doğan"', 'name = "Ben\\u0000"', "control_char", "Ben\\u0000"),
        ('"Widdern"]', '"Widdern", "Atlantis"]', "unknown_municipality", '"Atlantis"'),
        # Weinsberg is in "Ost" (Wednesdays): in a second area on a Wednesday it is an overlap.
        (
            'weekdays = ["Fr"]\nmunicipalities = ["Brackenheim"',
            'weekdays = ["Mi", "Fr"]\nmunicipalities = ["Weinsberg", "Brackenheim"',
            "area_town_twice",
            '"Weinsberg", "Brackenheim"',
        ),
        ('[[teams]]\nnumber = "522"', '[[team]]\nnumber = "522"', "unknown_table", "[[team]]"),
    ],
)
def test_every_check_names_its_line(old: str, new: str, code: str, needle: str) -> None:
    text = _changed(old, new)
    found = _problems(text)
    expected_line = _line_of(text, needle, -1)
    assert (code, expected_line) in found, found


def test_all_problems_are_reported_at_once() -> None:
    text = _changed('start = "07:30"', 'start = "x"')
    text = text.replace('team = "523"', 'team = "599"').replace('state = "BW"', 'state = "ZZ"')
    codes = [code for code, _ in _problems(text)]
    assert sorted(codes) == ["bad_state", "bad_time", "unknown_team"]
    lines = [line or 0 for _, line in _problems(text)]
    assert lines == sorted(lines)


def test_a_town_split_by_postcodes_may_be_in_two_areas() -> None:
    # Neckarsulm is visited on Monday (Nord); its postcode 74172 also goes to a second area.
    text = TEXT.replace('"Untereisesheim"]\npostcodes = []', '"Untereisesheim"]\npostcodes = []')
    split = text + (
        '\n[[areas]]\nname = "Neckarsulm Ost"\nweekdays = ["Mo"]\n'
        'municipalities = ["Neckarsulm"]\npostcodes = ["74172"]\n'
    )
    codes = [code for code, _ in _problems(split)]
    assert codes == ["area_split_and_whole"]
    setup = parse_setup(TEXT)
    neckarsulm = AreaInfo("Neckarsulm Ost", ["Mo"], ["Neckarsulm"], ["74172"])
    assert area_members(neckarsulm) == [("08125065", "74172")]
    wrong = AreaInfo("Fremd", ["Mo"], ["Neckarsulm"], ["80331"])
    setup.areas.append(wrong)
    assert "postcode_not_of_area" in [p.code for p in validate_setup(setup)]


def test_a_worker_in_the_gui_gets_the_same_sentences() -> None:
    setup = parse_setup(TEXT)
    setup.outreach_workers.append(WorkerInfo("Neu", [], "9:00", "8:00"))
    found = validate_setup(setup)
    assert {p.code for p in found} == {"no_day", "end_before_start"}
    assert all(p.where[:2] == ("outreach_workers", 2) and p.line is None for p in found)
    assert "Neu" in found[0].de


def test_a_form_names_the_field_by_its_label_not_the_files_key() -> None:
    setup = parse_setup(TEXT)
    setup.outreach_workers.append(WorkerInfo("Neu", ["Mo"], "8 Uhr", ""))
    found = {p.where[2]: p for p in validate_setup(setup)}
    empty, bad = found["end"], found["start"]
    assert empty.de == "Außendienstkraft „Neu“: „end“ ist leer."  # the file's words
    assert empty.naming("Ende").de == "Außendienstkraft „Neu“: „Ende“ ist leer."
    assert empty.naming("End").en == "Outreach worker “Neu”: “End” is empty."
    assert bad.naming("Beginn").de.startswith("Außendienstkraft „Neu“, Beginn: „8 Uhr“ ist keine")
    assert replace(bad, line=7).naming("Beginn").line == 7


def test_uncovered_municipalities_are_listed() -> None:
    setup = parse_setup(TEXT)
    setup.areas = setup.areas[:4]
    missing = uncovered_municipalities(setup)
    assert "Eppingen" in missing
    assert len(missing) == 12
    assert uncovered_municipalities(OfficeSetup()) == sorted(missing + uncovered_nonwest(setup))


def uncovered_nonwest(setup: OfficeSetup) -> list[str]:
    return [m for a in setup.areas for m in a.municipalities]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "no_office"),
        (b"\x00\x01\x02\xff\xfe binary", "not_utf8"),
        (b"[office\nname = 1", "not_toml"),
        (b"<html><body>not toml</body></html>", "not_toml"),
        (b'name = "Jobcenter"', "unknown_table"),
        (b"office = 5", "not_a_table"),
        (b"[office]\n[[branches]]\n[branches]", "not_toml"),
        (b'[[areas]]\nname = "x"\n[office]\nname="a"\n', "missing_key"),
    ],
)
def test_hostile_files_give_sentences(data: bytes, code: str) -> None:
    assert code in [c for c, _ in _problems(data)]


def test_not_toml_names_the_line() -> None:
    text = _changed('phone = "07132 000-0"', "phone = 07132 000-0")
    assert _problems(text) == [("not_toml", _line_of(text, "phone = 07132"))]


def test_a_huge_file_is_refused_before_parsing() -> None:
    data = b"#" * (MAX_FILE_BYTES + 1)
    with pytest.raises(SetupError) as caught:
        parse_setup(data, "big.toml")
    assert [p.code for p in caught.value.problems] == ["file_too_big"]
    assert "MB" in caught.value.problems[0].located("big.toml")


def test_markup_is_only_text() -> None:
    text = _changed('name = "Ben Doğan"', 'name = "<script>alert(1)</script>"')
    setup = parse_setup(text)
    assert setup.outreach_workers[1].name == "<script>alert(1)</script>"


def test_unquoted_times_and_numbers_are_taken() -> None:
    text = _changed('start = "07:30"', "start = 07:30:00").replace('number = "522"', "number = 522")
    setup = parse_setup(text)
    assert setup.outreach_workers[1].start == "07:30"
    assert setup.teams[1].number == "522"
