"""The debrief by its content: play every bundled scenario with a mix of answers, write the
log, replay it, write the student's report and read the report back with `html.parser`.

Every expected number is read from the log's own facts (`engine.facts`) or from the
engine, never written here: the tests hold while the rules are being tuned.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from debrief_helpers import (
    SCENARIOS,
    Node,
    Page,
    active_content,
    assert_affine,
    edited,
    entries_of,
    mean_influence,
    play,
    plotted,
    read_page,
    series_of,
    tables_of,
    write_log,
)

from engine.counterfactual import alternatives_at, moments, openings
from engine.facts import Turn
from engine.record import GameRecord
from game import narrate
from game.cli import main
from game.export import picture_gap
from game.files import bundled_ids

SEEDS = (1, 2)
GAMES = 6  # fresh-luck games per answer: enough to fill the tables, quick to play
CHART_SERIES = {"chart-members": ["members"], "chart-influence": ["influence", "trust"],
                "chart-fit": ["in Moscow's picture", "in truth"], "chart-gap": ["gap"]}


@dataclass(frozen=True)
class Reported:
    ident: str
    seed: int
    log: Path
    record: GameRecord
    entries: list[Turn]
    page: Page
    said: str  # what `comintern debrief` printed


def test_every_bundled_scenario_is_covered() -> None:
    assert sorted(bundled_ids()) == sorted(SCENARIOS)


@pytest.fixture(scope="module", params=[(i, s) for i in SCENARIOS for s in SEEDS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def reported(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Reported:
    ident, seed = request.param
    folder = tmp_path_factory.mktemp(f"{ident}{seed}")
    log = write_log(play(ident, seed), folder / "game.json")
    out = folder / "report.html"
    said = _run(["replay", str(log)])
    assert "no divergence" in said, said
    said = _run(["debrief", str(log), "-o", str(out), "--games", str(GAMES)])
    record, entries = entries_of(log)
    return Reported(ident, seed, log, record, entries, read_page(out), said)


def _run(argv: list[str], code: int = 0) -> str:
    """Run `comintern` in this process (module fixtures cannot use capsys); what it said."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        got = main(argv)
    assert got == code, f"comintern {' '.join(argv)}: exit {got}\n{out.getvalue()}\n" \
        f"{err.getvalue()}"
    return out.getvalue() + err.getvalue()


def _close(cell: str, value: float | None, places: int) -> bool:
    if value is None:
        return cell == ""
    return abs(float(cell.replace(",", "")) - value) <= 0.5 * 10 ** -places + 1e-9


# -- the round trip ---------------------------------------------------------------

def test_the_game_is_long_and_varied(reported: Reported) -> None:
    """The fixture plays a whole game with every kind of answer, so the report has work."""
    assert reported.record.outcome is not None
    answers = Counter(e.response for e in reported.entries)
    assert len(answers) >= 4, answers
    assert reported.record.turns[-1].record.turn == len(reported.entries) - 1


def test_the_report_says_what_it_wrote(reported: Reported) -> None:
    found = moments(reported.entries)
    assert f"{len(reported.entries)} turns, {len(found)} moments that mattered" in reported.said
    sub = reported.page.root.find("p", class_="sub")[0].all_text()
    assert f"seed {reported.seed}" in sub and f"{len(reported.entries)} turns" in sub
    assert f"{reported.entries[0].date} to {reported.entries[-1].date}" in sub


def test_the_ending_is_the_logs(reported: Reported) -> None:
    ending = reported.record.outcome
    assert ending is not None
    names = narrate.Names.of(tables_of(reported.ident))
    card = reported.page.root.find("div", class_="yours")[0].all_text()
    assert names.outcome(ending.category).title in card
    assert f"Score {ending.score:.1f} of 100" in card
    verdict = reported.page.root.find("div", class_="history")[0].all_text()
    assert ("as in history" in verdict) == ending.as_in_history
    parts = _rows(reported.page.root.by_id("ending").find("table", class_="parts")[0])
    assert [float(row[1]) for row in parts[1:]] == pytest.approx(
        [round(p, 1) for p in ending.score_parts], abs=0.051)


def _rows(table: Node) -> list[list[str]]:
    return [[" ".join(c.all_text().split()) for c in row.children if c.tag in ("td", "th")]
            for row in table.find("tr")]


# -- the numbers behind the charts are the log's facts, turn by turn -----------------

def test_the_party_table_is_the_logs_facts(reported: Reported) -> None:
    rows = reported.page.table("timeline-party")
    assert rows[0] == ["Turn", "Date", "Your answer", "Members", "Influence", "Trust"]
    assert len(rows) - 1 == len(reported.entries)
    for row, e in zip(rows[1:], reported.entries, strict=True):
        assert row[:3] == [str(e.turn + 1), e.date, e.response]
        assert _close(row[3], e.party.members, 0), (e.turn, row)
        assert _close(row[4], mean_influence(e), 4), (e.turn, row)
        assert _close(row[5], e.centre.trust_after, 4), (e.turn, row)


