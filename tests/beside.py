"""A second fieldkit process beside the test's own, serving several checks one after another.

Run as ``python tests/beside.py`` by tests whose point is another process: fieldkit's lock
on a database file is shared within one process (the app's services open the file again)
and keeps every other process out, so only a second process can see it. Starting a Python
that imports fieldkit costs about 1 CPU-s; one such process answering all the requests of a
test module replaces a child per check.

One JSON request per line on stdin, one JSON answer per line on stdout:

``{"cli": [ARGS], "env": {...}}``
    ``fieldkit ARGS`` as the console script runs it (``sys.exit(main(ARGS))``), with these
    environment variables set first (the test's folders); answers ``code``, ``stdout`` and
    ``stderr``. An exception that would reach the console script's top is its traceback on
    ``stderr`` and code 1, as there.
``{"hold": PATH}``
    opens the database file at PATH and keeps it open (the app holding it); answers ``held``.
``{"release": true}``
    closes every database held; answers ``released`` (how many).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import traceback
from typing import Any


class _CurrentStderr(io.TextIOBase):
    """Log records go to whatever ``sys.stderr`` is while they are written: the console
    script's ``logging.basicConfig`` would bind its handler to the first request's capture."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)


def _cli(args: list[str], env: dict[str, str | None]) -> dict[str, Any]:
    from fieldkit.cli import main

    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            traceback.print_exc()
            code = 1
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def serve() -> None:
    from fieldkit.store.db import Database, open_database

    logging.basicConfig(
        level=logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=_CurrentStderr(),
    )
    held: list[Database] = []
    for line in sys.stdin:
        request = json.loads(line)
        if "cli" in request:
            answer = _cli(request["cli"], request.get("env", {}))
        elif "hold" in request:
            held.append(open_database(request["hold"]))
            answer = {"held": request["hold"]}
        else:
            for db in held:
                db.dispose()
            answer = {"released": len(held)}
            held.clear()
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
