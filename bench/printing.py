"""Bench: 300 invitations with customer packages in one duplex batch PDF.

Run: .venv/bin/python bench/printing.py [--letters 300] [--repeat 3]
Prints the median wall time; the target is well under 10 s on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from fieldkit.printing import render_day_batch
from fieldkit.printing.samples import sample_letter


def main() -> None:
    """Render the batch ``--repeat`` times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    letters = [sample_letter(i, with_rfb=i % 3 != 0) for i in range(args.letters)]
    times: list[float] = []
    size = pages = 0
    for _ in range(args.repeat):
        buf = io.BytesIO()
        start = time.perf_counter()
        manifest = render_day_batch(letters, include_packages=True, out=buf)
        times.append(time.perf_counter() - start)
        size, pages = len(buf.getvalue()), manifest.page_count
    print(
        f"{args.letters} invitations + packages: {pages} pages, {size / 1e6:.1f} MB; "
        f"median {statistics.median(times):.2f} s (min {min(times):.2f} s, "
        f"max {max(times):.2f} s, {args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
