"""Text mode through the `comintern` command: scripted games, pipes, resume, envoys.

Answers are built per turn from the compiled scenario (which actions the
line allows at that turn), and every expectation about numbers is read from
the saved record, never hard-coded, so the tests hold while rules are tuned.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import builders
import pytest

from engine import counterfactual
from engine.explain import directive_card, events_now
from engine.forecast import options
from engine.orders import Orders
from engine.record import GameRecord, Session, read_record
from engine.tables import Tables
from game import narrate
from game.cli import main
from game.files import bundled_ids
from game.textmode import TextGame

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables(germany: Tables) -> Tables:
    """Germany with each line's own rigidity (the shared fixture of conftest.py)."""
    return germany


def adapt_choice(tables: Tables, turn: int, national: bool) -> tuple[str, str]:
    """The menu number and id of the first action the line at `turn` allows to adapt to."""
    allowed = [a for a, ok in zip(tables.actions, tables.allowed[tables.line_of_turn[turn]],
                                  strict=True) if ok]
    for k, action in enumerate(allowed, 1):
        if bool(tables.national[tables.actions.index(action)]) == national:
            return str(k), action
    raise AssertionError("no such action in the line")


def regional_action(tables: Tables) -> tuple[str, str]:
    """The defy-menu number (all actions) and id of the first regional action."""
    for k, action in enumerate(tables.actions, 1):
        if not tables.national[k - 1]:
            return str(k), action
    raise AssertionError("no regional action")


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def comply_turns(n: int) -> list[str]:
    return ["c", ""] * n


