"""``python -m fieldkit`` runs the console script."""

import sys

from fieldkit.cli import main

sys.exit(main())
