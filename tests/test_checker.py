"""The scenario checker without holes: one test per problem modders met.

Each test breaks a copy of tests/data/tiny.yaml (two regions, the shared
catalogues) and asserts the exact file:line:col of the problem and the key
part of its wording. Positions are looked up in the broken text itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.loader import check_file, content_hash, load_scenario
from engine.problems import SILENCEABLE, Problem, ProblemError
from engine.yamlsafe import parse_yaml
from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TINY = (ROOT / "tests" / "data" / "tiny.yaml").read_text(encoding="utf-8")

EVENT = """\
  - id: {ident}
    title: A probe
    text: Inserted by a test.
    source: the test suite
    date: {date}
"""


def events(*items: str) -> str:
    """An `events:` section to append to tiny.yaml."""
    return "events:\n" + "".join(items)


def probe(ident: str, *lines: str, date: str = "1921-01") -> str:
    return EVENT.format(ident=ident, date=date) + "".join(f"    {line}\n" for line in lines)


class Broken:
    """A broken copy of tiny.yaml, checked the way `comintern validate` checks it."""

    def __init__(self, tmp_path: Path, text: str) -> None:
        self.path = tmp_path / "broken.yaml"
        self.path.write_text(text, encoding="utf-8")
        self.text = text
        self.scenario, self.problems = check_file(self.path, [SCENARIOS])

    def where(self, needle: str, after: str = "") -> tuple[str, int, int]:
        index = self.text.index(needle, self.text.index(after) if after else 0)
        line = self.text.count("\n", 0, index) + 1
        col = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return str(self.path), line, col

    def at(self, needle: str, after: str = "") -> Problem:
        """The only problem of the file, which must stand at `needle`."""
        assert len(self.problems) == 1, self.report()
        problem = self.problems[0]
        assert (problem.file, problem.line, problem.col) == self.where(needle, after), \
            self.report()
        return problem

    def report(self) -> str:
        return "\n".join(map(str, self.problems))


def broken(tmp_path: Path, old: str, new: str, extra: str = "") -> Broken:
    assert old in TINY, old
    return Broken(tmp_path, TINY.replace(old, new, 1) + extra)


# --- numbers --------------------------------------------------------------------------

def test_inf_in_a_share_says_the_range(tmp_path: Path) -> None:
    b = broken(tmp_path, "influence: 0.05", "influence: .inf")
    problem = b.at(".inf")
    assert problem.code == "E200"
    assert problem.message == "regions[1] (farms).influence: must be a number from 0 to 1, not inf"


def test_nan_in_the_funds_is_refused(tmp_path: Path) -> None:
    b = broken(tmp_path, "funds: 20", "funds: .nan")
    problem = b.at(".nan")
    assert problem.message == "party.funds: must be a number from 0 to 1,000,000,000, not nan"


def test_1e999_in_an_effect_is_refused(tmp_path: Path) -> None:
    b = broken(tmp_path, "x", "x", events(probe("big_effect", "effects: {influence: 1e999}")))
    problem = b.at("1e999")
    assert problem.message == "events[0] (big_effect).effects.influence: must be a number " \
        "from -1 to 1, not inf"


def test_inf_in_a_score_weight_is_refused(tmp_path: Path) -> None:
    b = broken(tmp_path, "{quantity: alive, weight: 50}", "{quantity: alive, weight: .inf}")
    problem = b.at(".inf")
    assert problem.message == "score[0].weight: must be a number from -1,000 to 1,000, not inf"


def test_exponent_without_a_dot_is_read_as_a_number() -> None:
    doc = parse_yaml("a: 1e308\nb: 2e5\nc: -3E-2\nd: 1e999\ne: '1e5'\nf: e5\n", "t.yaml")
    assert doc.data == {"a": 1e308, "b": 2e5, "c": -3e-2, "d": float("inf"), "e": "1e5",
                        "f": "e5"}


def test_capacity_in_exponent_form_is_a_number_with_a_range(tmp_path: Path) -> None:
    b = broken(tmp_path, "capacity: 150000", "capacity: 1e308")
    problem = b.at("1e308")
    assert problem.message == "party.capacity: must be a whole number from 1 to " \
        "1,000,000,000, not 1e+308"
    fine = broken(tmp_path, "capacity: 150000", "capacity: 2e5")
    assert fine.problems == [] and fine.scenario is not None
    assert fine.scenario.party.capacity == 200_000


# --- keys -------------------------------------------------------------------------

def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    b = broken(tmp_path, "x", "x", events(probe("envoy_probe", "effects: {envoy_turn: 1}")))
    problem = b.at("envoy_turn")
    assert problem.message == "unknown key 'envoy_turn' in events[0] (envoy_probe).effects. " \
        'Did you mean "envoy_turns"?'


def test_misspelt_required_key_is_one_problem(tmp_path: Path) -> None:
    b = broken(tmp_path, "\nregions:\n", "\nregoins:\n")
    problem = b.at("regoins")
    assert problem.message == "unknown key 'regoins' in the file. Did you mean \"regions\"?"


def test_duplicate_id_says_where_it_was_first_used(tmp_path: Path) -> None:
    b = broken(tmp_path, "id: farms", "id: mill")
    problem = b.at("mill", after="Industrial.")
    _, line, col = b.where("mill")
    assert problem.code == "E201"
    assert problem.message == f'the region id "mill" is used twice; it is first used at ' \
        f"{line}:{col}"


# --- shape and references together ------------------------------------------------

def test_shape_and_reference_problems_are_reported_together(tmp_path: Path) -> None:
    b = broken(tmp_path, "influence: 0.05", "influence: 5", events(
        probe("bad_chance", "chance: often"),
        probe("bad_region", "regions: [mil]"),
        probe("names_the_broken_region", "regions: [farms]")))
    spots = {(p.file, p.line, p.col): p for p in b.problems}
    assert set(spots) == {b.where("5\n", after="Agrarian."), b.where("often"),
                          b.where("mil]")}, b.report()
    assert "must be a number from 0 to 1, not 'often'" in spots[b.where("often")].message
    ref = spots[b.where("mil]")]
    assert ref.code == "E203"
    assert ref.message == 'unknown region "mil". Did you mean "mill"?'


# --- YAML -------------------------------------------------------------------------

def test_a_tab_gets_a_hint(tmp_path: Path) -> None:
    b = broken(tmp_path, "    name: Mill town", "\tname: Mill town")
    problem = b.at("\tname")
    assert problem.message.endswith("YAML indents with spaces, not tabs: replace the tab with "
                                    "spaces")


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("    name: Mill town", "     name: Mill town", ": Mill"),  # one space too many
    ("    summary: Agrarian.", "  summary: Agrarian.", "summary: Agrarian"),  # too few
])
def test_bad_indentation_gets_a_hint(tmp_path: Path, old: str, new: str, needle: str) -> None:
    b = broken(tmp_path, old, new)
    problem = b.at(needle)
    assert problem.message.startswith("not valid YAML: ")
    assert problem.message.endswith("check the indentation of this line against the one above")


# --- dates ------------------------------------------------------------------------

@pytest.mark.parametrize("month", ["1920-1", "1920-13", "1920-01-05", "January 1920"])
def test_a_bad_month_shows_the_expected_form(tmp_path: Path, month: str) -> None:
    b = broken(tmp_path, "start: 1920-01", f"start: {month}")
    problem = b.at(month)
    assert problem.message == f"start: must be a month written YYYY-MM, e.g. 1923-10, not " \
        f"'{month}'"


def test_a_year_alone_shows_the_expected_form(tmp_path: Path) -> None:
    b = broken(tmp_path, "start: 1920-01", "start: 1920")
    assert b.at("1920\n").message == "start: must be a month written YYYY-MM, e.g. 1923-10, " \
        "not 1920"


def test_an_id_in_the_wrong_form_says_the_form(tmp_path: Path) -> None:
    b = broken(tmp_path, "id: farms", "id: Farms")
    assert b.at("Farms").message == "regions[1] (Farms).id: must be an id: lower-case letters, " \
        "digits and underscores, starting with a letter, not 'Farms'"


def test_a_path_names_the_items_id(tmp_path: Path) -> None:
    items = [probe(f"event_{k}") for k in range(12)] + [probe("office_informer", "chance: 2")]
    b = broken(tmp_path, "x", "x", events(*items))
    problem = b.at("2\n", after="office_informer")
    assert problem.message.startswith("events[12] (office_informer).chance: ")


def test_an_end_before_the_start_is_one_error(tmp_path: Path) -> None:
    b = broken(tmp_path, "end: 1924-12", "end: 1919-06", events(
        probe("dated", date="1921-01"), probe("later", date="1923-01")))
    problem = b.at("1919-06")
    assert problem.code == "E210"
    assert problem.message == "the scenario ends (1919-06) before it starts (1920-01)"


# --- severities, codes and silence ------------------------------------------------

def test_a_silenced_warning_is_not_reported(tmp_path: Path) -> None:
    extra = events(probe("never", "chance: 0"))
    loud = broken(tmp_path, "x", "x", extra)
    assert [p.code for p in loud.problems] == ["W304"]
    quiet = broken(tmp_path, "\nregions:", "\nsilence: [W304]\nregions:", extra)
    assert quiet.problems == [], quiet.report()
    assert quiet.scenario is not None and loud.scenario is not None
    assert content_hash(quiet.scenario) == content_hash(loud.scenario)


def test_silencing_an_error_is_an_error(tmp_path: Path) -> None:
    b = broken(tmp_path, "\nregions:", "\nsilence: [E203]\nregions:")
    problem = b.at("E203")
    assert (problem.severity, problem.code) == ("error", "E217")
    assert problem.message == "E203 is an error, and errors cannot be silenced: fix what it " \
        "reports"
    assert b.scenario is None


def test_silencing_an_unknown_code_is_an_error(tmp_path: Path) -> None:
    b = broken(tmp_path, "\nregions:", "\nsilence: [W399]\nregions:")
    problem = b.at("W399")
    assert problem.code == "E217"
    assert "there is no warning or hint W399" in problem.message


def test_a_silence_entry_that_is_not_a_code_says_the_form(tmp_path: Path) -> None:
    b = broken(tmp_path, "\nregions:", "\nsilence: [W3O4]\nregions:")
    assert b.at("W3O4").message == "silence[0]: must be a warning's code, such as W301 (a " \
        "letter and three digits), not 'W3O4'"


def test_silencing_a_code_the_file_does_not_raise_is_a_hint(tmp_path: Path) -> None:
    b = broken(tmp_path, "\nregions:", "\nsilence: [W301]\nregions:")
    problem = b.at("W301")
    assert (problem.severity, problem.code) == ("hint", "H301")
    assert str(problem).startswith(f"{b.path}:")
    assert " hint H301: silence lists W301, but this file raises no W301" in str(problem)
    assert b.scenario is not None  # a hint does not stop the file loading


def test_every_code_is_in_the_table_of_codes() -> None:
    """Each code the checkers can give is documented in MODDING.md's table, and only those."""
    source = "".join(p.read_text(encoding="utf-8") for folder in ("engine", "game")
                     for p in (ROOT / folder).rglob("*.py"))
    used = set(re.findall(r'"([EWH]\d{3})"', source))
    modding = (ROOT / "MODDING.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| ([EWH]\d{3}) \|", modding, flags=re.MULTILINE))
    assert used - table == set(), "codes missing from MODDING.md's table"
    assert {c for c in table if c[0] in "WH"} == set(SILENCEABLE)


def test_the_game_loads_through_the_same_checker(tmp_path: Path) -> None:
    b = broken(tmp_path, "influence: 0.05", "influence: .inf", events(
        probe("bad_region", "regions: [mil]")))
    with pytest.raises(ProblemError) as info:
        load_scenario(b.path, [SCENARIOS])
    assert info.value.problems == b.problems and len(b.problems) == 2


def test_validate_prints_file_line_col_and_exits_1(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    b = broken(tmp_path, "influence: 0.05", "influence: .inf")
    code = main(["validate", str(b.path)])
    out, err = capsys.readouterr()
    _, line, col = b.where(".inf")
    assert code == 1
    assert f"{b.path}:{line}:{col}: error E200: regions[1] (farms).influence: must be a number " \
        "from 0 to 1, not inf" in err
    assert "Traceback" not in out + err
