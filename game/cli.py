"""The `comintern` command: play, validate, schema, replay, export, simulate.

Every failure ends with a clear message and a non-zero exit, never a
traceback: problems in files print as `file:line:col: ...`.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TextIO

from engine import __version__
from engine.loader import check_file
from engine.model import Scenario
from engine.policies import ORACLES, PLAYER_POLICIES, POLICIES
from engine.problems import ProblemError
from engine.record import Session, name_problem, record_schema
from engine.rng import SEED_MAX
from engine.schema import MODELINE, SCHEMA_FILE, scenario_schema, schema_text
from engine.tables import Settings, compile_scenario
from engine.translation import wanted_language
from game import lab
from game.app.settings import FILE_NAME, default_config_dir, load_settings
from game.balance import balance_report
from game.export import turns_csv
from game.files import (
    bundled_ids,
    data_dir,
    mods_dir,
    new_scenario,
    open_scenario,
    scenario_ids,
    scenario_path,
    scenarios_dir,
    write_atomic,
)
from game.i18n import (
    LANGUAGES,
    UnknownLanguage,
    _,
    choose_language,
    current_language,
    use_language,
)
from game.logs import ChangedRules, OpenedLog, open_log, open_to_resume
from game.narrate import Names, rebase_go_on, rebase_summary
from game.terminal import Printable
from game.textmode import EndOfInput, TextGame, wrap

DESCRIPTION = """\
Far from Moscow: the Communist International and the parties it directed.

You lead a national communist party. Each turn a directive arrives from
Moscow, chosen from the Centre's picture of your country: a picture that is
late by the courier lag and bent by doctrine. You comply, adapt, consult,
stall or defy, and assign your cadres. Outcomes follow the true conditions.
"""

EPILOG = """\
examples:
  comintern play                         open the game window (the terminal without a display)
  comintern play italy --text            play Italy 1919-1926 in the terminal
  comintern play germany --seed 7        a reproducible game of Germany 1919-1933
  comintern play germany < answers.txt   take the answers from a file
  comintern play --resume SAVE.json      continue a saved game
  comintern new-scenario britain_1929    start a scenario from the template, in the mods folder
  comintern validate my-scenario.yaml    check a scenario; problems as file:line:col
  comintern schema -o scenario.schema.json
                                         the JSON Schema of a scenario file, for an editor
  comintern replay SAVE.json             re-run a record and check it matches
  comintern export SAVE.json --csv t.csv one row per turn, for a spreadsheet
  comintern debrief SAVE.json -o report.html
                                         a student's report; several logs: the class's
  comintern simulate germany --games 1000 --rigidity 1
                                         1,000 games under every policy, as a table
  comintern simulate --sweep --markdown docs/ARGUMENT.md
                                         the Argument lab: every policy and rigidity
"""


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\n")


def _openable(ident: str) -> Scenario | ProblemError:
    try:
        return open_scenario(ident, current_language())
    except ProblemError as exc:
        return exc


def _choose_scenario(lines: Iterator[str], out: TextIO) -> str:
    """The bundled scenarios, then the player's mods; a mod that cannot load is shown, not fatal."""
    ids = scenario_ids()
    opened = [_openable(ident) for ident in ids]
    bundled = set(bundled_ids())
    print(_("Scenarios:"), file=out)
    for k, (ident, sc) in enumerate(zip(ids, opened, strict=True), 1):
        if isinstance(sc, ProblemError):
            print(f"  {k}. " + _("{id} (cannot be played: {problem})").format(
                id=ident, problem=sc.problems[0]), file=out)
        else:
            difficulty = _difficulty(sc.difficulty)
            print(f"  {k}. " + (_("{name} ({difficulty})") if ident in bundled else
                                _("{name} ({difficulty}, a mod)")).format(
                                    name=sc.name, difficulty=difficulty), file=out)
    # Enter starts the scenario made for a first game, not whichever sorts first
    first = next((k for k, sc in enumerate(opened)
                  if isinstance(sc, Scenario) and sc.difficulty == "standard"), 0)
    shown = opened[first]
    while True:
        out.write(_("Choose 1 to {last} [Enter = {default}] >").format(
            last=len(ids), default=shown.name if isinstance(shown, Scenario) else ids[first])
            + " ")
        out.flush()
        try:
            answer = next(lines).strip()
        except StopIteration:
            raise EndOfInput from None
        chosen = (first if not answer else ids.index(answer) if answer in ids
                  else int(answer) - 1 if answer.isdigit() and 1 <= int(answer) <= len(ids)
                  else None)
        if chosen is not None and isinstance(opened[chosen], ProblemError):
            print("  " + _("{id} cannot be played; fix it and check it with: {command}").format(
                id=ids[chosen], command=f"comintern validate {scenario_path(ids[chosen])}"),
                file=out)
        elif chosen is not None:
            return ids[chosen]


