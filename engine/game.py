"""The turn: `new_game`, `step`, `is_over`. Pure and deterministic.

A State is always at the *opening* of a turn: conditions have drifted,
events have fired and the Centre has decided (phases 1 and 2). `step`
takes the party's orders and runs the rest of that turn — response,
the Centre's reaction, resolution, record (phases 3 to 6) — then opens the
next turn. Every random draw comes from `engine.rng`, keyed by game, turn
and purpose, so game *i* of a batch equals the same game played alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from engine import centre
from engine.mechanics import apply_effects, fit_one, sigmoid
from engine.model import CONDITIONS
from engine.orders import ADAPT, COMPLY, CONSULT, DEFY, BatchOrders
from engine.quantities import holds, value
from engine.rng import Purpose, game_keys, uniform
from engine.state import State
from engine.tables import EFFECT_INDEX, Tables, effect_vector

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
BoolA = NDArray[np.bool_]

CONTRIBUTIONS = ("fit to conditions", "cadres at work", "organisation", "unity", "difficulty",
                 "base")
_UNREST = CONDITIONS.index("unrest")
_RIGHT = CONDITIONS.index("right")
_ALLY = CONDITIONS.index("ally")
_REPRESSION = CONDITIONS.index("repression")
_LEGALITY = CONDITIONS.index("legality")


def new_game(tables: Tables, seed: int, n: int = 1, first_game: int = 0) -> State:
    """Games first_game .. first_game + n - 1 of `seed`, at the opening of turn 0."""
    sc = tables.scenario
    r, c, lag = len(tables.regions), len(CONDITIONS), tables.lag
    e, a = len(tables.events), len(tables.actions)
    cond = np.broadcast_to(tables.start_conditions, (n, r, c)).copy()
    p = sc.party

    def full(value: float) -> F64:
        return np.full(n, float(value))

    def zeros_i() -> I64:
        return np.zeros(n, dtype=np.int64)

    state = State(
        turn=0, game=np.arange(first_game, first_game + n, dtype=np.int64),
        keys=game_keys(seed, first_game, n),
        cond=cond, anchor=cond.copy(),
        influence=np.broadcast_to([reg.influence for reg in sc.regions], (n, r)).copy(),
        organisation=np.broadcast_to([reg.organisation for reg in sc.regions], (n, r)).copy(),
        members=full(p.members), cadres=full(p.cadres), funds=full(p.funds), unity=full(p.unity),
        trust=full(p.trust), security=full(p.security), training=full(p.training),
        dogmatism=full(p.dogmatism), informers=full(p.informers),
        picture=cond.copy(),
        report_ring=np.zeros((n, lag + 1, r, c + 2)),
        picture_ring=np.broadcast_to(cond[:, None], (n, lag + 1, r, c)).copy(),
        strength_ring=np.zeros((n, lag + 1, 2, r)),
        directive_action=np.zeros((n, lag + 1), dtype=np.int64),
        directive_region=np.zeros((n, lag + 1), dtype=np.int64),
        directive_sent=np.zeros((n, lag + 1), dtype=np.int64),
        directive_initiative=np.full((n, lag + 1), -1, dtype=np.int64),
        memory_ring=np.zeros((n, lag + 1, a)), memory=np.zeros((n, a)),
        prior_action=np.full(n, -1, dtype=np.int64), prior_region=np.full(n, -1, dtype=np.int64),
        prior_picture=cond.copy(),
        envoy_turns=zeros_i(), funds_cut_turns=zeros_i(), channel_cut_turns=zeros_i(),
        consulted=np.zeros(n, dtype=bool), ally_turned=np.zeros(n, dtype=bool),
        alive=np.ones(n, dtype=bool),
        fired=np.zeros((n, e), dtype=bool), fired_now=np.zeros((n, e), dtype=bool),
        damage_taken=np.zeros((n, e)), event_changes=np.zeros((n, e, 3)),
        setbacks=zeros_i(), envoys=zeros_i(), replacements=zeros_i(),
        start_members=full(p.members), peak_members=full(p.members),
        last_response=np.full(n, -1, dtype=np.int64),
    )
    # The standing instructions at the start: the Centre's choice from its first
    # picture, as if sent before the game began, fill every courier slot; a
    # Centre that does not exist yet has sent nothing.
    pic = centre.picture(tables, 0, cond, state.consulted)
    scores = centre.score(tables, 0, pic, state.influence, state.organisation, state.memory)
    action, region = centre.choose(tables, scores)
    if tables.founded_turn > 0:
        action, region = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    state.directive_action[:] = action[:, None]
    state.directive_region[:] = region[:, None]
    state.directive_sent[:] = -lag
    state.directive_initiative[:] = centre.initiative_of(tables, 0, action, region)[:, None]
    state.picture_ring[:] = pic[:, None]
    state.strength_ring[:, :, 0] = state.influence[:, None]
    state.strength_ring[:, :, 1] = state.organisation[:, None]
    state.report_ring[:] = _report(state)[:, None]
    _open_turn(tables, state)
    return state


def arriving_slot(tables: Tables, turn: int) -> int:
    """Ring slot of the directive (and picture) that reaches the party at `turn`."""
    return (turn - tables.lag) % (tables.lag + 1)


def _open_turn(tables: Tables, s: State) -> None:
    """Phases 1 and 2 of turn `s.turn`, in place: conditions, events, the Centre decides."""
    t, sc = s.turn, tables.scenario
    rules = sc.rules
    # 1. Conditions drift toward their long-run level, with noise.
    r, c = len(tables.regions), len(CONDITIONS)
    target = np.clip(s.anchor + tables.offsets[min(t, tables.n_turns)][None], 0.0, 1.0)
    noise = (uniform(s.keys, t, Purpose.DRIFT, r * c).reshape(-1, r, c) - 0.5) * np.sqrt(12.0)
    live = s.alive[:, None, None]
    drifted = s.cond + rules.drift.rate * (target - s.cond) + rules.drift.noise * noise
    s.cond[:] = np.where(live, np.clip(drifted, 0.0, 1.0), s.cond)
    # 1b. Events: scheduled ones on their turn, conditional ones when triggers hold.
    s.fired_now[:] = False
    s.event_changes[:] = 0.0
    if tables.events:
        rolls = uniform(s.keys, t, Purpose.EVENT, len(tables.events))
        scheduled = tables.event_turn == t
        window = (tables.event_turn < 0) & (tables.event_after <= t) & (t < tables.event_before)
        for ei in np.flatnonzero(scheduled | window):  # only the events that can fire now
            event = sc.events[ei]
            due = np.ones(s.size, dtype=bool)
            if event.when:
                due &= holds(s, event.when, tables.regions)
            if tables.event_once[ei]:
                due &= ~s.fired[:, ei]
            fire = due & s.alive & (rolls[:, ei] < tables.event_chance[ei])
            if fire.any():
                # The damage is measured against the party as the blow finds it.
                mark = _figures(s)
                taken = damage_share(tables, s, int(ei))
                lasting = bool(tables.event_lasting[ei])
                apply_effects(s, fire, tables.event_effects[ei], tables.event_regions[ei],
                              lasting=lasting)
                apply_effects(s, fire, tables.event_damage[ei], tables.event_regions[ei],
                              scale=taken, lasting=lasting)
                s.fired[:, ei] |= fire
                s.fired_now[:, ei] = fire
                s.damage_taken[:, ei] = np.where(fire, taken, s.damage_taken[:, ei])
                s.event_changes[:, ei] = np.where(fire[:, None], _figures(s) - mark, 0.0)
    # 2. Reports travel to the Centre; it updates its picture and decides. A
    # report (conditions and the party's own strength) arrives `lag` turns
    # after it was written; a consultation carries a fresh one.
    ring = tables.lag + 1
    channel_open = (s.channel_cut_turns == 0)[:, None, None]
    previous = s.report_ring[:, (t - 1) % ring]
    fresh = _report(s)
    s.report_ring[:, t % ring] = np.where(channel_open, fresh, previous)
    reported = np.where(s.consulted[:, None, None], fresh,
                        s.report_ring[:, arriving_slot(tables, t)])
    n_cond = len(CONDITIONS)
    influence, organisation = reported[:, :, n_cond], reported[:, :, n_cond + 1]
    pic = centre.picture(tables, t, reported[:, :, :n_cond], s.consulted)
    scores = centre.score(tables, t, pic, influence, organisation, s.memory, s.consulted)
    action, region = centre.choose(tables, scores)
    if t < tables.founded_turn:
        action, region = np.full(s.size, -1, dtype=np.int64), np.full(s.size, -1, dtype=np.int64)
    initiative = centre.initiative_of(tables, t, action, region)
    s.picture[:] = pic
    # Where the party consulted, the Centre's answer to its report comes back
    # as the very next directive: it replaces the one that was on its way.
    here = t % ring
    # The answer replaces the order on its way, except an initiative the
    # Centre is no longer deciding on: a course it pressed for once and sent
    # off is not recalled by an answer about another order.
    arriving = arriving_slot(tables, t)
    on_way = s.directive_initiative[:, arriving]
    pressing = np.isin(on_way, tables.initiative_index[t])
    answered = s.consulted & ((on_way < 0) | pressing)
    # Every game sends at `here` (a slice: half the copying of a mask of all games).
    every: slice | NDArray[np.int64] = slice(None)
    for slot, who in ((here, every), (arriving, np.flatnonzero(answered))):
        s.picture_ring[who, slot] = pic[who]
        s.strength_ring[who, slot, 0] = influence[who]
        s.strength_ring[who, slot, 1] = organisation[who]
        s.memory_ring[who, slot] = s.memory[who]
        s.directive_action[who, slot] = action[who]
        s.directive_region[who, slot] = region[who]
        s.directive_sent[who, slot] = t
        s.directive_initiative[who, slot] = initiative[who]
    # The Centre remembers what it ordered, so it does not send one order forever.
    memory = tables.scenario.rules.centre.memory
    sent = np.zeros_like(s.memory)
    ordered = action >= 0
    sent[np.flatnonzero(ordered), action[ordered]] = 1.0
    s.memory[:] = np.where(s.alive[:, None], memory * s.memory + sent, s.memory)
    s.consulted[:] = False


def damage_share(tables: Tables, s: State, event: int) -> F64:
    """The share of an event's damage each game takes: 1 - its shield, clipped to 0..1."""
    shield = np.zeros(s.size)
    for quantity, region, weight in tables.event_shield[event]:
        shield += weight * value(s, quantity, region, tables.regions)
    result: F64 = np.clip(1.0 - shield, 0.0, 1.0)
    return result