def test_the_fit_table_is_the_logs_facts(reported: Reported) -> None:
    rows = reported.page.table("timeline-fit")
    assert len(rows) - 1 == len(reported.entries)
    gaps = 0
    for row, e in zip(rows[1:], reported.entries, strict=True):
        assert row[:2] == [str(e.turn + 1), e.date]
        assert _close(row[2], e.directive.fit_moscow_believes, 4), (e.turn, row)
        assert _close(row[3], e.directive.fit_true, 4), (e.turn, row)
        gap = picture_gap(e)
        assert _close(row[4], gap, 4), (e.turn, row)
        gaps += gap is not None
    assert gaps > len(reported.entries) // 2  # Moscow gave orders most turns


@pytest.mark.parametrize("chart", sorted(CHART_SERIES))
def test_each_chart_plots_the_logs_values(reported: Reported, chart: str) -> None:
    """Every series is drawn with one point per turn that has a value, at the place its
    value and its turn give (one linear map per axis), and nothing else is called so."""
    div = reported.page.root.by_id(chart)
    assert "chart" in (div.attrs.get("class") or "").split()
    svgs = div.find("svg")
    assert len(svgs) == 1
    values = series_of(reported.entries)
    turns_drawn = 0
    for gid in CHART_SERIES[chart]:
        points = plotted(svgs[0], gid)
        wanted = [(k, v) for k, v in enumerate(values[gid]) if v is not None]
        assert len(points) == len(wanted), (gid, len(points), len(wanted))
        assert_affine([float(k) for k, _v in wanted], [x for x, _y in points], f"{gid} x")
        assert_affine([float(v) for _k, v in wanted], [y for _x, y in points], f"{gid} y")
        ys = [y for _x, y in points]  # SVG's y runs down: the largest value is drawn highest
        assert ys[[v for _k, v in wanted].index(max(v for _k, v in wanted))] == min(ys)
        turns_drawn = max(turns_drawn, len(points))
    assert turns_drawn >= len(reported.entries) // 2  # Moscow gave orders most turns


def test_every_chart_holds_an_svg_with_a_point_per_turn(reported: Reported) -> None:
    charts = reported.page.root.find("div", class_="chart")
    assert {c.attrs.get("id") for c in charts} == set(CHART_SERIES)
    for div in charts:
        svg = div.find("svg")
        assert len(svg) == 1, div.attrs
        drawn = max(len(plotted(svg[0], gid)) for gid in CHART_SERIES[str(div.attrs["id"])])
        # members and influence every turn; fit and gap every turn Moscow gave an order
        ordered = sum(e.directive.action is not None for e in reported.entries)
        wanted = len(reported.entries) if div.attrs["id"] in ("chart-members",
                                                              "chart-influence") else ordered
        assert drawn >= wanted, (div.attrs, drawn, wanted)


# -- the moments ---------------------------------------------------------------------

def test_every_moment_is_listed_with_its_alternatives(reported: Reported) -> None:
    tables = tables_of(reported.ident)
    found = moments(reported.entries)
    assert found, "a varied whole game has moments that mattered"
    listed = {n.attrs["id"] for n in reported.page.root.find("div", class_="moment")}
    assert listed == {f"moment-{m.turn}" for m in found}
    orders = [t.orders for t in reported.record.turns]
    states = openings(tables, reported.record.seed, reported.record.game, orders)
    for m in found:
        div = reported.page.root.by_id(f"moment-{m.turn}")
        assert div.find("h3")[0].all_text().startswith(reported.entries[m.turn].date)
        assert narrate.moment_words(m.kinds) in div.all_text()
        rows = _rows(div.find("table")[0])[1:]
        options = alternatives_at(tables, states[m.turn], orders[m.turn])
        assert len(rows) == len(options)
        assert "(your choice)" in rows[0][0] and all("(your choice)" not in r[0]
                                                    for r in rows[1:])
        assert f"Fresh luck ({GAMES} games)" in div.all_text()


def test_the_same_luck_of_your_own_choice_is_your_game(reported: Reported) -> None:
    """The chosen answer replayed with the same luck is the game itself: its ending and
    score in every moment's first row are the log's."""
    ending = reported.record.outcome
    assert ending is not None
    title = narrate.Names.of(tables_of(reported.ident)).outcome(ending.category).title
    for div in reported.page.root.find("div", class_="moment"):
        mine = _rows(div.find("table")[0])[1]
        assert mine[1] == title and mine[2] == f"{ending.score:.0f}", (div.attrs, mine)


# -- nothing runs --------------------------------------------------------------------