def _difficulty(difficulty: str) -> str:
    """A scenario's difficulty ("standard", "hard") in the current language."""
    words = {"gentle": _("gentle"), "standard": _("standard"), "hard": _("hard")}
    return words.get(difficulty, difficulty)


def saved_language() -> str | None:
    """The language chosen in the window's settings, which the text mode follows too."""
    return load_settings(default_config_dir() / FILE_NAME).language


def cmd_play(args: argparse.Namespace) -> int:
    # --lang was checked as it was parsed; without it, the saved setting, then the system's
    use_language(choose_language(args.lang, saved_language()))
    out = sys.stdout
    answers = open(args.answers, encoding="utf-8") if args.answers else sys.stdin  # noqa: SIM115
    lines = _lines(answers)
    echo = not answers.isatty()
    if not args.text and not args.answers and sys.stdin.isatty():
        from game.app import display_available, run_window  # pygame only when a window opens

        if display_available():
            return run_window(args.scenario, args.seed, args.rigidity,
                              Path(args.save) if args.save else None,
                              Path(args.resume) if args.resume else None,
                              language=args.lang)
        print(_("(No display found: playing in text mode.)"), file=out)
    try:
        if args.resume:
            opened = open_to_resume(args.resume, args.scenario_file or args.scenario,
                                    current_language())
            if isinstance(opened, ChangedRules):
                changed = _on_new_rules(opened, lines, out, ask=not echo)
                if changed is None:
                    return 0
                opened = changed
            if opened.divergence:
                print(_("{path}: cannot resume, the record does not replay: {where}").format(
                    path=args.resume, where=opened.divergence), file=sys.stderr)
                return 1
            session, save = opened.session, Path(args.resume)
            if opened.upgraded_from:
                print(_("(This game was recorded in format {format}; it is saved again in "
                        "today's format.)").format(format=opened.upgraded_from), file=out)
        else:
            name = args.scenario or _choose_scenario(lines, out)
            scenario = open_scenario(name, current_language())  # English where it has no text
            seed = args.seed if args.seed is not None else secrets.randbelow(10**6)
            tables = compile_scenario(scenario, Settings(rigidity=args.rigidity))
            player = args.name if args.name is not None else \
                _ask_name(lines, out) if sys.stdin.isatty() and not args.answers else ""
            session = Session.start(tables, seed, player=player)
            save = Path(args.save) if args.save else (
                data_dir() / "saves" / f"{scenario.id}-seed{seed}.json")
        game = TextGame(session, save, lines, out, echo=echo)
        game.run()
    except EndOfInput:
        print("\n" + _("No answer given; nothing was started."), file=out)
    except UnicodeDecodeError:
        source = args.answers or _("standard input")
        print("comintern: " + _("{source}: the answers are not UTF-8 text").format(
            source=source), file=sys.stderr)
        return 1
    finally:
        if answers is not sys.stdin:
            answers.close()
    return 0