def _report(s: State) -> F64:
    """What a party report carries, (B, R, C + 2): conditions, influence, organisation."""
    result: F64 = np.concatenate([s.cond, s.influence[:, :, None], s.organisation[:, :, None]],
                                 axis=2)
    return result


FIGURES = ("members", "cadres", "funds")
CAUSES = ("sanctions", "action", "recruitment and income", "informers", "rivals")


def _figures(s: State) -> F64:
    """Members, cadres and funds (B, 3): marks between phases, to split changes by cause."""
    result: F64 = np.stack([s.members, s.cadres, s.funds], axis=1)
    return result


@dataclass(frozen=True)
class TurnArrays:
    """What happened in one turn, for every game of the batch: the raw turn record."""

    before: State
    after: State
    changes: F64  # (B, len(CAUSES), len(FIGURES)): what each phase did to members, cadres, funds
    response: I64  # the response carried out
    forced: BoolA  # an envoy turned the party's response into compliance
    deviation: I64  # the response the trust rules charged (adapt outside the line is defy)
    action: I64
    region: I64
    directive_action: I64
    directive_region: I64
    directive_sent: I64
    initiative: I64  # the historical initiative the directive carries out, -1 none
    cadres: F64  # (B, R) cadres at work per region
    fit: F64
    effort: F64
    contributions: F64  # (B, len(CONTRIBUTIONS)) logit points
    p_success: F64
    roll: F64
    success: BoolA
    p_setback: F64
    setback_roll: F64
    setback: BoolA
    initiative_setback: BoolA  # the setback was the initiative's own, not the action's
    trust_parts: F64  # (B, 5): response, intelligence rule, recovery, blame, initiative
    envoy_arrived: BoolA
    funds_cut: BoolA
    replaced: BoolA
    p_leak: F64
    leak: BoolA
    leak_region: I64
    ally_turned: BoolA
    split: BoolA
    income: F64
    recruits: F64


