"""The guided first turn: five short steps through one directive, as data.

Pure: each step names the part of the board it shows, the panel a small
window must open for it, and the glossary terms its paragraph quotes; the
words around the definitions point at the screen and name the keys as they
are bound now. `game.app.scenes.guide` shows the steps over the board.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engine.model import Term
from game.app.keys import KeyMap
from game.i18n import N_, _


@dataclass(frozen=True)
class Step:
    name: str  # the part of the board it shows (`BoardScene.guide_rect`)
    title: str  # marked N_, translated where shown
    lead: str  # what to look at; {intent} is replaced by the key bound to it
    terms: tuple[str, ...]  # glossary ids whose definitions follow the lead
    tab: str | None  # the panel of a compact board that shows the part (None: always shown)


STEPS = (
    Step("card", N_("The directive card"),
         N_("This card is what Moscow orders the party to do this turn, and where."),
         ("directive", "line"), "directive"),
    Step("gap", N_("The gap"),
         N_("Under the order, each condition of the region twice: the upper bar is what Moscow "
         "believes, the lower what the party sees."), ("gap", "fit"), "directive"),
    Step("responses", N_("Your answer"),
         N_("Choose one of five responses with its key or a click; below the card each shows "
         "the chance the party reckons for it and its cost in trust."),
         ("comply", "adapt", "trust"), None),
    Step("cadres", N_("Cadres"),
         N_("Choose the region with {region_next} and {region_prev}, then move a step of the "
         "cadres into it with {weight_up} or out of it with {weight_down}."),
         ("cadre_plan",), "map"),
    Step("why", N_("Why?"),
         N_("Send your answer with {confirm}. After the turn, Why? ({why}) takes it apart. Any "
         "time, rest the mouse on a part of the board, or press {explain}, to have it "
         "explained."), ("why",), None),
)


def step_words(step: Step, glossary: Mapping[str, Term], keymap: KeyMap) -> str:
    """The step's paragraph: its lead with the keys as bound now, then its terms' meanings."""
    keys = {intent: f"[{keymap.key(intent, 'board')}]" for intent in (
        "region_next", "region_prev", "weight_up", "weight_down", "confirm", "why",
        "explain")}
    parts = [_(step.lead).format(**keys)]
    for ident in step.terms:
        term = glossary.get(ident)
        if term is not None:
            parts.append(f"{term.term}: {' '.join(term.text.split())}")
    return " ".join(parts)
