"""What other choices would have brought: a recorded game replayed with one order changed.

Pure. For a moment of a recorded game (a turn) and a few alternative
orders, every alternative is played from the state that turn opened with,
in one batch of games:

- *the same luck*: one game with the recorded game's own keys, so every
  keyed draw is the draw the student had;
- *fresh luck*: `games` games with new keys from that moment on, so the
  spread shows what the choice brings across the luck it might have met.

After the moment every game plays the recorded orders (`RULE`). A turn's
line is the same in every game, so the only order that can stop being
legal is one given while an envoy decides: the engine then turns it into
compliance, as it does in play.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.facts import Turn
from engine.forecast import believed_chances
from engine.game import arriving_slot, new_game, step
from engine.orders import BatchOrders, Orders, legal, to_batch
from engine.outcomes import categories, scores
from engine.rng import GAME_MAX, game_keys
from engine.state import State, concat
from engine.tables import Tables

RULE = ("after the changed order the game plays your own later orders; where an "
        "envoy decides, an order other than compliance becomes compliance with the default "
        "cadre plan, as in play")


@dataclass(frozen=True)
class Ending:
    """How one game ended: its outcome category (an id) and score."""

    category: str
    score: float


@dataclass(frozen=True)
class Spread:
    """How `games` games with fresh luck ended: the share of each category, the score's spread."""

    shares: dict[str, float]
    score_mean: float
    score_p10: float
    score_p90: float
    games: int


@dataclass(frozen=True)
class Alternative:
    """One order at the moment, and what it brought."""

    orders: Orders
    chosen: bool  # the order the student gave
    same_luck: Ending
    fresh_luck: Spread | None  # None when no games of fresh luck were asked for


def openings(tables: Tables, seed: int, game: int, orders: Sequence[Orders]) -> list[State]:
    """The state each turn of a recorded game opened with, and the state after the last."""
    state = new_game(tables, seed, 1, game)
    states = [state]
    for turn_orders in orders:
        state, _ = step(tables, state, to_batch(tables, [turn_orders]))
        states.append(state)
    return states


def alternatives_at(tables: Tables, state: State, chosen: Orders) -> list[Orders]:
    """The orders open at this turn, the chosen one first: each response once.

    Adapting and defying take the action and region the party itself reckons
    best (its own noisy view, the default cadre plan): what a player would
    have been shown as the best option.
    """
    allowed = legal(tables, state)
    found = [chosen]
    chances = believed_chances(tables, state).copy()
    line = tables.allowed[tables.line_of_turn[state.turn]]
    # Doing what Moscow ordered is complying, not adapting: the order itself is left out.
    slot = arriving_slot(tables, state.turn)
    ordered, where = int(state.directive_action[0, slot]), int(state.directive_region[0, slot])
    if ordered >= 0:
        if tables.national[ordered]:
            chances[ordered, :] = -1.0
        else:
            chances[ordered, where] = -1.0
    for response in allowed.responses:
        if response == chosen.response:
            continue
        if response in ("adapt", "defy"):
            masked = np.where(line[:, None], chances, -1.0) if response == "adapt" else chances
            action, region = np.unravel_index(int(masked.argmax()), masked.shape)
            found.append(Orders(response=response, action=tables.actions[int(action)],
                                region=tables.regions[int(region)]))
        else:
            found.append(Orders(response=response))
    return found


def fresh_seed(seed: int, game: int, turn: int) -> int:
    """The seed of a moment's fresh luck: new draws, the same for every run of the report."""
    words = np.random.SeedSequence([seed, game, turn, 0x5EED]).generate_state(2, np.uint64)
    return int(words[0]) >> 1


def _repeat(state: State, n: int) -> State:
    arrays: dict[str, Any] = {f.name: np.repeat(getattr(state, f.name), n, axis=0)
                              for f in fields(state)
                              if isinstance(getattr(state, f.name), np.ndarray)}
    return replace(state, **arrays)


def _stack(orders: Sequence[BatchOrders]) -> BatchOrders:
    return BatchOrders(*(np.concatenate([getattr(o, f.name) for o in orders])
                         for f in fields(BatchOrders)))