def _on_new_rules(changed: ChangedRules, lines: Iterator[str], out: TextIO,
                  ask: bool) -> OpenedLog | None:
    """A saved game whose scenario has changed: say so, offer it on the new rules, and give
    it (None: the player keeps the old game, and the save stays as it was). Answers from a
    file or a pipe take the offer, and the game says so."""
    rebased, path = changed.rebased, changed.path
    session = rebased.session
    print(wrap(_("{file} has changed since this game was saved (its hash is now {new}, the "
                 "save's {old}): {summary}.").format(
                     file=changed.source, new=session.record.scenario.hash,
                     old=rebased.old_hash,
                     summary=rebase_summary(rebased, Names.of(session.tables))), ""), file=out)
    where = rebase_go_on(rebased)
    if not ask:
        print(wrap(_("(The answers come from a file or a pipe, so the game continues on the "
                     "new rules {where}; {save} will hold it.)").format(where=where, save=path),
                   ""), file=out)
    while ask:
        print("[Enter] " + _("continue on the new rules {where}").format(where=where), file=out)
        out.write("[k] " + _("keep the old game and its save as they are") + " > ")
        out.flush()
        try:
            answer = next(lines).strip().lower()
        except StopIteration:
            raise EndOfInput from None
        if answer == "k":
            print(wrap(_("{save} is left as it was. To play it on the rules it was saved "
                         "with, give that scenario's file: {command}").format(
                             save=path, command=f"comintern play --resume {path} --scenario "
                             "OLD.yaml"), ""), file=out)
            return None
        if answer in ("", "g"):
            break
    return OpenedLog(path, changed.read, changed.scenario, session.tables, session, None,
                     changed.source)


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        try:  # an id (a bundled scenario or a mod) or a path
            scenario, problems = check_file(scenario_path(name), [scenarios_dir()], args.lang)
        except ProblemError as exc:  # an id that names nothing: E001 says where it looked
            scenario, problems = None, exc.problems
        for problem in problems:
            print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
        errors = sum(p.severity == "error" for p in problems)
        warnings = sum(p.severity == "warning" for p in problems)
        hints = len(problems) - errors - warnings
        also = f", {hints} hint(s)" if hints else ""
        if scenario is None:
            failed = True
            print(f"{name}: {errors} error(s), {warnings} warning(s){also}", file=sys.stderr)
        else:
            print(f"{name}: ok ({len(scenario.regions)} regions, {len(scenario.events)} events, "
                  f"{len(scenario.actions)} actions; {warnings} warning(s){also})")
    return 1 if failed else 0