def step(tables: Tables, state: State, orders: BatchOrders,
         consume: bool = False) -> tuple[State, TurnArrays]:
    """Play the turn `state` opens with `orders`; return the next opening and the record.

    Never changes `state`, unless `consume`: a batch that nobody reads again
    (the counterfactuals' games) may then be stepped in its own arrays,
    sparing a copy of every array a turn; the record's `before` is then the
    next opening too. Games that are over stay as they are.
    """
    if state.turn >= tables.n_turns:
        raise ValueError("the game is over: no turn left to play")
    in_place = consume and bool(state.alive.all())  # a game that is over needs its old state
    alive_before = state.alive.copy() if in_place else state.alive
    s = state if in_place else state.copy()
    marks = [_figures(s)]
    response = _respond(tables, s, orders)
    reaction = _centre_reacts(tables, s, response)
    marks.append(_figures(s))
    resolution, right_growth = _resolve(tables, s, response, reaction)
    marks.append(_figures(s))
    life = _party_life(tables, s, response)
    marks.append(_figures(s))
    leaks = _informers(tables, s, life.recruits, right_growth)
    marks.append(_figures(s))
    rivals = _rivals(tables, s, right_growth)
    marks.append(_figures(s))
    s.setbacks[:] += (resolution.setback.astype(np.int64) + leaks.leak + rivals.ally_turned
                      + rivals.split)
    s.peak_members[:] = np.maximum(s.peak_members, s.members)
    s.last_response[:] = response.response
    # 6. Record, and open the next turn.
    s.alive[:] &= s.members >= tables.scenario.rules.party.destroyed_below
    if not in_place:
        s = _freeze_finished(state, s)
    after = replace(s, turn=state.turn + 1)
    if after.turn < tables.n_turns:
        _open_turn(tables, after)
    steps = np.stack(marks, axis=1)
    changes = np.where(alive_before[:, None, None], steps[:, 1:] - steps[:, :-1], 0.0)
    record = TurnArrays(before=state, after=after, changes=changes, **vars(response),
                        **vars(reaction), **vars(resolution), **vars(life), **vars(leaks),
                        **vars(rivals))
    return after, record


