"""Small wording helpers shared by the CLI and the services (no Qt here)."""

from __future__ import annotations


def count(n: int, one: str, many: str) -> str:
    """'1 stop', '3 stops', '0 stops': the number with the noun in the right number."""
    return f"{n} {one if n == 1 else many}"


def join_sentences(sentences: list[str]) -> str:
    """Several reasons as one text: 'A; B.' – never 'A.; B.' (each reason is a sentence)."""
    parts = [s.strip().rstrip(".").strip() for s in sentences if s.strip()]
    return "; ".join(parts) + "." if parts else ""
