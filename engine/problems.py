"""Problems found in input files, reported as `file:line:col: severity code: message`.

Pure data. Loaders collect problems rather than stop at the first, so a
modder sees everything wrong with a file in one run. A severity is
`error` (the file cannot be played), `warning` (it can, but something in it
never acts) or `hint` (advice); codes start with E, W and H to match, and
each code is listed in MODDING.md, section 6.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

SEVERITIES = {"E": "error", "W": "warning", "H": "hint"}

# The warning and hint codes a scenario may silence (`silence: [W301]`).
# Errors cannot be silenced: a file with one cannot be played.
SILENCEABLE = {
    "W301": "a trigger can never hold",
    "W302": "a scheduled event or an initiative lies outside the scenario's months",
    "W303": "an event's after/before window is empty",
    "W304": "an event has chance 0",
    "W305": "a dated event has an after/before window, which it ignores",
    "W306": "a timeline point lies outside the scenario's months",
    "W307": "an entry has the id of an included catalogue's entry and replaces it unmarked",
    "W308": "a glossary definition is longer than a tooltip should hold",
    "W309": "a text has no translation into the language loaded, and shows in the original",
    "W310": "a translation has a key the original lacks, or one that is not a text",
    "W311": "a translation file cannot be read, and is not used",
    "H301": "silence names a code that the file does not raise",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a place in it."""

    file: str
    line: int
    col: int
    message: str
    code: str = "E100"
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity} {self.code}: {self.message}"


class ProblemError(Exception):
    """Raised when input cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A ' Did you mean "x"?' suffix when a close match exists, else ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""