@dataclass(frozen=True)
class _Response:
    response: I64
    forced: BoolA
    deviation: I64
    action: I64
    region: I64
    directive_action: I64
    directive_region: I64
    directive_sent: I64
    initiative: I64
    cadres: F64


def _respond(tables: Tables, s: State, orders: BatchOrders) -> _Response:
    """Phase 3: the party answers the directive that reaches it now, and places its cadres."""
    t = s.turn
    line = tables.line_of_turn[t]
    slot = arriving_slot(tables, t)
    d_action = s.directive_action[:, slot].copy()
    d_region = s.directive_region[:, slot].copy()
    asks = orders.response == CONSULT
    s.prior_action[:] = np.where(asks, d_action, -1)
    s.prior_region[:] = np.where(asks, d_region, -1)
    s.prior_picture[:] = np.where(asks[:, None, None], s.picture_ring[:, slot], s.prior_picture)
    forced = (s.envoy_turns > 0) & (orders.response != COMPLY)
    response = np.where(forced, COMPLY, orders.response)
    # Adapting to the very action and place ordered is obeying the order.
    national = tables.national[np.maximum(orders.action, 0)]
    same = ((d_action >= 0) & (orders.action == d_action)
            & (national | (orders.region == d_region)))
    response = np.where((response == ADAPT) & same, COMPLY, response)
    acting = (response == ADAPT) | (response == DEFY)
    action = np.where(response == COMPLY, d_action, np.where(acting, orders.action, -1))
    region = np.where(response == COMPLY, d_region, np.where(acting, orders.region, -1))
    outside_line = (response == ADAPT) & ~tables.allowed[line][np.maximum(action, 0)]
    weights = np.where(forced[:, None], 0.0, orders.cadres)
    total_w = weights.sum(axis=1, keepdims=True)
    shares = np.where(total_w > 0, weights / np.where(total_w > 0, total_w, 1.0),
                      default_plan(tables, action, region))
    return _Response(
        response=response, forced=forced, deviation=np.where(outside_line, DEFY, response),
        action=action, region=region, directive_action=d_action, directive_region=d_region,
        directive_sent=s.directive_sent[:, slot].copy(),
        initiative=s.directive_initiative[:, slot].copy(), cadres=shares * s.cadres[:, None])