def cmd_new_scenario(args: argparse.Namespace) -> int:
    try:
        path = new_scenario(args.name, Path(args.path) if args.path else None)
    except ValueError as exc:
        print(f"comintern new-scenario: {exc}", file=sys.stderr)
        return 2
    except FileExistsError as exc:
        print(f"comintern new-scenario: {exc.filename} already exists and is left as it is; "
              "choose another name, or --path another folder", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    print("next:")
    print(f"  comintern validate {path}      check it (it has no problems yet)")
    print(f"  comintern play {path} --text   play it in the terminal")
    print(f"  comintern schema -o {path.parent / SCHEMA_FILE}   for an editor that checks "
          "as you type")
    print("then edit it: every number is a placeholder; MODDING.md explains each key")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text(record_schema() if args.record else scenario_schema())
    if args.output:
        write_atomic(Path(args.output), text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    try:
        if args.sweep:
            if args.binding is not None or args.blinding is not None:
                print("comintern simulate: --binding and --blinding are for one scenario's "
                      "run; the sweep varies rigidity", file=sys.stderr)
                return 2
            rows, seconds = lab.timed_sweep(args.games, args.seed,
                                            args.scenario and [args.scenario],
                                            workers=args.workers)
            print(f"swept {len(rows)} cells of {args.games:,} games in {seconds:.1f} s")
            if args.markdown:
                lab.write_markdown(Path(args.markdown), lab.markdown_tables(rows, args.games,
                                                                             args.seed, seconds))
                print(f"wrote the tables into {args.markdown}")
        else:
            if not args.scenario:
                print("comintern simulate: name a scenario, or use --sweep", file=sys.stderr)
                return 2
            settings = Settings(rigidity=args.rigidity, binding=args.binding,
                                blinding=args.blinding)
            rows = lab.run(args.scenario, args.policy or list(PLAYER_POLICIES), settings, args.seed,
                           args.games, workers=args.workers)
            if args.report:
                print(balance_report(open_scenario(args.scenario), rows, args.games, args.seed))
                return 0
            setting = "each line's own" if args.rigidity is None else f"{args.rigidity:g}"
            apart = "".join(f", {name} {value:g}" for name, value in
                            (("binding", args.binding), ("blinding", args.blinding))
                            if value is not None)
            print(f"{rows[0]['scenario']}: {args.games:,} games per policy, seed {args.seed}, "
                  f"rigidity {setting}{apart}")
            print(lab.text_table(rows))
    except lab.OutOfMemory as exc:
        print(f"comintern simulate: {exc.message()}", file=sys.stderr)
        return 1
    except MemoryError:
        print(f"comintern simulate: out of memory for {args.games:,} games; run fewer games "
              "or fewer --workers", file=sys.stderr)
        return 1
    except BrokenProcessPool:
        print("comintern simulate: a worker process died (out of memory?); run fewer games "
              "or fewer --workers", file=sys.stderr)
        return 1
    for flag, render in ((args.csv, lab.to_csv), (args.json, lab.to_json)):
        if flag:
            write_atomic(Path(flag), render(rows))
            print(f"wrote {flag}")
    return 0


def _bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, else a one-line error."""
    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,}, "
                                             f"not {text!r}")
        return number
    return parse


def _lang_code(text: str) -> str:
    """A language code for --lang: two or three lower-case letters (de, en)."""
    try:
        wanted_language(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _share(text: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:  # NaN fails here too
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, not {text!r}")
    return number


def cmd_replay(args: argparse.Namespace) -> int:
    opened = open_log(args.file, args.scenario)
    if opened.divergence:
        print(f"{args.file}: diverges at {opened.divergence}", file=sys.stderr)
        return 1
    record = opened.session.record
    state = "ended" if record.outcome else "in progress"
    old = (f"; recorded in format {opened.upgraded_from}, upgraded by replaying its orders "
           "(comintern export FILE --json NEW writes it in today's format)"
           if opened.upgraded_from else "")
    print(f"{args.file}: {len(record.turns)} turns replayed, no divergence "
          f"({opened.scenario.name}, seed {record.seed}, game {state}{old})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if not args.csv and not args.json:
        print("comintern export: say what to write: --csv FILE, --json FILE or both",
              file=sys.stderr)
        return 2
    opened = open_log(args.file, args.scenario)
    if opened.divergence:
        print(f"{args.file}: not exported, the log does not replay: {opened.divergence}",
              file=sys.stderr)
        return 1
    record = opened.session.record
    if args.csv:
        write_atomic(Path(args.csv), turns_csv(record, Names.of(opened.tables)))
        print(f"wrote {args.csv}: {len(record.turns)} turns, one row each")
    if args.json:
        write_atomic(Path(args.json), record.to_json())
        print(f"wrote {args.json}: the log in format {record.format_version}")
    return 0


def cmd_debrief(args: argparse.Namespace) -> int:
    from game.debrief import make  # matplotlib and Jinja2 only where a report is made
    from game.debrief.classroom import log_paths

    paths = log_paths(args.logs)
    if not paths:
        print("comintern debrief: no log found in " + ", ".join(args.logs), file=sys.stderr)
        return 1
    out = Path(args.output)
    single = len(paths) == 1 and not args.class_report and not Path(args.logs[0]).is_dir()
    if single:
        opened = open_log(paths[0], args.scenario)
        if opened.divergence:
            print(f"{paths[0]}: no report: the log does not replay: {opened.divergence}",
                  file=sys.stderr)
            return 1
        report = make.write_student(opened, out, args.names, args.games)
        print(f"wrote {out}: the report of {report.name}, {report.scenario_name}, "
              f"{report.turns} turns, {len(report.moments)} moments that mattered")
        return 0
    made = make.write_class(paths, out, args.names, Path(args.csv) if args.csv else None)
    games = sum(len(s.games) for s in made.scenarios)
    print(f"wrote {out}: {games} games of {len(made.scenarios)} scenario(s)"
          + (f"; {len(made.refused)} log(s) left out, listed in the report" if made.refused
             else ""))
    for refused in made.refused:
        print(f"  left out {refused.path}: {refused.reason}", file=sys.stderr)
    if args.csv:
        print(f"wrote {args.csv}: one row per student")
    return 0


def _ask_name(lines: Iterator[str], out: TextIO) -> str:
    """The player's display name, for a teacher's report; blank is allowed."""
    print(_("Your name, as your teacher's report should show it (Enter for none):") + " ",
          end="", file=out)
    out.flush()
    while True:
        try:
            name = next(lines).strip()
        except StopIteration:
            return ""
        problem = name_problem(name)
        if problem is None:
            return name
        print("  " + _("{problem}; try again:").format(problem=problem) + " ", end="",
              file=out)
        out.flush()


def _player_name(text: str) -> str:
    problem = name_problem(text.strip())
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text.strip()


def _language(text: str) -> str:
    """An argparse type: a shipped language's code; else an error that lists them."""
    try:
        return choose_language(text)
    except UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _scenario_option(parser: argparse.ArgumentParser, whose: str = "") -> None:
    """--scenario PATH: the file a log's game was played with, when it cannot be found."""
    parser.add_argument("--scenario", metavar="PATH", help=f"the scenario file the game was "
                        f"played with{' (' + whose + ')' if whose else ''}, if it is neither "
                        "bundled nor in the mods folder")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="comintern", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    play = sub.add_parser("play", help="play a scenario", description="Play a scenario. "
                          "Answers come from the keyboard, a pipe or --answers FILE.")
    play.add_argument("scenario", nargs="?", help="a bundled id (germany) or a .yaml path")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--seed", type=_bounded(0, SEED_MAX),
                      help="the random seed (default: a new one, shown)")
    play.add_argument("--rigidity", type=float, metavar="R",
                      help="the Centre's rigidity for every line, 0 (advice) to 1 (orders)")
    play.add_argument("--resume", metavar="FILE", help="continue a recorded game")
    play.add_argument("--scenario", dest="scenario_file", metavar="PATH",
                      help="with --resume: the scenario file the game was played with, if it is "
                      "neither bundled nor in the mods folder")
    play.add_argument("--save", metavar="FILE", help="where to record the game")
    play.add_argument("--answers", metavar="FILE", help="read the answers from FILE")
    play.add_argument("--name", type=_player_name, metavar="NAME",
                      help="your name as the log and your teacher's report show it (blank "
                      "for none; asked at the start when you play at a terminal)")
    play.add_argument("--lang", type=_language, metavar="CODE",
                      help="the language of the game's own words: "
                      + ", ".join(f"{c} ({n})" for c, n in LANGUAGES.items())
                      + " (default: the window's setting, else the system's language, else "
                      "English); the scenario's texts follow where it is translated")
    play.set_defaults(run=cmd_play)

    validate = sub.add_parser("validate", help="check scenario files",
                              description="Check scenario files and print every problem as "
                              "file:line:col. Exits 1 if any file has an error.")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--lang", type=_lang_code, metavar="CODE",
                          help="also check the translation into this language (de): its "
                          "missing texts (W309) and the keys the original lacks (W310)")
    validate.set_defaults(run=cmd_validate)

    new = sub.add_parser("new-scenario", help="write a new scenario from the template",
                         description="Write a commented skeleton of a scenario that validates "
                         "and plays: two regions, three events, a goal, outcomes and a score. "
                         "It goes into your mods folder unless --path names another folder, "
                         "and an existing file is never overwritten.")
    new.add_argument("name", metavar="NAME", help="the scenario's id and file name: lower-case "
                     "letters, digits and underscores (britain_1929)")
    new.add_argument("--path", metavar="DIR", help=f"the folder to write into (default: "
                     f"{mods_dir()})")
    new.set_defaults(run=cmd_new_scenario)

    schema = sub.add_parser(
        "schema", help="write the JSON Schema of the scenario format",
        description="Write the JSON Schema of a scenario file as written (before its includes "
        "are merged), for an editor that checks and completes as you type. Write it beside "
        f"your scenario as {SCHEMA_FILE}; the file's line '{MODELINE}' ties it to the schema "
        "(MODDING.md, section 2).")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    schema.add_argument("--record", action="store_true",
                        help="the schema of a game's log (its record) instead")
    schema.set_defaults(run=cmd_schema)

    simulate = sub.add_parser(
        "simulate", help="run many games at once under a policy",
        description="Run many games of a scenario at once in the batched engine, with a "
        "policy playing the party, and print a table of outcomes with their spreads. "
        "--sweep runs every player policy in every scenario at each line's own rigidity and at "
        "0, 0.25, 0.5, 0.75 and 1, and the judging policies with binding and blinding apart.",
        epilog="player policies (they see only what a player sees): "
        + ", ".join(PLAYER_POLICIES) + ". Oracles (they read the true conditions, which no "
        "player sees; never evidence of what a player could do): " + ", ".join(ORACLES)
        + ". historical follows the scenario's history script.")
    simulate.add_argument("scenario", nargs="?", help="a bundled id or a .yaml path")
    simulate.add_argument("--policy", action="append", choices=list(POLICIES),
                          help="a policy (repeatable; default: every player policy)")
    simulate.add_argument("--rigidity", type=float, metavar="R",
                          help="the Centre's rigidity for every line (default: each line's)")
    simulate.add_argument("--binding", type=_share, metavar="B",
                          help="what deviating costs in trust, apart from rigidity (default: "
                          "as rigidity)")
    simulate.add_argument("--blinding", type=_share, metavar="B",
                          help="how far doctrine bends the Centre's picture and choice, apart "
                          "from rigidity (default: as rigidity)")
    simulate.add_argument("--seed", type=_bounded(0, SEED_MAX), default=1,
                          help="the random seed (default 1)")
    simulate.add_argument("--games", type=_bounded(1, lab.MAX_GAMES), default=1000,
                          help=f"games per policy and setting, up to {lab.MAX_GAMES:,} "
                          "(default 1000)")
    simulate.add_argument("--workers", type=_bounded(1, lab.MAX_WORKERS), default=1,
                          metavar="N", help="play the games in N processes; the rows are the "
                          "same for any N (default 1)")
    simulate.add_argument("--sweep", action="store_true", help="every scenario, policy, rigidity")
    simulate.add_argument("--report", action="store_true",
                          help="for a scenario's author: how often each event fires, each goal "
                          "is met and each outcome is reached under the player policies, and "
                          "what is almost never or almost always true")
    simulate.add_argument("--csv", metavar="FILE", help="also write the rows as CSV")
    simulate.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    simulate.add_argument("--markdown", metavar="FILE",
                          help="with --sweep: put the tables into FILE (docs/ARGUMENT.md)")
    simulate.set_defaults(run=cmd_simulate)

    rep = sub.add_parser("replay", help="re-run a game record and check it",
                         description="Re-run a game record from its seed and orders and report "
                         "the first divergence (turn, field, values). Exits 1 on a mismatch, a "
                         "changed scenario or a damaged file.")
    rep.add_argument("file", metavar="FILE")
    _scenario_option(rep)
    rep.set_defaults(run=cmd_replay)

    debrief = sub.add_parser(
        "debrief", help="write a report of a game for a student, or of many for a class",
        description="Replay game logs and write a self-contained HTML report. One log: the "
        "student's report, with the moments that mattered and what other answers would have "
        "brought. Several logs, a folder or a glob: the class report. A log that does not "
        "parse, verify or replay is listed and left out.")
    debrief.add_argument("logs", nargs="+", metavar="LOG", help="log files, folders or globs")
    debrief.add_argument("-o", "--output", required=True, metavar="FILE",
                         help="the HTML file to write")
    debrief.add_argument("--names", action="store_true", help="show the names students gave "
                         "(default: a pseudonym made from each game)")
    debrief.add_argument("--class", dest="class_report", action="store_true",
                         help="a class report even of one log")
    debrief.add_argument("--csv", metavar="FILE", help="with a class report: one row per "
                         "student, for a spreadsheet")
    debrief.add_argument("--games", type=_bounded(0, 10_000), default=200, metavar="N",
                         help="fresh-luck games per answer at each moment (default 200)")
    _scenario_option(debrief, "of a single log")
    debrief.set_defaults(run=cmd_debrief)

    export = sub.add_parser("export", help="write a game's log as a spreadsheet or anew",
                            description="Replay a game's log and write it out: --csv one row "
                            "of facts per turn, for a spreadsheet; --json the log in today's "
                            "format (a log of an older format is upgraded).")
    export.add_argument("file", metavar="LOG")
    export.add_argument("--csv", metavar="FILE", help="one row per turn")
    export.add_argument("--json", metavar="FILE", help="the log in today's format")
    _scenario_option(export)
    export.set_defaults(run=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The `comintern` command: every word it prints passes through `Printable`."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Printable(out), Printable(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "rigidity", None) is not None and not 0.0 <= args.rigidity <= 1.0:
        print("comintern: --rigidity must be between 0 and 1", file=sys.stderr)
        return 2
    try:
        code: int = args.run(args)
    except ProblemError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n" + _("interrupted; the last complete turn is saved"), file=sys.stderr)
        return 130
    except UnicodeDecodeError:
        print("comintern: the answers are not UTF-8 text", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"comintern: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except MemoryError:
        print("comintern: out of memory; try a smaller run", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
