"""``fieldkit demo`` never touches real data (issue 13, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from fieldkit.cli import main
from fieldkit.services.demo_guard import DEMO_KEY
from fieldkit.store.db import open_database
from fieldkit.store.models import AppMeta, Customer, Flag
from tests.conftest import SPEC_DATA

SETUP = Path(__file__).resolve().parent / "data" / "setup-office.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _customer(url: str, number: str) -> tuple[str, int]:
    db = open_database(url)
    try:
        with db.session() as session:
            customer = session.scalars(
                select(Customer).where(Customer.kundennummer == number)
            ).one()
            flags = len(list(session.scalars(select(Flag).where(Flag.customer_id == customer.id))))
            return customer.nachname, flags
    finally:
        db.dispose()


def test_the_demo_refuses_a_real_office_and_forced_never_overwrites_its_customers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = str(tmp_path / "real.sqlite")
    # A real customer whose number is the demo's first one.
    flags = tmp_path / "flags.csv"
    text = (SPEC_DATA / "sample-week.csv").read_text(encoding="utf-8")
    flags.write_text(text.replace("962D100001", "962D200001"), encoding="utf-8")
    assert run(capsys, "import", str(flags), "--db", url)[0] == 0
    before = _customer(url, "962D200001")
    assert before[0] == "Becker"

    code, out, err = run(capsys, "demo", "--week", "2026-W49", "--db", url)
    assert code == 1
    assert "did not write (3 teams, 3 caseworkers, 6 customers)" in err
    assert "--force" in err
    assert len(err.strip().splitlines()) == 1

    assert run(capsys, "setup", "apply", str(SETUP), "--db", url)[0] == 0
    code, _, err = run(capsys, "demo", "--week", "2026-W49", "--db", url)
    assert code == 1
    assert "1 office" in err

    code, out, _ = run(capsys, "demo", "--week", "2026-W49", "--db", url, "--force")
    assert code == 0
    assert "39 customers flagged" in out  # the demo's own 962D200001 is left out
    assert _customer(url, "962D200001") == before
    # The demo's own customers are its own from now on: a second forced run changes nothing real.
    assert run(capsys, "demo", "--week", "2026-W49", "--db", url, "--force")[0] == 0
    assert _customer(url, "962D200001") == before


def test_the_demo_repeats_on_its_own_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = str(tmp_path / "demo.sqlite")
    assert run(capsys, "demo", "--week", "2026-W49", "--db", url)[0] == 0
    assert run(capsys, "demo", "--week", "2026-W49", "--db", url)[0] == 0
    # A demo database from before the marker is recognised by its names.
    db = open_database(url)
    try:
        with db.session() as session:
            session.execute(delete(AppMeta).where(AppMeta.key == DEMO_KEY))
    finally:
        db.dispose()
    code, _, err = run(capsys, "demo", "--week", "2026-W49", "--db", url)
    assert code == 0, err