def default_plan(tables: Tables, action: I64, region: I64) -> F64:
    """The default cadre plan (B, R): a share where the action is, the rest spread evenly."""
    n, nr = action.shape[0], len(tables.regions)
    focus = tables.scenario.rules.party.focus_share
    plan = np.full((n, nr), (1.0 - focus) / nr)
    has_region = (region >= 0) & (action >= 0) & ~tables.national[np.maximum(action, 0)]
    plan[np.flatnonzero(has_region), region[has_region]] += focus
    plan[~has_region] = 1.0 / nr
    return plan


@dataclass(frozen=True)
class _Reaction:
    trust_parts: F64  # (B, 5): response, rule, recovery, blame (set in resolution), initiative
    envoy_arrived: BoolA
    funds_cut: BoolA
    replaced: BoolA


def _centre_reacts(tables: Tables, s: State, r: _Response) -> _Reaction:
    """Phase 4: deviation costs trust, scaled by rigidity; sanctions follow."""
    t, rules = s.turn, tables.scenario.rules
    n, nr = s.size, len(tables.regions)
    bind = float(tables.binding[tables.line_of_turn[t]])
    tr = rules.trust
    base_cost = np.array([tr.comply, tr.adapt, tr.consult, tr.stall, tr.defy])[r.deviation]
    trust_parts = np.zeros((n, 5))
    no_centre = r.directive_action < 0  # before the Centre exists nobody is owed obedience
    trust_parts[:, 0] = np.where(no_centre, 0.0, np.where(base_cost < 0, base_cost * bind,
                                                          base_cost))
    # Refusing a course the Centre pressed for in person costs more than the usual deviation.
    refused = (r.initiative >= 0) & (r.response != COMPLY) & (r.response != CONSULT)
    pressure = tables.initiative_pressure[np.maximum(r.initiative, 0)] if len(
        tables.initiative_pressure) else np.zeros(n)
    trust_parts[:, 4] = np.where(refused, -pressure * bind, 0.0)
    # A rule such as the ban on mixing intelligence and party work is charged
    # when the party chooses the action itself, not when the Centre ordered it.
    act = np.maximum(r.action, 0)
    own_choice = (r.response == ADAPT) | (r.response == DEFY)
    rule_on = own_choice & (t >= tables.trust_rule_turn[act])
    trust_parts[:, 1] = np.where(rule_on, tables.trust_rule_value[act], 0.0)
    trust_parts[:, 2] = tr.recovery * (tr.baseline - s.trust)
    s.trust[:] = np.clip(s.trust + trust_parts[:, :3].sum(axis=1) + trust_parts[:, 4], 0.0, 1.0)
    s.consulted[:] = r.response == CONSULT
    defied = np.where((r.deviation == DEFY) & ~no_centre, rules.party.defy_unity, 0.0)
    s.unity[:] = np.clip(s.unity + defied, 0.0, 1.0)
    for name in ("envoy_turns", "funds_cut_turns", "channel_cut_turns"):
        arr = getattr(s, name)
        arr[:] = np.maximum(arr - 1, 0)
    sanctions = rules.sanctions
    envoy = (s.envoy_turns == 0) & (s.trust < sanctions.envoy_below)
    s.envoy_turns[envoy] = sanctions.envoy_turns
    s.envoys[:] += envoy
    cut = (s.funds_cut_turns == 0) & (s.trust < sanctions.funds_cut_below)
    s.funds_cut_turns[cut] = sanctions.funds_cut_turns
    replaced = s.trust < sanctions.replace_below
    if replaced.any():
        apply_effects(s, replaced, effect_vector(sanctions.replace.effects), np.ones(nr, bool))
        s.trust[replaced] = sanctions.trust_after_replace
        s.replacements[:] += replaced
    return _Reaction(trust_parts=trust_parts, envoy_arrived=envoy, funds_cut=cut,
                     replaced=replaced)


