"""Settings of the rules engine (declared once here; composed in ``fieldkit.settings``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldkit.settings_fields import describe


@dataclass(frozen=True)
class RulesSettings:
    """Rules of the Heilbronn and Hamburg concepts that an office may tune."""

    federal_state: str = field(
        default="BW",
        metadata=describe(
            "Federal state whose public holidays count (BW, HH, …).", office_wide=True
        ),
    )
    office_hours_end: str = field(
        default="16:00",
        metadata=describe(
            "End of office hours on the flag deadline day (HH:MM).", office_wide=True
        ),
    )
    flag_deadline_weekday: int = field(
        default=4,
        metadata=describe(
            "Weekday on which flag lists close at the end of office hours (1 = Monday, "
            "4 = Thursday); the office setup's flag_cutoff takes precedence.",
            office_wide=True,
        ),
    )
    call_min_gap_hours: float = field(
        default=2.0,
        metadata=describe(
            "Minimum clock-time gap between the two documented phone calls.", office_wide=True
        ),
    )
    extra_closed_days: tuple[str, ...] = field(
        default=(),
        metadata=describe(
            "Days the office is closed besides public holidays: 'MM-DD' every year "
            "(e.g. '12-24') or 'YYYY-MM-DD' once.",
            office_wide=True,
        ),
    )
    legal_overrides: tuple[str, ...] = field(
        default=(),
        metadata=describe(
            "Legal parameters changed by law, 'name@YYYY-MM-DD=value' "
            "(e.g. 'standard_rate_eur@2027-01-01=570.00'); see fieldkit.domain.legal.",
            office_wide=True,
        ),
    )
    appointment_lead_working_days: int = field(
        default=2,
        metadata=describe(
            "Working days between the visit and the appointment it hands over (lead time).",
            office_wide=True,
        ),
    )
    call_hours_start: str = field(
        default="07:00",
        metadata=describe(
            "Earliest local time (HH:MM) for a documented call; earlier calls are noted.",
            office_wide=True,
        ),
    )
    call_hours_end: str = field(
        default="19:00",
        metadata=describe(
            "Latest local time (HH:MM) for a documented call; later calls are noted.",
            office_wide=True,
        ),
    )
    rule_sets: tuple[str, ...] = field(
        default=(),
        metadata=describe(
            "Later rule sets the office enables, 'name' or 'name@YYYY-MM-DD' to start them "
            "on another day (see 'fieldkit rules list').",
            office_wide=True,
        ),
    )
    hamburg_rules: bool = field(
        default=False,
        metadata=describe(
            "Use the Hamburg concept's rules in the back office: customer situation, contacts "
            "due per caseworker, end of the 'Mangelnde Mitwirkung' period (issue 17).",
            office_wide=True,
        ),
    )
    max_import_megabytes: int = field(
        default=50,
        metadata=describe("Largest flag list file that is read (MB); larger files are refused."),
    )
    max_import_rows: int = field(
        default=200_000,
        metadata=describe("Most data rows a flag list may have; longer lists are refused."),
    )
