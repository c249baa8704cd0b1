"""The bundle's entry point: the ``fieldkit`` command, frozen by PyInstaller (fieldkit.spec)."""

from __future__ import annotations

import multiprocessing
import sys

from fieldkit.cli import main

if __name__ == "__main__":
    # The route planner starts a helper process ("spawn"); in a frozen program that child
    # re-runs this file and must be caught here before it parses fieldkit's arguments.
    multiprocessing.freeze_support()
    sys.exit(main())