@dataclass(frozen=True)
class Strength:
    """What the party brings to an action, per game: the inputs of its success chance."""

    influence: F64  # (B, R)
    organisation: F64  # (B, R)
    cadres: F64  # (B,)
    funds: F64  # (B,)
    unity: F64  # (B,)

    @classmethod
    def of(cls, s: State) -> Strength:
        return cls(s.influence, s.organisation, s.cadres, s.funds, s.unity)


def success_parts(tables: Tables, p: Strength, cond: F64, action: I64, region: I64,
                  cadres: F64) -> tuple[F64, F64, F64]:
    """Fit, effort and the named logit contributions of an action, per game.

    `cond` is the truth in resolution and the party's view in a forecast:
    one formula for both, so what the party expects is what would happen
    if it saw truly. `cadres` (B, R) are the cadres at work per region.
    """
    res = tables.scenario.rules.resolution
    n = action.shape[0]
    rows = np.arange(n)
    act, reg = np.maximum(action, 0), np.maximum(region, 0)
    national = tables.national[act]
    fit = fit_one(tables, cond, p.influence, p.organisation, action, region)
    national_need = res.national_need * tables.cadre_need.sum()
    need = np.where(national, national_need, tables.cadre_need[reg])
    working = np.where(national, p.cadres, cadres[rows, reg])
    cost = tables.cost[act]
    can_pay = np.where(cost > 0, np.minimum(1.0, p.funds / np.where(cost > 0, cost, 1.0)), 1.0)
    effort = np.minimum(1.0, working / need) * can_pay
    org_here = np.where(national, p.organisation.mean(axis=1), p.organisation[rows, reg])
    contributions = np.stack([
        res.fit * (fit - 0.5), res.effort * (effort - 0.5), res.organisation * (org_here - 0.5),
        res.unity * (p.unity - 0.5), -tables.difficulty[act], np.full(n, res.base)], axis=1)
    return fit, effort, contributions


@dataclass(frozen=True)
class _Resolution:
    fit: F64
    effort: F64
    contributions: F64  # (B, len(CONTRIBUTIONS)) logit points
    p_success: F64
    roll: F64
    success: BoolA
    p_setback: F64
    setback_roll: F64
    setback: BoolA
    initiative_setback: BoolA


def _resolve(tables: Tables, s: State, r: _Response,
             reaction: _Reaction) -> tuple[_Resolution, F64]:
    """Phase 5: the action succeeds by its *true* fit, the effort and chance.

    Returns the resolution and the growth of the right its setbacks cause (B, R).
    """
    t, rules = s.turn, tables.scenario.rules
    res, n, nr = rules.resolution, s.size, len(tables.regions)
    rows = np.arange(n)
    action, acting = r.action, r.action >= 0
    act, reg = np.maximum(action, 0), np.maximum(r.region, 0)
    national = tables.national[act]
    fit, effort, contributions = success_parts(tables, Strength.of(s), s.cond, action, r.region,
                                               r.cadres)
    s.funds[:] = np.where(acting, np.maximum(s.funds - tables.cost[act], 0.0), s.funds)
    p_success = np.where(acting, sigmoid(contributions.sum(axis=1)), 0.0)
    roll = uniform(s.keys, t, Purpose.SUCCESS)[:, 0]
    success = acting & (roll < p_success) & s.alive
    failed = acting & ~success & s.alive
    here = np.zeros((n, nr), dtype=bool)
    here[rows, reg] = True
    here |= national[:, None]
    magnitude = res.magnitude_floor + (1.0 - res.magnitude_floor) * effort
    apply_effects(s, success, tables.success[act], here, magnitude)
    apply_effects(s, failed, tables.failure[act], here)
    repression_here = np.where(national, s.cond[:, :, _REPRESSION].mean(axis=1),
                               s.cond[rows, reg, _REPRESSION])
    # A failure where the action did not fit is more often a rout: a strike
    # called where the mood is not there collapses and its militants are sacked.
    misfit = np.maximum(1.0 + res.misfit_risk * (0.5 - fit), 0.0)
    risk = tables.risk[act] * (0.5 + res.repression_risk * repression_here) * misfit
    p_setback = np.where(failed, np.clip(risk, 0.0, 1.0), 0.0)
    setback_roll = uniform(s.keys, t, Purpose.SETBACK)[:, 0]
    setback = failed & (setback_roll < p_setback)
    # An obeyed initiative that fails costs what it cost in history, where the
    # scenario names it; otherwise the action's own setback.
    own = _initiative_setback(tables, r)
    vec = np.where(own[:, None], tables.initiative_setback[np.maximum(r.initiative, 0)]
                   if own.any() else 0.0, tables.setback[act])
    apply_effects(s, setback, vec, here)
    local_setback = setback & ~national  # a national action's failure is nobody's region
    right_growth = np.where(local_setback[:, None] & here, rules.right.setback, 0.0)
    # Blame: a deviation that fails costs trust once more, scaled by rigidity.
    bind = float(tables.binding[tables.line_of_turn[t]])
    deviated = ((r.deviation == ADAPT) | (r.deviation == DEFY)) & (r.directive_action >= 0)
    reaction.trust_parts[:, 3] = np.where(failed & deviated, rules.trust.blame * bind, 0.0)
    s.trust[:] = np.clip(s.trust + reaction.trust_parts[:, 3], 0.0, 1.0)
    return _Resolution(fit=fit, effort=effort, contributions=contributions,
                       p_success=p_success, roll=roll, success=success, p_setback=p_setback,
                       setback_roll=setback_roll, setback=setback,
                       initiative_setback=setback & own), right_growth


