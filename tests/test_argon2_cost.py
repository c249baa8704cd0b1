"""Production keeps RFC 9106's Argon2id cost; only the tests swap in a cheap one (conftest)."""

from __future__ import annotations

import pytest

from fieldkit.services import accounts
from fieldkit.store import cipher
from tests.conftest import TEST_ARGON2

PASSWORD = "ein-langes-Testpasswort"


@pytest.mark.real_argon2
def test_production_hashes_and_key_slots_use_rfc_9106() -> None:
    # RFC 9106, section 4, second recommended option: 64 MiB, 3 passes, 4 lanes.
    assert cipher.ARGON2 == {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
    stored = accounts.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts._hasher().verify(stored, PASSWORD)


def test_tests_use_the_cheap_cost_and_it_still_verifies() -> None:
    assert cipher.ARGON2 == TEST_ARGON2
    stored = accounts.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert accounts._hasher().verify(stored, PASSWORD)
    assert not accounts._hasher().check_needs_rehash(stored)
