"""Age on a day and the U25 rule, once for the chain checks, the letters and the planning.

The age limit is the legal parameter ``chain.u25_age_limit`` of the rule sets in force
(``resources/rules/*.toml``); :data:`DEFAULT_U25_LIMIT` is only used where no rule set gives it.
"""

from __future__ import annotations

from datetime import date

from fieldkit.domain.legal import LegalParameters

#: Younger than this is "U25" when the rule sets in force do not say otherwise.
DEFAULT_U25_LIMIT = 25
U25_PARAMETER = "chain.u25_age_limit"


def age_on(birth: date, day: date) -> int:
    """Full years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def u25_limit(params: LegalParameters) -> int:
    """The U25 age limit the legal parameters set (:data:`DEFAULT_U25_LIMIT` without one)."""
    if U25_PARAMETER not in params.values:
        return DEFAULT_U25_LIMIT
    return params.integer(U25_PARAMETER)


def is_u25(birth: date, day: date, limit: int = DEFAULT_U25_LIMIT) -> bool:
    """Younger than ``limit`` on ``day``."""
    return age_on(birth, day) < limit