def _initiative_setback(tables: Tables, r: _Response) -> BoolA:
    """Per game: the party carried out an initiative that has a setback of its own."""
    if not len(tables.initiative_has_setback):
        return np.zeros(r.response.shape, dtype=bool)
    result: BoolA = ((r.response == COMPLY) & (r.initiative >= 0)
                     & tables.initiative_has_setback[np.maximum(r.initiative, 0)])
    return result


@dataclass(frozen=True)
class _PartyLife:
    income: F64
    recruits: F64


def routine_work(tables: Tables, organisation: F64, cadres: F64) -> F64:
    """Organisation the cadres' routine work builds in a turn (B, R), on top of `organisation`.

    `cadres` (B, R) are the cadres at work per region; a region's work is full
    once it has its `cadre_need`.
    """
    res = tables.scenario.rules.resolution
    full_effort = np.minimum(1.0, cadres / tables.cadre_need[None, :])
    gain: F64 = res.routine * full_effort * (1.0 - organisation)
    return gain


def _party_life(tables: Tables, s: State, r: _Response) -> _PartyLife:
    """Phase 5b: routine work, recruitment, cadres, money.

    A party already broken by the blows of this turn does not recover in it.
    """
    sc = tables.scenario
    party = sc.rules.party
    s.alive[:] &= s.members >= party.destroyed_below
    s.organisation[:] *= 1.0 - party.organisation_decay
    s.organisation[:] = np.clip(s.organisation + routine_work(tables, s.organisation, r.cadres),
                                0.0, 1.0)
    s.influence[:] *= 1.0 - party.influence_decay
    legal_share = party.illegal_recruit + (1.0 - party.illegal_recruit) * s.cond[:, :, _LEGALITY]
    # Membership moves toward what the party's standing would support:
    # the country's capacity times influence, legality and the mood.
    support = (s.influence * legal_share * (0.5 + s.cond[:, :, _UNREST])).mean(axis=1)
    living = s.alive.astype(np.float64)
    recruits = living * party.recruit * (sc.party.capacity * support - s.members)
    s.members[:] = np.maximum(s.members + recruits, 0.0)
    s.cadres[:] += living * party.cadre_growth * (party.cadre_ratio * s.members - s.cadres)
    channel = (s.funds_cut_turns == 0) & (s.channel_cut_turns == 0)
    subsidy = np.where(channel, sc.centre.subsidy, 0.0)
    income = living * (party.dues * s.members / 1000.0 + subsidy)
    # Money beyond the reserve a campaign needs goes on the apparatus (paid
    # functionaries, rents, the daily paper): funds do not pile up unused.
    surplus = np.maximum(s.funds - party.reserve, 0.0)
    s.funds[:] = s.funds - living * party.upkeep * surplus + income
    s.unity[:] = np.clip(s.unity + party.unity_recovery * (1.0 - s.unity), 0.0, 1.0)
    return _PartyLife(income=income, recruits=recruits)


