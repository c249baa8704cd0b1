"""Who sees which customers in the week table: the back office only its own (team's)."""

from __future__ import annotations

from pathlib import Path

from fieldkit.services.office import UNRESTRICTED, Identity
from fieldkit.services.week import week_rows
from fieldkit.store.db import open_database
from tests.factories import add_flagged


def test_caseworker_sees_own_customers_team_lead_the_team_field_all(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "scope.sqlite"))
    try:
        add_flagged(db, "111A000001", "Adler", "Lauffen am Neckar", hb="Ada Muster")
        add_flagged(db, "111A000002", "Berg", "Eppingen", hb="Ben Beispiel")
        with db.session() as session:

            def numbers(identity: Identity) -> set[str]:
                return {r.kundennummer for r in week_rows(session, "2026-W49", identity)}

            assert numbers(UNRESTRICTED) == {"111A000001", "111A000002"}
            assert numbers(Identity("field")) == {"111A000001", "111A000002"}
            assert numbers(Identity("office", "Ada Muster", "521")) == {"111A000001"}
            assert numbers(Identity("office", "Ben Beispiel", "521", True)) == {
                "111A000001",
                "111A000002",
            }
            assert numbers(Identity("office", "", "999", True)) == set()
    finally:
        db.dispose()
