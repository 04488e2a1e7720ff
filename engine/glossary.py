"""The glossary: the words the front ends explain, read from the scenario's data. Pure.

The shared entries live in the catalogue `scenarios/common/glossary.yaml`;
a scenario may add terms or replace one under its own `glossary:` (the
loader merges them, the scenario's entry winning). The window's tooltips
and guided first turn read it through `glossary_terms`, and the debrief can
do the same; nothing here draws or prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.model import Scenario, Term

# A definition is shown whole in a tooltip: the checker warns past these (W308).
MAX_SENTENCES = 2
MAX_CHARS = 320
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z\"'(])")

__all__ = ["MAX_CHARS", "MAX_SENTENCES", "Term", "by_id", "glossary_terms", "sentences"]


def glossary_terms(scenario: Scenario, base: Sequence[Term] = ()) -> list[Term]:
    """The scenario's terms in the order its files give them, then those of `base` (a
    shared glossary, for a scenario that does not include it) whose ids it lacks."""
    own = list(scenario.glossary)
    have = {t.id for t in own}
    return own + [t for t in base if t.id not in have]


def by_id(terms: Sequence[Term]) -> dict[str, Term]:
    """The terms by id; of two with the same id (which the checker refuses), the first."""
    out: dict[str, Term] = {}
    for term in terms:
        out.setdefault(term.id, term)
    return out


def sentences(text: str) -> int:
    """How many sentences `text` holds, counted at a full stop, ! or ? before a capital."""
    text = " ".join(text.split())
    return len(_SENTENCE_END.findall(text)) + 1 if text else 0