@dataclass(frozen=True)
class _Leaks:
    p_leak: F64
    leak: BoolA
    leak_region: I64


def _informers(tables: Tables, s: State, recruits: F64, right_growth: F64) -> _Leaks:
    """Phase 5c: informers come in with recruits and repression; they leak."""
    inf, rules = tables.scenario.rules.informers, tables.scenario.rules
    n, nr = s.size, len(tables.regions)
    s.security[:] *= 1.0 - inf.security_decay
    placed = (inf.recruit * np.maximum(recruits, 0.0) / 1000.0
              + inf.base * s.cond[:, :, _REPRESSION].mean(axis=1))
    s.informers[:] += placed * (1.0 - s.security)
    p_leak = 1.0 - np.exp(-inf.leak * s.informers)
    draw = uniform(s.keys, s.turn, Purpose.LEAK, 2)
    leak = s.alive & (draw[:, 0] < p_leak)
    leak_region = np.minimum((draw[:, 1] * nr).astype(np.int64), nr - 1)
    where = np.zeros((n, nr), dtype=bool)
    where[np.arange(n), leak_region] = True
    apply_effects(s, leak, effect_vector(inf.leak_setback.effects), where)
    right_growth += np.where(leak[:, None] & where, rules.right.setback, 0.0)
    return _Leaks(p_leak=p_leak, leak=leak, leak_region=leak_region)


@dataclass(frozen=True)
class _Rivals:
    ally_turned: BoolA
    split: BoolA


def _rivals(tables: Tables, s: State, right_growth: F64) -> _Rivals:
    """Phase 5d: the right grows, the ally may turn, factions may split."""
    rules, nr = tables.scenario.rules, len(tables.regions)
    right = rules.right
    right_growth += right.drift + right.unrest * (s.cond[:, :, _UNREST] - 0.5)
    right_growth *= s.alive[:, None]
    s.cond[:, :, _RIGHT] = np.clip(s.cond[:, :, _RIGHT] + right_growth, 0.0, 1.0)
    s.anchor[:, :, _RIGHT] = np.clip(s.anchor[:, :, _RIGHT] + right_growth, 0.0, 1.0)
    turn_rule = rules.ally_turn
    draw = uniform(s.keys, s.turn, Purpose.ALLY_TURN, 2)
    threat = s.influence.mean(axis=1) > turn_rule.ratio * s.cond[:, :, _ALLY].mean(axis=1)
    ally_turns = s.alive & ~s.ally_turned & threat & (draw[:, 0] < turn_rule.chance)
    everywhere = np.ones(nr, dtype=bool)
    apply_effects(s, ally_turns, effect_vector(turn_rule.setback.effects), everywhere,
                  lasting=True)
    s.ally_turned[:] |= ally_turns
    split = s.alive & (s.unity < rules.split.below) & (draw[:, 1] < rules.split.chance)
    apply_effects(s, split, effect_vector(rules.split.setback.effects), everywhere)
    return _Rivals(ally_turned=ally_turns, split=split)


def _freeze_finished(before: State, s: State) -> State:
    """Games already over before this turn keep their state."""
    done = ~before.alive
    if not done.any():
        return s
    for name, array in s.__dict__.items():
        if isinstance(array, np.ndarray) and name != "keys":
            old = getattr(before, name)
            mask = done.reshape((-1,) + (1,) * (array.ndim - 1))
            array[:] = np.where(mask, old, array)
    return s


def is_over(tables: Tables, state: State) -> BoolA:
    """Per game: the scenario has ended, or the party was destroyed."""
    result: BoolA = (~state.alive) | (state.turn >= tables.n_turns)
    return result


__all__ = ["CAUSES", "CONTRIBUTIONS", "EFFECT_INDEX", "FIGURES", "Strength", "TurnArrays",
           "arriving_slot", "default_plan", "is_over", "new_game", "step", "success_parts"]
