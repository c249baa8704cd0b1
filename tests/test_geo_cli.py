"""``fieldkit geocode`` and ``fieldkit import-addresses`` on real SQLite files."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.services.week import list_weeks
from fieldkit.store.db import open_database
from fieldkit.store.models import Address, AddressPoint, Customer, Flag


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_demo_geocodes_fully_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = str(tmp_path / "demo.sqlite")
    assert main(["demo", "--db", db_path, "--week", "2026-W49"]) == 0
    db = open_database(db_path)
    try:
        with db.session() as session:
            weeks = list_weeks(session)
    finally:
        db.dispose()
    capsys.readouterr()
    for week in weeks:
        assert main(["geocode", "--db", db_path, "--week", week]) == 0
    out = capsys.readouterr().out
    assert "Geocoded" in out
    assert "0 not placed" in out
    db = open_database(db_path)
    try:
        with db.session() as session:
            rows = session.execute(
                select(Address.geo_precision, Address.lat, Customer.nachname)
                .join(Customer)
                .join(Flag)
                .where(Flag.withdrawn_at.is_(None))
            ).all()
    finally:
        db.dispose()
    assert len(rows) >= 40
    assert {p for p, _, _ in rows} <= {"house", "street", "postcode", "municipality"}
    assert all(lat is not None for _, lat, _ in rows)
    # The summary names customer numbers only, never a person.
    assert not any(name in out for _, _, name in rows)


def test_geocode_default_week_is_the_latest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = str(tmp_path / "demo.sqlite")
    main(["demo", "--db", db_path, "--week", "2026-W49", "--count", "5"])
    capsys.readouterr()
    assert main(["geocode", "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Week 2026-W")
    assert out.count("\n") == 1


def test_geocode_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = str(tmp_path / "empty.sqlite")
    assert main(["geocode", "--db", db_path]) == 1
    assert "no flagged customers" in capsys.readouterr().err
    assert main(["geocode", "--db", db_path, "--week", "2026-49"]) == 1
    assert "ISO week" in capsys.readouterr().err
    main(["demo", "--db", db_path, "--week", "2026-W49", "--count", "3"])
    capsys.readouterr()
    assert main(["geocode", "--db", db_path, "--online"]) == 1
    err = capsys.readouterr().err
    assert "No geocoding server is configured" in err
    assert err.count("\n") == 1


def test_import_addresses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = str(tmp_path / "a.sqlite")
    good = tmp_path / "punkte.csv"
    good.write_text(
        "street,housenumber,postcode,city,lat,lon\nLindenweg,3,74206,Bad Wimpfen,49.2301,9.1601\n"
    )
    assert main(["import-addresses", "--db", db_path, str(good)]) == 0
    assert capsys.readouterr().out == (
        "Imported 1 address points from punkte.csv (OpenStreetMap CSV).\n"
    )
    assert main(["import-addresses", "--db", db_path, str(good)]) == 0
    assert "replacing the earlier import" in capsys.readouterr().out


BAD = {
    "empty.csv": ("", "contains no addresses"),
    "format.csv": ("name;phone\nA;1\n", "format"),
    "utm.csv": ("street,housenumber,postcode,city,lat,lon\nA,1,74206,X,5455000,511000\n", "metres"),
    "outside.csv": (
        "street,housenumber,postcode,city,lat,lon\nR,1,75001,P,48.85,2.35\n",
        "outside",
    ),
    "swapped.csv": (
        "street,housenumber,postcode,city,lat,lon\nA,1,74206,B,9.16,49.23\n",
        "swapped",
    ),
    "corrupt.csv": ("street,housenumber,postcode,city,lat,lon\nA,1,74206,B,49.2,nine\n", "corrupt"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_import_addresses_bad_input_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    text, words = BAD[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    db_path = str(tmp_path / "b.sqlite")
    assert main(["import-addresses", "--db", db_path, str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    db = open_database(db_path)
    try:
        with db.session() as session:
            assert session.scalars(select(AddressPoint)).first() is None
    finally:
        db.dispose()


def test_import_addresses_swap_flag_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "swapped.csv"
    path.write_text(BAD["swapped.csv"][0], encoding="utf-8")
    db_path = str(tmp_path / "c.sqlite")
    assert main(["import-addresses", "--db", db_path, str(path)]) == 1
    assert "--swap-lat-lon" in capsys.readouterr().err  # the way out is named
    assert main(["import-addresses", "--db", db_path, str(path), "--swap-lat-lon"]) == 0
    assert main(["import-addresses", "--db", db_path, str(tmp_path / "nope.csv")]) == 1
    assert "cannot be read" in capsys.readouterr().err
