"""A checked `Scenario` compiled into numpy rule tables for the batched engine.

Pure. The tables are what `step` reads; they are built once per game (or
batch) and never change. Settings chosen at play time (the rigidity) are
compiled in here and recorded in the game log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from engine.model import CONDITIONS, NATIONAL, REGIONAL, Effects, Scenario

EFFECT_FIELDS = (*CONDITIONS, *REGIONAL, *NATIONAL, "informers", "envoy_turns",
                 "funds_cut_turns", "channel_cut_turns")
EFFECT_INDEX = {name: i for i, name in enumerate(EFFECT_FIELDS)}
N_REGIONAL_EFFECTS = len(CONDITIONS) + len(REGIONAL)

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


def month_index(month: str) -> int:
    """Months since year 0 for a YYYY-MM string: dates compare as numbers."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def effect_vector(effects: Effects) -> F64:
    return np.array([float(getattr(effects, name)) for name in EFFECT_FIELDS])


@dataclass(frozen=True)
class Settings:
    """Choices made when a game starts; recorded in its log header.

    Rigidity acts twice: it *binds* (what deviating from an order costs in
    trust) and it *blinds* (how far doctrine bends the Centre's picture and
    choice). A player sets one rigidity; the lab may set the two apart.
    """

    rigidity: float | None = None  # None: each line's own rigidity
    binding: float | None = None  # None: as rigidity
    blinding: float | None = None  # None: as rigidity

    def to_json(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {"rigidity": self.rigidity}
        if self.binding is not None:
            out["binding"] = self.binding
        if self.blinding is not None:
            out["blinding"] = self.blinding
        return out


@dataclass(frozen=True)
class Tables:
    scenario: Scenario
    settings: Settings
    n_turns: int
    lag: int
    regions: list[str]
    actions: list[str]
    lines: list[str]
    events: list[str]
    # actions (A, ...)
    fit_cond: F64
    fit_base: F64
    fit_influence: F64
    fit_organisation: F64
    difficulty: F64
    risk: F64
    cost: F64
    doctrinal: F64
    national: B
    success: F64
    failure: F64
    setback: F64
    trust_rule_turn: I64
    trust_rule_value: F64
    # lines and time
    line_of_turn: I64
    allowed: B
    prefers: F64
    rigidity: F64  # (L,) as the player reads it
    binding: F64  # (L,) what deviation costs, times the trust rules
    blinding: F64  # (L,) how far doctrine, the line and initiatives weigh with the Centre
    template: F64
    offsets: F64  # (T + 1, R, C): long-run shift of conditions per turn
    # regions
    cadre_need: F64
    start_conditions: F64
    # events
    event_turn: I64
    event_after: I64
    event_before: I64
    event_chance: F64
    event_once: B
    event_regions: B
    event_lasting: B
    event_effects: F64
    event_damage: F64  # (E, K) the part of an event that preparation softens
    event_shield: list[list[tuple[str, str, float]]]  # per event: (quantity, region, weight)
    # the Centre's historical initiatives, by the turn they are sent (T + 1, A, R)
    initiative_bonus: F64
    initiative_index: I64  # which initiative a directive carries out, -1 none
    initiative_pressure: F64  # (K,) extra trust a refusal costs, times binding
    initiative_setback: F64  # (K, K_effects) what an obeyed initiative's failure costs
    initiative_has_setback: B  # (K,) it has a setback of its own
    founded_turn: int  # turns before it have no Centre and no directive
    envoy_names: list[str] = field(default_factory=list)

    def date(self, turn: int) -> str:
        return month_name(month_index(self.scenario.start) + turn * self.scenario.turn_months)

    def last_month(self, turn: int) -> str:
        """The last month a turn covers (the scenario's end, for a last turn cut short)."""
        last = month_name(month_index(self.scenario.start)
                          + (turn + 1) * self.scenario.turn_months - 1)
        return min(last, self.scenario.end)

    def turn_of(self, month: str) -> int:
        return (month_index(month) - month_index(self.scenario.start)) // self.scenario.turn_months

    def envoy_name(self, turn: int) -> str:
        return self.envoy_names[min(turn, len(self.envoy_names) - 1)]


def _offsets(sc: Scenario, n_turns: int, turn_of: dict[str, int]) -> F64:
    regions = [r.id for r in sc.regions]
    out = np.zeros((n_turns + 1, len(regions), len(CONDITIONS)))
    turns = np.arange(n_turns + 1)
    for ri, region in enumerate(regions):
        for ci, cond in enumerate(CONDITIONS):
            xs, ys = [0], [0.0]
            for point in sc.timeline:
                if cond in point.shift.model_fields_set and (point.regions is None
                                                             or region in point.regions):
                    xs.append(max(turn_of[point.date], xs[-1]))
                    ys.append(float(getattr(point.shift, cond)))
            out[:, ri, ci] = np.interp(turns, xs, ys)
    return out


def compile_scenario(sc: Scenario, settings: Settings | None = None) -> Tables:
    """Turn a checked scenario into the arrays the engine steps over."""
    settings = settings or Settings()
    start = month_index(sc.start)
    n_turns = (month_index(sc.end) - start) // sc.turn_months + 1
    dates = {p.date for p in sc.timeline} | {e.date for e in sc.events if e.date}
    dates |= {e.after for e in sc.events if e.after} | {e.before for e in sc.events if e.before}
    dates |= {s.start for s in sc.centre.lines} | {a.trust_rule.start for a in sc.actions
                                                   if a.trust_rule}
    dates |= {i.start for i in sc.initiatives} | {i.end for i in sc.initiatives if i.end}
    if sc.centre.founded:
        dates.add(sc.centre.founded)
    turn_of = {d: (month_index(d) - start) // sc.turn_months for d in dates}
    actions = [a.id for a in sc.actions]
    regions = [r.id for r in sc.regions]
    lines = [line.id for line in sc.lines]
    a_index = {a: i for i, a in enumerate(actions)}

    line_of_turn = np.zeros(n_turns + 1, dtype=np.int64)
    for span in sc.centre.lines:
        line_of_turn[max(0, turn_of[span.start]):] = lines.index(span.line)
    allowed = np.zeros((len(lines), len(actions)), dtype=bool)
    prefers = np.zeros((len(lines), len(actions)))
    template = np.zeros((len(lines), len(CONDITIONS)))
    base_template = np.array([getattr(sc.centre.template, c) for c in CONDITIONS])
    for li, line in enumerate(sc.lines):
        for a in line.allowed:
            allowed[li, a_index[a]] = True
        for a, bonus in line.prefers.items():
            prefers[li, a_index[a]] = bonus
        shift = np.array([getattr(line.template, c) for c in CONDITIONS])
        template[li] = np.clip(base_template + shift, 0.0, 1.0)
    rigidity = np.array([line.rigidity if settings.rigidity is None else settings.rigidity
                         for line in sc.lines])
    binding = rigidity if settings.binding is None else np.full(len(lines), settings.binding)
    blinding = rigidity if settings.blinding is None else np.full(len(lines), settings.blinding)

    never = 10**9
    envoy_names = []
    for t in range(n_turns + 1):
        first = month_name(start + t * sc.turn_months)
        last = month_name(start + (t + 1) * sc.turn_months - 1)
        named = [e.name for e in sc.envoys if e.start <= last and e.end >= first]
        envoy_names.append(named[0] if named else "a representative of the Executive Committee")

    region_index = {r: i for i, r in enumerate(regions)}
    ini_bonus, ini_index = _initiatives(sc, n_turns, turn_of, a_index, region_index)
    n_effects = len(EFFECT_FIELDS)
    event_regions = np.zeros((len(sc.events), len(regions)), dtype=bool)
    for ei, ev in enumerate(sc.events):
        if ev.regions is None:
            event_regions[ei] = True
        else:
            event_regions[ei, [region_index[r] for r in ev.regions]] = True

    return Tables(
        scenario=sc, settings=settings, n_turns=n_turns,
        # A report that takes 7 months reaches the Centre in the third
        # three-month turn: lags round up, so distance is never lost.
        lag=-(-sc.centre.courier_lag_months // sc.turn_months),
        regions=regions, actions=actions, lines=lines, events=[e.id for e in sc.events],
        fit_cond=np.array([[getattr(a.fit, c) for c in CONDITIONS] for a in sc.actions]),
        fit_base=np.array([a.fit.base for a in sc.actions]),
        fit_influence=np.array([a.fit.influence for a in sc.actions]),
        fit_organisation=np.array([a.fit.organisation for a in sc.actions]),
        difficulty=np.array([a.difficulty for a in sc.actions]),
        risk=np.array([a.risk for a in sc.actions]),
        cost=np.array([a.cost for a in sc.actions]),
        doctrinal=np.array([a.doctrinal for a in sc.actions]),
        national=np.array([a.national for a in sc.actions]),
        success=np.array([effect_vector(a.success) for a in sc.actions]),
        failure=np.array([effect_vector(a.failure) for a in sc.actions]),
        setback=np.array([effect_vector(a.setback.effects) for a in sc.actions]),
        trust_rule_turn=np.array([turn_of[a.trust_rule.start] if a.trust_rule else never
                                  for a in sc.actions], dtype=np.int64),
        trust_rule_value=np.array([a.trust_rule.trust if a.trust_rule else 0.0
                                   for a in sc.actions]),
        line_of_turn=line_of_turn, allowed=allowed, prefers=prefers, rigidity=rigidity,
        binding=binding, blinding=blinding,
        template=template, offsets=_offsets(sc, n_turns, turn_of),
        cadre_need=np.array([r.cadre_need for r in sc.regions]),
        start_conditions=np.array([[getattr(r.conditions, c) for c in CONDITIONS]
                                   for r in sc.regions]),
        event_turn=np.array([turn_of[e.date] if e.date else -1 for e in sc.events],
                            dtype=np.int64),
        event_after=np.array([turn_of[e.after] if e.after else -never for e in sc.events],
                             dtype=np.int64),
        event_before=np.array([turn_of[e.before] if e.before else never for e in sc.events],
                              dtype=np.int64),
        event_chance=np.array([e.chance for e in sc.events]),
        event_once=np.array([e.once for e in sc.events], dtype=bool),
        event_regions=event_regions,
        event_lasting=np.array([e.lasting for e in sc.events], dtype=bool),
        event_effects=np.array([effect_vector(e.effects) for e in sc.events]).reshape(
            len(sc.events), n_effects),
        event_damage=np.array([effect_vector(e.damage) for e in sc.events]).reshape(
            len(sc.events), n_effects),
        event_shield=[[(t.quantity, t.region, t.weight) for t in e.shield] for e in sc.events],
        initiative_bonus=ini_bonus, initiative_index=ini_index,
        initiative_pressure=np.array([i.pressure for i in sc.initiatives]),
        initiative_setback=np.array([effect_vector(i.setback.effects) if i.setback
                                     else np.zeros(n_effects)
                                     for i in sc.initiatives]).reshape(-1, n_effects),
        initiative_has_setback=np.array([i.setback is not None for i in sc.initiatives],
                                        dtype=bool),
        founded_turn=max(0, -(-(month_index(sc.centre.founded) - start) // sc.turn_months))
        if sc.centre.founded else 0,
        envoy_names=envoy_names,
    )


def _initiatives(sc: Scenario, n_turns: int, turn_of: dict[str, int], a_index: dict[str, int],
                 region_index: dict[str, int]) -> tuple[F64, I64]:
    """Per turn, the insistence added to each (action, region) and the initiative it carries.

    A national action's initiative counts in every region (its fit is the
    same in all). Where two overlap, the later in the file wins.
    """
    shape = (n_turns + 1, len(a_index), len(region_index))
    bonus, index = np.zeros(shape), np.full(shape, -1, dtype=np.int64)
    for k, ini in enumerate(sc.initiatives):
        first = max(turn_of[ini.start], 0)
        last = turn_of[ini.end] if ini.end else first
        a = a_index[ini.action]
        where = slice(None) if ini.region is None else region_index[ini.region]
        bonus[first:last + 1, a, where] = ini.insistence
        index[first:last + 1, a, where] = k
    return bonus, index