def play(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def check_replays(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = play(["replay", str(path)], capsys)
    assert code == 0, err
    assert "no divergence" in out
    return out


def check_ending(tables: Tables, path: Path, out: str) -> None:
    """The end screen matches the saved record's outcome."""
    record = read_record(str(path))
    outcome = record.outcome
    assert outcome is not None
    assert "THE END" in out
    flat = " ".join(out.split())  # long lines are wrapped on screen
    names = narrate.Names.of(tables)
    if record.turns[-1].record.alive:
        assert len(record.turns) == tables.n_turns
        last = tables.scenario.end
        assert last.startswith("1933")
        assert f"THE END  ({last})" in out
    else:
        assert len(record.turns) < tables.n_turns
        assert outcome.category == "destroyed"
        assert f"Your party: {names.outcome(outcome.category).title}." in flat
    assert f"In history: {names.history().title}." in out
    assert f"Score {outcome.score:.1f} of 100." in out
    for goal in outcome.goals:
        mark = "x" if goal.met else " "
        assert " ".join(f"[{mark}] {names.goal(goal.id)}".split()) in flat
    assert "Traceback" not in out
    assert f"Its parts: {narrate.score_terms(tables.scenario.score, names)[0]}" in flat
    check_story(tables, record, out)


def check_story(tables: Tables, record: GameRecord, out: str) -> None:
    """After the outcome: the chart, what Moscow's orders cost, the choices that changed it."""
    story = out[out.index("HOW THE GAME WENT"):out.index("The whole game is recorded")]
    flat = " ".join(story.split())
    entries = [t.record for t in record.turns]
    for name in ("members", "influence", "trust"):
        assert f"  {name} " in story
    assert entries[0].date in story and entries[-1].date in story
    count, worst = narrate.misfits_obeyed(entries, narrate.Names.of(tables))
    assert "WHAT MOSCOW'S ORDERS COST" in story
    assert all(" ".join(line.split()) in flat for line in worst)
    assert (f"obeyed {count} orders that fitted badly" in flat) == (count > len(worst))
    turnings = counterfactual.turning_choices(tables, record.seed, record.game,
                                              [t.orders for t in record.turns], entries)
    names = {c.id: c.name for c in tables.scenario.outcomes}
    for line in narrate.turning_lines(turnings, entries, names, narrate.Names.of(tables)):
        assert " ".join(line.split()) in flat
    assert f"Rule: {counterfactual.RULE}." in flat


# -- a scripted full game -------------------------------------------------------

def scripted_answers(tables: Tables) -> tuple[list[str], dict[int, Orders | str]]:
    """Answers for a whole game with every kind of input, and what each special turn gives."""
    k_reg, regional = adapt_choice(tables, 2, national=False)
    k_nat, national = adapt_choice(tables, 5, national=True)
    _, whole = adapt_choice(tables, 4, national=False)
    whole_line = f"adapt: {whole} @ berlin | cadres berlin=2"
    regions = tables.regions
    blocks = [
        ["w", "?", "xyz", "c", ""],              # 0: why? too early, help, nonsense, comply
        ["w", "r", "c", ""],                     # 1: why?, regions
        ["a", k_reg, "2", ""],                   # 2: adapt by numbers, default cadres
        ["c", "ruhr=3 berlin=1"],                # 3: comply with cadre weights
        [whole_line],                            # 4: a whole order on one line
        ["a", k_nat, ""],                        # 5: a national action asks no region
        ["a", "99", "", "c", ""],                # 6: a number out of range, back, comply
        ["c", "e"],                              # 7: cadres evenly
    ]
    expected: dict[int, Orders | str] = {
        2: Orders(response="adapt", action=regional, region=regions[1]),
        3: Orders(response="comply", cadres={"ruhr": 3.0, "berlin": 1.0}),
        4: whole_line,
        5: Orders(response="adapt", action=national, region=regions[0]),
        6: Orders(response="comply"),
        7: Orders(response="comply", cadres={r: 1.0 for r in regions}),
    }
    lines = [line for block in blocks for line in block]
    lines += comply_turns(tables.n_turns - len(blocks) + 5)  # a few to spare
    return lines, expected


@dataclass(frozen=True)
class Played:
    code: int
    out: str
    err: str
    save: Path
    expected: dict[int, Orders | str]


@pytest.fixture(scope="module")
def scripted(tables: Tables, tmp_path_factory: pytest.TempPathFactory) -> Played:
    """The scripted game, played once through `comintern play` for several tests."""
    folder = tmp_path_factory.mktemp("scripted")
    lines, expected = scripted_answers(tables)
    answers = write_lines(folder / "answers.txt", lines)
    save = folder / "g.json"
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["play", "germany", "--text", "--seed", "11", "--save", str(save),
                     "--answers", str(answers)])
    return Played(code, out.getvalue(), err.getvalue(), save, expected)


def test_scripted_full_game(tables: Tables, scripted: Played,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out, save = scripted.out, scripted.save
    assert scripted.code == 0, scripted.err
    assert "Traceback" not in scripted.err
    check_ending(tables, save, out)

    # Help, why?, regions and a bad line are answered, not fatal.
    assert "Nothing has been resolved yet." in out
    assert "Each turn a directive arrives from Moscow" in out
    assert "cannot read 'xyz' as orders" in out
    assert "Type ? for help." in out
    assert "WHY? -- " + tables.date(0) in out
    assert "conditions as the party sees them" in out
    assert "Choose 1 to " in out

    record = read_record(str(save))
    for turn, want in scripted.expected.items():
        entry = record.turns[turn]
        if isinstance(want, str):
            assert entry.label == want
            assert entry.orders == Orders.parse(want)
        else:
            assert entry.orders == want
            assert entry.label == want.label()
    out_replay = check_replays(save, capsys)
    assert f"{len(record.turns)} turns replayed" in out_replay


def test_full_game_through_a_real_pipe(tables: Tables, tmp_path: Path) -> None:
    save = tmp_path / "piped.json"
    answers = "".join(f"{line}\n" for line in comply_turns(tables.n_turns + 3))
    proc = subprocess.run(
        [sys.executable, "-m", "game.cli", "play", "germany", "--seed", "5", "--save", str(save)],
        input=answers, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    # answers from a pipe: the terminal game, never a window
    assert "DIRECTIVE FROM MOSCOW" in proc.stdout
    check_ending(tables, save, proc.stdout)
    record = read_record(str(save))
    assert record.seed == 5
    assert all(e.orders == Orders(response="comply") for e in record.turns)


# -- stopping and resuming -------------------------------------------------------

HALF = 20


def _first_and_rest(tables: Tables, weights: str) -> tuple[list[str], list[str]]:
    k, _ = adapt_choice(tables, 3, national=False)
    first = ["c", weights, "c", "", "k", "", "a", k, "3", weights]
    first += comply_turns(HALF - 4)
    rest = ["s", "", "c", weights] + comply_turns(tables.n_turns)
    return first, rest


def _stop_and_resume(tables: Tables, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     weights: str) -> tuple[str, str]:
    """The game played in two sittings, and played straight through: both records' text."""
    first, rest = _first_and_rest(tables, weights)
    save = tmp_path / "halves.json"
    code, out, err = play(["play", "germany", "--text", "--seed", "7", "--save", str(save),
                           "--answers", str(write_lines(tmp_path / "first.txt", first))], capsys)
    assert code == 0, err
    assert f"The answers ran out at {tables.date(HALF)}" in out
    assert f"comintern play --resume {save}" in out
    assert "THE END" not in out
    partial = read_record(str(save))
    assert len(partial.turns) == HALF
    assert partial.outcome is None

    code, out, err = play(["play", "--resume", str(save), "--answers",
                           str(write_lines(tmp_path / "more.txt", rest))], capsys)
    assert code == 0, err
    assert f"Resuming at {tables.date(HALF)} (turn {HALF + 1})" in out
    check_ending(tables, save, out)

    straight = tmp_path / "straight.json"
    code, out, err = play(["play", "germany", "--text", "--seed", "7", "--save", str(straight),
                           "--answers", str(write_lines(tmp_path / "all.txt", first + rest))],
                          capsys)
    assert code == 0, err
    return save.read_text(encoding="utf-8"), straight.read_text(encoding="utf-8")


def test_stop_and_resume_equals_a_straight_game(tables: Tables, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    resumed, straight = _stop_and_resume(tables, tmp_path, capsys, "berlin=1 ruhr=2")
    assert resumed == straight
    assert json.loads(resumed)["outcome"] is not None


def test_stop_and_resume_with_unsorted_weights(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = ["c", "ruhr=3 berlin=1", "c", ""]
    rest = ["c", "e", "c", ""]
    save, straight = tmp_path / "halves.json", tmp_path / "straight.json"
    for args in (["play", "germany", "--text", "--seed", "7", "--save", str(save), "--answers",
                  str(write_lines(tmp_path / "first.txt", first))],
                 ["play", "--resume", str(save), "--answers",
                  str(write_lines(tmp_path / "rest.txt", rest))],
                 ["play", "germany", "--text", "--seed", "7", "--save", str(straight),
                  "--answers", str(write_lines(tmp_path / "all.txt", first + rest))]):
        assert play(args, capsys)[0] == 0
    assert len(read_record(str(save)).turns) == 4
    assert save.read_text(encoding="utf-8") == straight.read_text(encoding="utf-8")


def test_q_saves_and_quits(tables: Tables, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "quit.json"
    answers = write_lines(tmp_path / "q.txt", comply_turns(2) + ["q"] + comply_turns(5))
    code, out, err = play(["play", "germany", "--text", "--seed", "3", "--save", str(save),
                           "--answers", str(answers)], capsys)
    assert code == 0, err
    assert f"Saved. Continue with: comintern play --resume {save}" in " ".join(out.split())
    assert "THE END" not in out
    record = read_record(str(save))
    assert len(record.turns) == 2
    assert record.outcome is None
    assert "game in progress" in check_replays(save, capsys)


def test_resume_of_a_damaged_record_fails_cleanly(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "broken.json"
    save.write_text('{"format": "far-from-moscow/game-record",\n "seed": -1}\n', encoding="utf-8")
    code, out, err = play(["play", "--resume", str(save), "--answers",
                           str(write_lines(tmp_path / "a.txt", ["c", ""]))], capsys)
    assert code == 1
    assert f"{save}:" in err
    assert "Traceback" not in out + err


# -- the envoy ---------------------------------------------------------------------

def test_envoy_forces_compliance_and_refuses_adapting(tables: Tables, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    k_defy, _ = regional_action(tables)
    lines = ["d", k_defy, "2", ""] * 25          # defy every turn until an envoy comes
    lines += ["a", "1", "2", ""]                 # then try to adapt while the envoy is here
    lines += comply_turns(4)
    save = tmp_path / "envoy.json"
    code, out, err = play(["play", "germany", "--text", "--seed", "11", "--rigidity", "1",
                           "--save", str(save), "--answers",
                           str(write_lines(tmp_path / "defy.txt", lines))], capsys)
    assert code == 0, err
    assert "Traceback" not in out + err
    out = " ".join(out.split())  # long lines are wrapped on screen
    assert "Moscow sends an envoy: " in out
    arrived = out.index("Moscow sends an envoy: ")
    assert "is here: the party must comply." in out[arrived:]
    assert "decides this turn: the party can only comply" in out[arrived:]

    # While the envoy decides, defy and adapt are refused at once, before any menu.
    refused = out.index("Not possible: ", arrived)
    next_turn = out.index("RESULT you answered: ", arrived)
    assert refused < next_turn
    between = out[arrived:refused]
    assert "Actions you may" not in between[between.rfind("[c]omply"):]

    record = read_record(str(save))
    envoy_turns = [e for e in record.turns if e.record.directive.forced]
    assert envoy_turns, "a turn was played while the envoy decided"
    assert all(e.orders.response == "comply" for e in envoy_turns)
    assert any(e.record.centre.envoy for e in record.turns)
    assert record.settings.rigidity == 1.0
    check_replays(save, capsys)


# -- choosing a scenario -----------------------------------------------------------

def standard_scenario() -> tuple[int, str]:
    """The menu number and id of the bundled scenario whose difficulty is standard."""
    from game.files import open_scenario

    ids = bundled_ids()
    standard = [k for k, ident in enumerate(ids, 1)
                if open_scenario(ident).difficulty == "standard"]
    assert len(standard) == 1, "one bundled scenario is the standard one"
    return standard[0], ids[standard[0] - 1]


@pytest.mark.parametrize("choice", ["", "1", "nonsense\n1", "3"])
def test_play_without_scenario_asks_for_one(choice: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from game.files import open_scenario

    save = tmp_path / "chosen.json"
    answers = write_lines(tmp_path / "choose.txt", choice.split("\n") + comply_turns(1) + ["q"])
    code, out, err = play(["play", "--text", "--seed", "2", "--save", str(save),
                           "--answers", str(answers)], capsys)
    assert code == 0, err
    assert "Scenarios:" in out
    number, standard = standard_scenario()
    assert standard != bundled_ids()[0]  # else Enter taking the first would pass as well
    name = open_scenario(standard).name
    assert f"  {number}. {name} (standard)" in out
    assert f"Choose 1 to {len(bundled_ids())} [Enter = {name}]" in out
    record = read_record(str(save))
    # Enter starts the standard scenario; a number starts the one it names
    want = standard if choice == "" else bundled_ids()[int(choice.split("\n")[-1]) - 1]
    assert record.scenario.id == want
    assert len(record.turns) == 1


def test_no_answer_at_the_scenario_choice_starts_nothing(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    save = tmp_path / "never.json"
    answers = write_lines(tmp_path / "empty.txt", [])
    code, out, err = play(["play", "--text", "--save", str(save), "--answers", str(answers)],
                          capsys)
    assert code == 0, err
    assert "No answer given; nothing was started." in out
    assert not save.exists()


# -- cadre weights that are not numbers a game can use ------------------------------

@pytest.mark.parametrize("weights", [
    "berlin=inf",
    "berlin=nan",
    "ruhr=-1",
    "berlin=0",
    "atlantis=1",
])
def test_unusable_cadre_weights_are_refused(weights: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "w.json"
    answers = write_lines(tmp_path / "w.txt", ["c", weights, "", "c", "", "q"])
    code, out, err = play(["play", "germany", "--text", "--seed", "11", "--save", str(save),
                           "--answers", str(answers)], capsys)
    assert code == 0, err
    assert "Traceback" not in out + err
    text = save.read_text(encoding="utf-8")
    json.loads(text, parse_constant=lambda token: pytest.fail(f"{token} in the record"))
    assert "Not possible: " in out or "cannot read" in out
    record = read_record(str(save))
    # Refused weights leave the turn to the default plan (or the prompt again).
    assert record.turns
    assert all(e.orders.cadres == {} for e in record.turns), "the weights were not refused"
    check_replays(save, capsys)


def test_huge_cadre_weights_keep_their_proportions(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "huge.json"
    answers = write_lines(tmp_path / "huge.txt", ["c", "berlin=1e308 ruhr=1e308", "", "q"])
    code, _, err = play(["play", "germany", "--text", "--seed", "11", "--save", str(save),
                         "--answers", str(answers)], capsys)
    assert code == 0, err
    record = read_record(str(save))
    first = record.turns[0]
    if first.orders.cadres:  # accepted: the two regions share the cadres equally
        at_work = first.record.cadres_at_work
        assert at_work["berlin"] == at_work["ruhr"] > 0
    assert "RuntimeWarning" not in err


# -- finished games and files that cannot be used ---------------------------------------

def test_resume_of_a_finished_game_shows_the_end(tables: Tables, scripted: Played,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "done.json"
    shutil.copyfile(scripted.save, save)
    before = read_record(str(save))
    answers = write_lines(tmp_path / "more.txt", comply_turns(3))
    code, out, err = play(["play", "--resume", str(save), "--answers", str(answers)], capsys)
    assert code == 0, err
    check_ending(tables, save, out)
    assert "RESULT" not in out  # no turn is played after the end
    after = read_record(str(save))
    # The same game (the labels' text is the subject of the resume xfail tests above).
    assert [e.orders for e in after.turns] == [e.orders for e in before.turns]
    assert [e.state_hash for e in after.turns] == [e.state_hash for e in before.turns]
    assert after.outcome == before.outcome


def test_resume_of_a_finished_game_names_no_turn_past_the_end(
        tables: Tables, scripted: Played, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "done.json"
    shutil.copyfile(scripted.save, save)
    answers = write_lines(tmp_path / "more.txt", comply_turns(3))
    _, out, _ = play(["play", "--resume", str(save), "--answers", str(answers)], capsys)
    assert "Resuming at" in out or "over" in out
    assert f"turn {tables.n_turns + 1})" not in out
    assert tables.date(tables.n_turns) not in out


def _play_fails_cleanly(args: list[str], needle: str,
                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = play(args, capsys)
    assert code != 0
    assert needle in err
    assert "Traceback" not in out + err


def test_missing_answers_file_is_a_clean_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-answers.txt"
    _play_fails_cleanly(["play", "germany", "--seed", "1", "--save", str(tmp_path / "s.json"),
                         "--answers", str(missing)], str(missing), capsys)


def test_non_utf8_answers_file_is_a_clean_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "latin1.txt"
    answers.write_bytes(b"c\n\nk\xf6nnen\n")
    _play_fails_cleanly(["play", "germany", "--seed", "1", "--save", str(tmp_path / "s.json"),
                         "--answers", str(answers)], str(answers), capsys)


def test_save_path_that_is_a_folder_is_a_clean_error(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    answers = write_lines(tmp_path / "a.txt", comply_turns(3))
    _play_fails_cleanly(["play", "germany", "--seed", "1", "--save", str(folder),
                         "--answers", str(answers)], str(folder), capsys)
    assert [p.name for p in folder.iterdir()] == []  # no temporary file left behind


def test_unwritable_save_path_is_a_clean_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "sub" / "s.json"  # a path under a regular file
    answers = write_lines(tmp_path / "a.txt", comply_turns(3))
    _play_fails_cleanly(["play", "germany", "--seed", "1", "--save", str(target),
                         "--answers", str(answers)], str(target), capsys)


# -- what the turn's words say (game/narrate.py), on small hand-built scenarios ---------



def text_game(t: Tables, lines: list[str], tmp_path: Path) -> tuple[TextGame, str]:
    """A text game of `t` played with `lines` until they run out; the game and its output."""
    out = io.StringIO()
    game = TextGame(Session.start(t, 1), tmp_path / "g.json", iter(lines), out,
                    echo=True)
    game.run()
    return game, out.getvalue()


def turn_block(out: str, date: str) -> str:
    """The screen from the opening of the turn of `date` to the next turn's opening."""
    start = out.index(f"{date}  |  turn ")
    nxt = out.find("  |  turn ", start + 20)
    return out[start:nxt if nxt > 0 else len(out)]


def test_no_directive_before_the_centre_exists_and_the_party_decides_alone(tmp_path: Path
                                                                           ) -> None:
    t = builders.tables(rigidity=1.0, centre={"founded": "1920-07"})
    game, out = text_game(t, ["k", "c", ""], tmp_path)
    flat = " ".join(out.split())
    assert ("No directive from Moscow: the Communist International does not exist yet "
            "(founded 1920-07). The party decides alone.") in flat
    assert "[c] wait" in out and "[a] act" in out and "[d] any action" in out
    first = turn_block(out, "1920-01")
    options_block = first[first.index("BEFORE YOU CHOOSE"):]
    assert "[k] consult" not in options_block and "[s] stall" not in options_block
    assert "There is no Centre to consult yet" in out  # k was refused, not played
    record = game.session.record.turns[0].record
    assert record.directive.action is None and record.resolution is None
    assert record.centre.trust_parts["response"] == 0.0
    assert "no trust cost" in options_block


def test_an_initiative_is_on_the_card_and_options_show_believed_chances(tmp_path: Path) -> None:
    t = builders.tables(rigidity=1.0, initiatives=[builders.RISING])
    arrives = t.turn_of("1921-01") + t.lag
    game, out = text_game(t, comply_turns(arrives), tmp_path)
    block = turn_block(out, t.date(arrives))
    flat = " ".join(block.split())
    assert "** Moscow presses for: The rising **" in block
    assert "Moscow orders a rising in the farm country" in flat and "Carried by An Envoy." in flat
    assert "costs 0.30 more trust" in flat
    opts = options(t, game.session.state)
    comply = (f"Armed insurrection in Farm country: the party reckons "
              f"{narrate.pct(opts['comply']['chance'])}; trust {opts['comply']['trust']:+.2f}")
    assert comply in flat
    assert f"trust {opts['stall']['trust']:+.2f}" in flat  # refusing costs the pressure too
    # an 80-column terminal: nothing wider, bar the lines that name the save file
    assert all(len(line) <= 80 for line in out.splitlines() if str(tmp_path) not in line)


def test_the_action_menu_and_region_menu_show_the_chance_the_party_reckons(tmp_path: Path
                                                                          ) -> None:
    t = builders.tables(rigidity=1.0)
    k = t.actions.index("strike") + 1
    game, out = text_game(t, ["d", str(k)], tmp_path)
    opts = options(t, game.session.state)
    strike = opts["defy"]["actions"]["strike"]
    row = next(line for line in out.splitlines() if line.strip().startswith(f"{k}. Mass strike"))
    assert narrate.pct(max(strike["chances"].values())) in row
    assert f"trust {strike['trust']:+.2f}" in row
    mill = next(line for line in out.splitlines() if line.strip().startswith("1. Mill town"))
    assert f"chance {narrate.pct(strike['chances']['mill']):>5}" in mill


def test_a_consultation_shows_what_the_report_changed(tmp_path: Path) -> None:
    t = builders.tables(rigidity=1.0)
    game, out = text_game(t, ["k", ""], tmp_path)
    card = directive_card(t, game.session.state)
    assert card.revision is not None
    after = turn_block(out, t.date(1))
    assert f"Revised after your report of {t.date(0)}." in after
    assert "The order stands: " in after or "The order changed: was " in after


def test_the_result_splits_the_changes_by_cause_and_an_event_keeps_its_own_loss(
        tmp_path: Path) -> None:
    t = builders.tables(rigidity=1.0, events=[builders.BLOW])
    k = t.actions.index("strike") + 1
    game, out = text_game(t, ["d", str(k), "1", "", "w"], tmp_path)
    result = out[out.index("RESULT"):]
    result = result[:result.index("Type w")]
    entry = game.session.record.turns[0].record
    ev = events_now(t, game.session.state)[0]
    lost = f"members {ev.changes.members:+,.0f}"
    lines = [" ".join(line.split()) for line in
             " ".join(result.split("\n      ")).splitlines()]  # rejoin wrapped cause lines
    action = next(line for line in lines if "(your action)" in line)
    event = next(line for line in lines if line.startswith("The party is banned"))
    assert lost in event and lost not in action
    spared = narrate.pct(1 - (ev.damage_taken or 0.0))
    assert f"your preparation spared {spared} of the blow" in event
    assert f"members {entry.changes['action'].members:+,.0f}" in action
    # why? speaks plain words first, then numbers under their own heading
    why = out[out.index("WHY? -- "):]
    assert "fit for the real conditions in Mill town" in " ".join(why.split())
    assert why.index("In numbers:") < why.index("fit to conditions")
    assert "logit" not in why


def test_an_answer_longer_than_the_limit_is_refused_and_the_game_goes_on(tmp_path: Path):
    t = builders.tables()
    game, out = text_game(t, ["c" + " " * 2000 + "x", "c", ""], tmp_path)
    flat = " ".join(out.split())  # long lines are wrapped
    assert "2,002 characters long; an answer is at most 1,000" in flat
    assert "Nothing was done" in flat
    assert game.session.state.turn == 1  # the short answer that followed was played


def test_stale_temporary_files_beside_the_save_are_cleared_when_a_game_starts(tmp_path: Path):
    save = tmp_path / "g.json"
    stale = tmp_path / ".g.json.abcd1234"
    stale.write_text("half a save")
    other = tmp_path / ".g.json.notours"  # not the shape of our temporaries: left alone
    other.write_text("x")
    text_game(builders.tables(), [], tmp_path)
    assert not stale.exists() and other.exists() and save.exists()


def test_a_failed_save_names_the_save_and_says_what_it_still_holds(tmp_path: Path,
                                                                    monkeypatch):
    from game.files import write_atomic

    t = builders.tables()
    save = tmp_path / "g.json"
    game = TextGame(Session.start(t, 1), save, iter(["c", "", "c", ""]),
                    io.StringIO(), echo=True)
    calls = []

    def disk_fills_up(path, text):
        calls.append(path)
        if len(calls) == 3:  # the save after the second turn fails
            raise OSError(28, "cannot write the file (No space left on device)", str(path))
        write_atomic(path, text)

    monkeypatch.setattr("game.textmode.write_atomic", disk_fills_up)
    with pytest.raises(OSError) as failure:
        game.run()
    message = str(failure.value.strerror)
    assert failure.value.filename == str(save)
    assert "No space left" in message and f"the last good save is {save}" in message
    assert f"up to {t.date(0)} (1 turn)" in message and "comintern play --resume" in message


def test_a_folder_that_refuses_the_temporary_file_is_reported_under_the_saves_name(
        tmp_path: Path, monkeypatch):
    import tempfile

    from game.files import write_atomic

    def refuse(prefix: str, dir: Path):  # noqa: A002 - tempfile's own keyword
        raise PermissionError(13, "Permission denied", str(Path(dir) / f"{prefix}x1y2z3w4"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OSError) as failure:
        write_atomic(tmp_path / "g.json", "{}")
    assert failure.value.filename == str(tmp_path / "g.json")
    assert "Permission denied" in str(failure.value.strerror)


# -- fitting a terminal ---------------------------------------------------------------

class Tty(io.StringIO):
    """An output stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_width_is_the_terminals_one_column_short_and_at_most_78(monkeypatch) -> None:
    from game.textmode import WIDTH, screen_size

    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("COLUMNS", "60")
    assert screen_size(Tty()) == (59, 24)
    game = TextGame(Session.start(builders.tables(), 1), Path("g.json"), iter([]),
                    Tty(), echo=False)
    assert game.size() == (59, 24)
    assert TextGame(Session.start(builders.tables(), 1), Path("g.json"), iter([]),
                    Tty(), echo=True).size() == (59, None)  # piped answers: never a pause
    monkeypatch.setenv("COLUMNS", "200")
    assert screen_size(Tty()) == (WIDTH, 24)
    assert screen_size(io.StringIO()) == (WIDTH, None)  # a pipe or a file: the usual width


@pytest.mark.parametrize("width", [44, 60])
def test_output_wraps_at_words_to_the_width_keeping_urls_indents_and_figures_whole(
        tables: Tables, tmp_path: Path, width: int) -> None:
    out = io.StringIO()
    session = Session.start(tables, 5)
    events = events_now(tables, session.state)
    game = TextGame(session, tmp_path / "g.json", iter(["?", "r", "c", "", "w", "c", ""]), out,
                    echo=True, width=width)
    game.run()
    text = out.getvalue()
    lines = text.splitlines()
    # Nothing wider than the terminal but a single unbreakable word (and the save's name).
    wide = [line for line in lines if len(line) > width and str(tmp_path) not in line]
    assert all(len(line.split()) == 1 for line in wide), wide
    # Words arrive whole: every word of the briefing and the events is a word on screen.
    shown = set(text.split())
    words = [narrate.Names.of(tables).event(ev.id) for ev in events]
    told = [tables.scenario.briefing] + [w.text for w in words]
    assert {w for t in told for w in t.split()} <= shown
    urls = [u for w in words for u in re.findall(r"https?://\S+", w.source)]
    assert urls and all(any(u in line for line in lines) for u in urls)
    # An indented block stays indented: each event's text under its title.
    first = next(k for k, line in enumerate(lines)
                 if line.startswith("    " + words[0].text[:10]))
    block = lines[first:next(k for k in range(first, len(lines)) if lines[k].startswith("* "))]
    assert len(block) > 2 and all(line.startswith("    ") for line in block)
    # A figure keeps its unit on its line, a prompt its mark.
    assert "%" in text and not re.search(r"\d\n *%", text)
    assert not any(line.strip().startswith(">") for line in lines)


# -- every menu's Enter goes back one level -----------------------------------------

def test_enter_in_a_menu_goes_back_one_menu(tmp_path: Path) -> None:
    t = builders.tables(rigidity=0.0)  # defiance brings no envoy to close the menus
    regional = t.actions.index("strike") + 1  # defy lists every action, in catalogue order
    national = next(k for k, n in enumerate(t.national, 1) if n)
    lines = [
        # turn 1: region Enter -> actions; cadres [b] -> regions; then a region, default cadres
        "d", str(regional), "", str(regional), "1", "b", "2", "",
        # turn 2: Enter in the actions -> the prompt; [b] in comply's cadres -> the prompt
        "a", "", "c", "b", "s", "",
        # turn 3: a national action has no region menu: [b] -> actions, Enter -> the prompt
        "d", str(national), "b", "", "c", "",
    ]
    game, out = text_game(t, lines, tmp_path)
    turns = game.session.record.turns
    assert [e.orders for e in turns] == [
        Orders(response="defy", action="strike", region=t.regions[1]),
        Orders(response="stall"),
        Orders(response="comply"),
    ]
    prompt, actions, regions, cadres = ("[c]omply [a]dapt", "Actions you may ",
                                        "Regions, with the fit", "  Cadres > ")
    first, second, third = (turn_block(out, t.date(k)) for k in range(3))
    assert (first.count(prompt), first.count(actions), first.count(regions),
            first.count(cadres)) == (1, 2, 3, 2)
    assert (second.count(prompt), second.count(actions), second.count(cadres)) == (3, 1, 2)
    assert (third.count(prompt), third.count(actions), third.count(regions),
            third.count(cadres)) == (2, 2, 0, 2)
    assert "Enter: back" in first and "[b] back" in first


# -- ? lists the one-line orders with this scenario's ids ----------------------------

@pytest.mark.parametrize("which", ["tiny", "germany"])
def test_help_lists_the_one_line_orders_with_real_ids_and_an_example_that_plays(
        which: str, tables: Tables, tmp_path: Path) -> None:
    from engine.orders import RESPONSES, check, legal

    t = builders.tables() if which == "tiny" else tables
    out = io.StringIO()
    game = TextGame(Session.start(t, 3), tmp_path / "g.json", iter(["?"]), out,
                    echo=True, width=60)
    game.run()
    text = out.getvalue()
    flat = " ".join(text.split())
    state = game.session.state
    allowed = legal(t, state)
    outside = [a for a in t.actions if a not in allowed.adapt_actions]
    national = [a for a, n in zip(t.actions, t.national, strict=True) if n]
    assert "responses: " + ", ".join(RESPONSES) in flat
    assert "the line allows now (adapt or defy): " + ", ".join(allowed.adapt_actions) in flat
    assert "(defy only): " + ", ".join(outside or ["none"]) in flat
    assert "(write any region): " + ", ".join(national) in flat
    assert "regions: " + ", ".join(f"{r.id} ({r.name})" for r in t.scenario.regions) in flat
    # The example is one line, from this scenario's ids, and the game takes it as it is.
    example = next(line for line in text.splitlines() if "e.g. " in line).split("e.g. ")[1]
    orders = Orders.parse(example)
    assert orders.action in t.actions and orders.region in t.regions and orders.cadres
    assert set(orders.cadres) <= set(t.regions)
    assert check(t, state, orders) is None
    played, _ = text_game(t, [example], tmp_path)
    assert played.session.record.turns[0].label == orders.label()


def test_orders_that_cannot_be_read_are_answered_with_an_example_of_this_game(
        tmp_path: Path) -> None:
    from engine.orders import check

    t = builders.tables()
    start = Session.start(t, 1).state  # the turn the example is given at
    game, out = text_game(t, ["strike at the mill", "c", ""], tmp_path)
    flat = " ".join(out.split())
    example = Orders.parse(flat.split("In this game, e.g. ")[1].split(" [c]")[0])
    assert example.region in t.regions and check(t, start, example) is None
    assert game.session.state.turn == 1  # the game went on


# -- at a terminal nothing scrolls away unread ----------------------------------------

class Keys:
    """A player at a terminal: presses Enter at every pause, else types the next answer.

    Records how much had been written each time it was asked, so a test can see
    what stood on the screen between two answers.
    """

    def __init__(self, out: io.StringIO, answers: list[str], pauses: bool = True) -> None:
        from game.textmode import GO_ON, MORE

        self.out, self.answers, self.pauses = out, iter(answers), pauses
        self.prompts = (MORE, GO_ON + " ")
        self.asked: list[int] = []

    def __iter__(self) -> Keys:
        return self

    def __next__(self) -> str:
        self.asked.append(len(self.out.getvalue()))
        if self.pauses and self.out.getvalue().endswith(self.prompts):
            return ""
        return next(self.answers)


def at_a_terminal(t: Tables, answers: list[str], tmp_path: Path, height: int | None,
                  interactive: bool = True) -> tuple[TextGame, Keys, str]:
    out = io.StringIO()
    keys = Keys(out, answers)
    game = TextGame(Session.start(t, 5), tmp_path / "g.json", keys, out,
                    interactive=interactive, width=78, height=height)
    game.run()
    return game, keys, out.getvalue()


def test_at_a_terminal_the_result_waits_for_enter_and_pages_hold_a_screen(
        tables: Tables, tmp_path: Path) -> None:
    from game.textmode import GO_ON, MORE

    answers = comply_turns(3)
    game, keys, paged = at_a_terminal(tables, answers, tmp_path, height=24)
    # After each turn's result the game waits, before the next turn opens.
    for turn in range(1, 3):
        block = paged[:paged.index(f"{tables.date(turn)}  |  turn ")]
        assert block.rindex("RESULT  you answered") < block.rindex(GO_ON)
    # Between two answers, never more than a screenful: the rest waits for Enter.
    shown = [paged[a:b] for a, b in zip([0] + keys.asked, keys.asked, strict=False)]
    assert MORE in paged and max(part.count("\n") for part in shown) <= 24
    # A page breaks between the parts of a turn, not inside one (the card, the regions).
    starts = ("* ", "PARTY  ", "REGIONS  ", "  Moscow's reasons", "BEFORE YOU CHOOSE")
    after_more = [part.split("\n")[0] for part in paged.split(MORE)[1:]]
    # (a blank line opens the turn's rule and the directive card)
    assert after_more and all(line == "" or line.startswith(starts) for line in after_more), \
        after_more
    # The pauses hide nothing: without them the same game writes the same words.
    _, _, piped = at_a_terminal(tables, answers, tmp_path, height=None, interactive=False)
    assert paged.replace(MORE, "").replace(f"\n{GO_ON} ", "") == piped
    assert GO_ON not in piped and MORE not in piped
    assert len(game.session.record.turns) == 3


def test_at_the_pause_w_explains_the_turn_and_q_saves_and_quits(tables: Tables,
                                                                 tmp_path: Path) -> None:
    out = io.StringIO()
    game = TextGame(Session.start(tables, 5), tmp_path / "g.json",
                    iter(["c", "", "w", "q", "c", ""]), out, interactive=True, width=78)
    game.run()
    text = out.getvalue()
    assert text.index("RESULT") < text.index(f"WHY? -- {tables.date(0)}") < text.index("Saved.")
    assert len(read_record(str(tmp_path / "g.json")).turns) == 1


def test_answers_from_a_terminal_pause_and_answers_from_a_file_never_do(
        scripted: Played, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from game.textmode import GO_ON, MORE

    assert GO_ON not in scripted.out and MORE not in scripted.out
    # a blank name first, then Enter after each result
    monkeypatch.setattr("sys.stdin", Tty("\nc\n\n\nc\n\nq\n"))
    code, out, err = play(["play", "germany", "--text", "--seed", "3", "--save",
                           str(tmp_path / "t.json")], capsys)
    assert code == 0, err
    assert out.count(GO_ON) == 2
    assert len(read_record(str(tmp_path / "t.json")).turns) == 2


def test_a_handful_of_cadres_skips_the_cadre_prompt_in_one_line(tmp_path: Path) -> None:
    t = builders.tables(rigidity=0.0, rules={"party": {"plan_min_cadres": 10_000}})
    game, out = text_game(t, ["c", "s"], tmp_path)  # no answer is asked for the cadres
    assert "  Cadres > " not in out and "no plan to make" in out
    assert [e.orders for e in game.session.record.turns][:2] == \
        [Orders(response="comply"), Orders(response="stall")]


def test_every_source_of_an_event_lines_up_under_the_first(tmp_path: Path) -> None:
    out = io.StringIO()
    game = TextGame(Session.start(builders.tables(), 1), tmp_path / "g.json", iter([]), out)
    game.say_sources("https://a.example/one ; Klaus Gietinger, A Book (2019) ; "
                     "https://b.example/" + "x" * 70, "    ")
    lines = out.getvalue().splitlines()
    # an address too long to stand beside the label: every source under it, whole
    assert lines == ["    Sources:", "      https://a.example/one",
                     "      Klaus Gietinger, A Book (2019)", "      https://b.example/" + "x" * 70]
    out.truncate(0), out.seek(0)
    game.say_sources("https://a.example/one ; Klaus Gietinger, A Book (2019)", "    ")
    assert out.getvalue().splitlines() == ["    Source: https://a.example/one",
                                           "            Klaus Gietinger, A Book (2019)"]