def test_the_report_holds_no_script_and_no_handler(reported: Reported) -> None:
    assert active_content(reported.page) == []
    meta = [dict(a) for t, a in reported.page.tags if t == "meta"
            and dict(a).get("http-equiv") == "Content-Security-Policy"]
    assert len(meta) == 1
    policy = meta[0]["content"] or ""
    assert "default-src 'none'" in policy and "script-src" not in policy
    # and nothing is fetched: every reference points inside the page
    for tag, attrs in reported.page.tags:
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value:
                assert value.startswith("#"), (tag, name, value)


# -- the class report ----------------------------------------------------------------

@dataclass(frozen=True)
class ClassRun:
    folder: Path
    logs: dict[str, Path]  # log file name -> path
    page: Page
    named: Page
    csv: dict[str, dict[str, str]]  # log file name -> its row
    said: str


# the class: three Germany games and one of China, each under a name its student gave
NAMES = {"g1.json": "Ada Example", "g2.json": "Boris Example", "g3.json": "Clara Example",
         "c1.json": "Dmitri Example"}


def _csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {Path(row["log"]).name: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def class_run(tmp_path_factory: pytest.TempPathFactory) -> ClassRun:
    folder = tmp_path_factory.mktemp("class")
    logs = {name: write_log(play("germany" if name[0] == "g" else "china", int(name[1]), player),
                            folder / name) for name, player in NAMES.items()}
    out, named, table = (folder.parent / "class.html", folder.parent / "named.html",
                         folder.parent / "class.csv")
    said = _run(["debrief", str(folder), "-o", str(out), "--csv", str(table)])
    _run(["debrief", *map(str, logs.values()), "-o", str(named), "--names"])
    return ClassRun(folder, logs, read_page(out), read_page(named), _csv(table), said)


def _games_table(page: Page, scenario: str) -> dict[str, list[str]]:
    """The students' table of a scenario, by student name."""
    rows = page.table(f"{scenario}-games")
    assert rows[0][:2] == ["No.", "Student"]
    return {row[1]: row for row in rows[1:]}


def test_the_class_is_grouped_by_scenario(class_run: ClassRun) -> None:
    sections = [n.attrs["id"] for n in class_run.page.root.find("section", class_="scenario")]
    assert sections == ["scenario-china", "scenario-germany"]  # the folder's files by name
    assert len(_games_table(class_run.page, "germany")) == 3
    assert len(_games_table(class_run.page, "china")) == 1
    assert f"wrote {class_run.folder.parent / 'class.html'}: 4 games of 2 scenario(s)" \
        in class_run.said
    assert active_content(class_run.page) == [] and active_content(class_run.named) == []
    assert not class_run.page.root.find(id="refused")


def test_the_students_table_is_the_logs_facts(class_run: ClassRun) -> None:
    numbers = []
    for file, log in class_run.logs.items():
        record, entries = entries_of(log)
        ident = record.scenario.id
        ending = record.outcome
        assert ending is not None
        row = _games_table(class_run.page, ident)[class_run.csv[file]["student"]]
        numbers.append(int(row[0]))
        tables = tables_of(ident)
        title = narrate.Names.of(tables).outcome(ending.category).title
        assert row[2] == title + (" (as in history)" if ending.as_in_history else "")
        assert row[3] == f"{ending.score:.1f}"
        ordered = [e for e in entries if e.directive.action is not None]
        obeyed = sum(e.response == "comply" for e in ordered) / len(ordered)
        assert row[4] == f"{100 * obeyed:.0f} %"
        script = tables.scenario.history
        real = [(e, [s for s in script if s.start <= e.date]) for e in entries]
        unlike = [e.response != steps[-1].response for e, steps in real if steps]
        assert row[5] == f"{100 * sum(unlike) / len(unlike):.0f} %"
        assert row[6] == str(narrate.misfits_obeyed(entries, narrate.Names.of(tables))[0])
        assert row[7] == str(len(entries))
    assert sorted(numbers) == list(range(1, len(class_run.logs) + 1))


def test_the_endings_and_the_mean_gap_are_the_logs(class_run: ClassRun) -> None:
    for ident in ("germany", "china"):
        logs = [entries_of(p) for name, p in class_run.logs.items() if name[0] == ident[0]]
        names = narrate.Names.of(tables_of(ident))
        counted = Counter(names.outcome(r.outcome.category).title for r, _e in logs
                          if r.outcome)
        rows = class_run.page.table(f"{ident}-outcomes")[1:]
        assert {row[0]: int(row[1]) for row in rows if int(row[1])} == dict(counted)
        history = tables_of(ident).scenario.historical.outcome
        assert [row[2] for row in rows].count("history's ending") == 1
        assert next(row for row in rows if row[2])[0] == names.outcome(history).title
        gap_rows = class_run.page.table(f"{ident}-gap-table")[1:]
        assert len(gap_rows) == max(len(e) for _r, e in logs)
        for k, row in enumerate(gap_rows):
            gaps = [g for _r, e in logs if k < len(e) for g in [picture_gap(e[k])]
                    if g is not None]
            assert _close(row[2], sum(gaps) / len(gaps) if gaps else None, 4), (ident, k, row)


def test_the_csv_has_one_row_per_student(class_run: ClassRun) -> None:
    assert set(class_run.csv) == set(class_run.logs)
    text = (class_run.folder.parent / "class.csv").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1 + len(class_run.logs)
    for file, log in class_run.logs.items():
        record, entries = entries_of(log)
        row = class_run.csv[file]
        assert row["scenario"] == record.scenario.id and int(row["turns"]) == len(entries)
        assert record.outcome is not None
        assert float(row["score"]) == pytest.approx(record.outcome.score)
        responses = Counter(e.response for e in entries)
        assert [int(row[c]) for c in ("complied", "adapted", "consulted", "stalled", "defied")] \
            == [responses[r] for r in ("comply", "adapt", "consult", "stall", "defy")]
        assert row["student"].startswith("Student ")
    assert not set(NAMES.values()) & {row["student"] for row in class_run.csv.values()}


def test_pseudonyms_are_stable_and_not_made_from_the_name(class_run: ClassRun,
                                                          tmp_path: Path) -> None:
    names = {file: row["student"] for file, row in class_run.csv.items()}
    assert len(set(names.values())) == len(names)  # four games, four pseudonyms
    assert set(names.values()) == set(_games_table(class_run.page, "germany")) \
        | set(_games_table(class_run.page, "china"))
    # the same game played under no name, in a student's report: the same pseudonym
    nameless = write_log(play("germany", 1), tmp_path / "nameless.json")
    _run(["debrief", str(nameless), "-o", str(tmp_path / "one.html"), "--games", "0"])
    sub = read_page(tmp_path / "one.html").root.find("p", class_="sub")[0].all_text()
    assert sub.split(" · ")[0].strip() == names["g1.json"]
    # the name changed in the file, and a log copied under another file name, in a class
    # of other logs: the same pseudonyms
    again = tmp_path / "again"
    again.mkdir()
    edited(class_run.logs["g3.json"], again / "renamed.json",
           lambda data: data.update(player="Somebody Else"))
    shutil.copy(class_run.logs["c1.json"], again / "copied.json")
    _run(["debrief", str(again), "-o", str(tmp_path / "again.html"), "--csv",
          str(tmp_path / "again.csv")])
    found = _csv(tmp_path / "again.csv")
    assert found["renamed.json"]["student"] == names["g3.json"]
    assert found["copied.json"]["student"] == names["c1.json"]


def test_names_show_only_when_asked(class_run: ClassRun) -> None:
    for name in NAMES.values():
        assert name not in class_run.page.raw
    named = {**_games_table(class_run.named, "germany"), **_games_table(class_run.named, "china")}
    assert set(named) == set(NAMES.values())
    for file, name in NAMES.items():
        record, _entries = entries_of(class_run.logs[file])
        assert named[name][7] == str(len(record.turns))
        assert record.outcome is not None
        assert named[name][3] == f"{record.outcome.score:.1f}"
    assert "by name" in class_run.named.root.find("p", class_="sub")[0].all_text()
    assert "pseudonyms" in class_run.page.root.find("p", class_="sub")[0].all_text()


def test_a_glob_and_class_make_a_class_report_of_one_log(class_run: ClassRun,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "glob.html"
    said = _run(["debrief", str(class_run.folder / "c*.json"), "--class", "-o", str(out)])
    assert "1 games of 1 scenario(s)" in said
    page = read_page(out)
    assert set(_games_table(page, "china")) == {class_run.csv["c1.json"]["student"]}
    assert not page.root.find(id="scenario-germany")


# -- an installed copy has the debrief too -------------------------------------------

def test_the_debrief_and_its_templates_are_packaged() -> None:
    """.ci/run and every player install the wheel, not this folder: each package and each
    template the debrief reads must be in it."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"]
    packages = set(config["packages"])
    for top in ("engine", "game", "scenarios", "assets"):
        for init in (root / top).rglob("__init__.py"):
            name = ".".join(init.parent.relative_to(root).parts)
            assert name in packages, f"{name} is not in pyproject's packages"
    patterns = config["package-data"]["assets"]
    for path in (root / "assets" / "debrief").iterdir():
        relative = path.relative_to(root / "assets").as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), f"assets/{relative}"


def test_a_report_is_made_with_the_cycle_collector_paused_and_restored() -> None:
    import gc

    from game.debrief.heap import collector_paused
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller's own pause stays
    finally:
        gc.enable()