def _repeated(tables: Tables, orders: Orders, n: int) -> BatchOrders:
    one = to_batch(tables, [orders])
    return BatchOrders(*(np.repeat(getattr(one, f.name), n, axis=0) for f in fields(one)))


def what_if(tables: Tables, opening: State, later: Sequence[Orders], options: Sequence[Orders],
            seed: int, game: int, games: int = 200) -> list[Alternative]:
    """Each of `options` played at the turn `opening` opens, then the recorded `later` orders.

    `opening` is the recorded game's state at the moment (a batch of one);
    the first option is taken to be the student's own. All options, with
    the same luck and with `games` games of fresh luck each (none: the same
    luck alone), run as one batch.
    """
    if games < 0 or games > GAME_MAX:
        raise ValueError(f"fresh luck takes 0 to {GAME_MAX:,} games, not {games}")
    block = 1 + games  # per option: the same luck, then fresh luck
    state = _repeat(opening, block * len(options))
    fresh = game_keys(fresh_seed(seed, game, opening.turn), 0, games)
    keys = np.concatenate([np.concatenate([opening.keys, fresh]) for _ in options])
    state = replace(state, keys=keys)
    state, _ = step(tables, state, _stack([_repeated(tables, o, block) for o in options]))
    for turn_orders in later:
        if state.turn >= tables.n_turns or not state.alive.any():
            break
        state, _ = step(tables, state, _repeated(tables, turn_orders, state.size))
    ids = [c.id for c in tables.scenario.outcomes]
    category, score = categories(tables, state), scores(tables, state)
    found = []
    for k, option in enumerate(options):
        first = k * block
        luck = slice(first + 1, first + block)
        found.append(Alternative(
            orders=option, chosen=k == 0,
            same_luck=Ending(ids[int(category[first])], round(float(score[first]), 2)),
            fresh_luck=_spread(ids, category[luck], score[luck]) if games else None))
    return found


def what_if_all(tables: Tables, openings_: Sequence[State], orders: Sequence[Orders],
                moments_options: Sequence[tuple[int, Sequence[Orders]]], seed: int, game: int,
                games: int = 200) -> list[list[Alternative]]:
    """`what_if` for many moments of one recorded game at once, as one batch of games.

    `moments_options` pairs a turn with its options (the student's own first);
    `openings_` are the recorded game's states (`openings`), `orders` its
    orders. The batch starts at the first moment and takes in each later
    moment's games at its turn: every game at a turn plays the recorded order
    of that turn, but for the games whose moment it is, which play their
    option. Each game meets the same draws as in `what_if`, so the results are
    the same, in one pass over the turns.
    """
    if games < 0 or games > GAME_MAX:
        raise ValueError(f"fresh luck takes 0 to {GAME_MAX:,} games, not {games}")
    if not moments_options:
        return []
    block = 1 + games
    by_turn: dict[int, list[int]] = {}
    for k, (turn, _options) in enumerate(moments_options):
        by_turn.setdefault(turn, []).append(k)
    spans: list[tuple[int, int]] = [(0, 0)] * len(moments_options)  # each moment's games
    state: State | None = None
    size = 0
    last = max(by_turn)
    for turn in range(min(by_turn), min(len(orders), tables.n_turns)):
        parts, plays = [], []
        if state is not None:
            if turn > last and not state.alive.any():
                break  # every game is over and no moment is still to come
            parts.append(state)
            plays.append(_repeated(tables, orders[turn], state.size))
        for k in by_turn.get(turn, []):
            options = moments_options[k][1]
            opening = openings_[turn]
            fresh = game_keys(fresh_seed(seed, game, turn), 0, games)
            keys = np.concatenate([np.concatenate([opening.keys, fresh]) for _ in options])
            parts.append(replace(_repeat(opening, block * len(options)), keys=keys))
            plays += [_repeated(tables, o, block) for o in options]
            spans[k] = (size, size + block * len(options))
            size += block * len(options)
        state = concat(parts) if len(parts) > 1 else parts[0]
        state, _ = step(tables, state, _stack(plays), consume=True)  # the batch is ours
    assert state is not None
    ids = [c.id for c in tables.scenario.outcomes]
    category, score = categories(tables, state), scores(tables, state)
    found = []
    for k, (_turn, options) in enumerate(moments_options):
        start = spans[k][0]
        alts = []
        for j, option in enumerate(options):
            first = start + j * block
            luck = slice(first + 1, first + block)
            alts.append(Alternative(
                orders=option, chosen=j == 0,
                same_luck=Ending(ids[int(category[first])], round(float(score[first]), 2)),
                fresh_luck=_spread(ids, category[luck], score[luck]) if games else None))
        found.append(alts)
    return found


