"""Printed documents with ReportLab: invitations, customer packages, route sheets, batches.

Qt-free and database-free: every document is rendered from the plain dataclasses in
:mod:`fieldkit.printing.model` to a path or a binary stream.
"""

from __future__ import annotations

from fieldkit.printing.batch import CancelCheck, ProgressCallback, render_day_batch
from fieldkit.printing.layout import Cancelled
from fieldkit.printing.letters import render_invitation, render_package
from fieldkit.printing.model import (
    Appointment,
    BatchManifest,
    Caseworker,
    Customer,
    GeoPoint,
    InvitationLetter,
    ManifestEntry,
    Mitwirkungsschreiben,
    Office,
    RouteDay,
    RouteStop,
)
from fieldkit.printing.route_sheet import render_route_sheet
from fieldkit.printing.settings import PrintSettings

__all__ = [
    "Appointment",
    "BatchManifest",
    "CancelCheck",
    "Cancelled",
    "Caseworker",
    "Customer",
    "GeoPoint",
    "InvitationLetter",
    "ManifestEntry",
    "Mitwirkungsschreiben",
    "Office",
    "PrintSettings",
    "ProgressCallback",
    "RouteDay",
    "RouteStop",
    "render_day_batch",
    "render_invitation",
    "render_package",
    "render_route_sheet",
]
