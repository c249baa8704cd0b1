"""Reading and judging the weekly flag list (CSV/XLSX); no Qt, no database."""

from fieldkit.importing.judge import CheckReport, FlagRow, JudgedRow, check_file, judge_table
from fieldkit.importing.reader import CheckCancelled, FlagFileError, Problem, read_table

__all__ = [
    "CheckCancelled",
    "CheckReport",
    "FlagFileError",
    "FlagRow",
    "JudgedRow",
    "Problem",
    "check_file",
    "judge_table",
    "read_table",
]