def _spread(ids: list[str], category: NDArray[np.int64], score: NDArray[np.float64]) -> Spread:
    counts = np.bincount(category, minlength=len(ids))
    return Spread(shares={ident: round(float(c) / category.size, 4)
                          for ident, c in zip(ids, counts, strict=True)},
                  score_mean=round(float(score.mean()), 2),
                  score_p10=round(float(np.percentile(score, 10)), 2),
                  score_p90=round(float(np.percentile(score, 90)), 2), games=int(score.size))



# -- the moments that mattered ---------------------------------------------------

MOMENT_KINDS = ("initiative", "setback", "envoy", "ally_turned", "leak", "replaced")


@dataclass(frozen=True)
class Moment:
    """A turn of the recorded game that mattered, and why (kinds from `MOMENT_KINDS`)."""

    turn: int
    kinds: tuple[str, ...]


def moments(entries: Sequence[Turn], limit: int = 10) -> list[Moment]:
    """The turns that mattered, by a fixed rule, at most `limit` of them, in turn order.

    The rule: a turn matters when the Centre's order was one of its own
    initiatives, or when the turn brought a setback to the party's action,
    an envoy, the ally's turn against the party, a leak, or the replacement
    of the leadership. When more than `limit` turns qualify, those with the
    most reasons are kept, the earlier first among equals.
    """
    found = []
    for entry in entries:
        resolution, centre, rivals = entry.resolution, entry.centre, entry.rivals
        kinds = tuple(kind for kind, happened in (
            ("initiative", entry.directive.initiative is not None),
            ("setback", bool(resolution and resolution.setback.happened)),
            ("envoy", centre.envoy),
            ("ally_turned", rivals.ally_turned),
            ("leak", rivals.leak.happened),
            ("replaced", centre.leadership_replaced)) if happened)
        if kinds:
            found.append(Moment(entry.turn, kinds))
    kept = sorted(found, key=lambda m: (-len(m.kinds), m.turn))[:limit]
    return sorted(kept, key=lambda m: m.turn)


@dataclass(frozen=True)
class Turning:
    """A choice that changed the ending: at `moment`, `instead` would have ended otherwise."""

    moment: Moment
    chosen: Alternative
    instead: Alternative


def turning_choices(tables: Tables, seed: int, game: int, orders: Sequence[Orders],
                    entries: Sequence[Turn], limit: int = 2) -> list[Turning]:
    """The choices whose change, with the same luck, would have changed the ending most.

    At each moment (`moments`) every open alternative is replayed with the
    recorded game's own luck; an alternative that reaches another outcome
    counts before one that only moves the score, then the larger move in
    score. At most one alternative per moment, `limit` in all, by turn.
    """
    states = openings(tables, seed, game, orders)
    found: list[tuple[tuple[bool, float], Turning]] = []
    for moment in moments(entries):
        if moment.turn >= len(orders):
            continue
        options = alternatives_at(tables, states[moment.turn], orders[moment.turn])
        if len(options) < 2:
            continue  # an envoy decided: there was no other choice
        played = what_if(tables, states[moment.turn], orders[moment.turn + 1:], options, seed,
                         game, games=0)
        chosen = played[0]

        def weight(alt: Alternative, mine: Ending = chosen.same_luck) -> tuple[bool, float]:
            return (alt.same_luck.category != mine.category,
                    abs(alt.same_luck.score - mine.score))

        best = max(played[1:], key=weight)
        if weight(best) > (False, 0.0):
            found.append((weight(best), Turning(moment, chosen, best)))
    kept = [t for _w, t in sorted(found, key=lambda wt: (not wt[0][0], -wt[0][1]))[:limit]]
    return sorted(kept, key=lambda t: t.moment.turn)
