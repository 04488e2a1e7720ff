"""A mod changes the shared catalogues by id (issue 9, item 2): `override: merge` changes
the keys it gives, `override: replace` the whole entry; an unmarked entry with a
catalogue's id replaces it with warning W307, and an override of nothing is E219."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loader import check_file, content_hash
from engine.model import Scenario
from engine.problems import Problem
from game.files import new_scenario, scenarios_dir

ACTIONS = scenarios_dir() / "common" / "actions.yaml"
FULL_STRIKE = """\
  - id: strike
    {marker}name: Mass strike
    summary: Call out the workers.
    fit: {{base: 0.3}}
    risk: 0.2
    success: {{influence: 0.05}}
    setback: {{name: Strike broken, text: The police break the strike., effects: {{}}}}
"""


class Mod:
    """A scenario from the template, in a folder of its own, with text put in."""

    def __init__(self, folder: Path) -> None:
        self.path = new_scenario("ruritania", folder)

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def before(self, anchor: str, text: str) -> Mod:
        old = self.text()
        assert anchor in old, anchor
        self.path.write_text(old.replace(anchor, text + anchor, 1), encoding="utf-8")
        return self

    def actions(self, text: str) -> Mod:
        return self.before("\nregions:", "\nactions:\n" + text)

    def check(self) -> tuple[Scenario | None, list[Problem]]:
        return check_file(self.path, [scenarios_dir()])

    def where(self, needle: str, after: str = "") -> tuple[str, int, int]:
        text = self.text()
        index = text.index(needle, text.index(after) if after else 0)
        line = text.count("\n", 0, index) + 1
        return str(self.path), line, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.fixture
def mod(tmp_path: Path) -> Mod:
    return Mod(tmp_path / "mods")


def _action(sc: Scenario, ident: str) -> tuple[int, object]:
    ids = [a.id for a in sc.actions]
    return ids.index(ident), sc.actions[ids.index(ident)]


def test_the_template_has_no_problems(mod: Mod) -> None:
    assert mod.check()[1] == []


def test_merge_changes_only_the_keys_given_and_keeps_the_place(mod: Mod) -> None:
    _plain, _ = Mod(mod.path.parent.parent / "plain").check()
    assert _plain is not None
    place, common = _action(_plain, "strike")
    mod.actions("  - id: strike\n    override: merge\n    risk: 0.4\n    fit: {base: 0.3}\n")
    sc, problems = mod.check()
    assert problems == []
    assert sc is not None
    where, strike = _action(sc, "strike")
    assert where == place
    assert strike.risk == 0.4 and strike.fit.base == 0.3
    assert strike.fit.industry == common.fit.industry  # a key of a merged mapping stays
    assert strike.name == common.name and strike.setback == common.setback


def test_replace_puts_the_whole_entry_in_place(mod: Mod) -> None:
    mod.actions(FULL_STRIKE.format(marker="override: replace\n    "))
    sc, problems = mod.check()
    assert problems == []
    assert sc is not None
    strike = _action(sc, "strike")[1]
    assert strike.fit.industry == 0.0 and strike.fit.base == 0.3  # nothing left of the old
    assert strike.failure.influence == 0.0


def test_an_unmarked_entry_with_a_catalogue_id_replaces_it_with_a_warning(mod: Mod) -> None:
    mod.actions(FULL_STRIKE.format(marker=""))
    sc, problems = mod.check()
    assert sc is not None and _action(sc, "strike")[1].fit.industry == 0.0
    assert [p.code for p in problems] == ["W307"]
    problem = problems[0]
    assert (problem.file, problem.line, problem.col) == mod.where("strike", after="actions:")
    text = ACTIONS.read_text(encoding="utf-8")
    index = text.index("id: strike") + len("id: ")
    line, col = text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
    assert problem.message == (f'the action "strike" has the id of the action at '
                               f"{ACTIONS.resolve()}:{line}:{col} and replaces it whole; write "
                               "override: replace to say so, or override: merge to change only "
                               "the keys given here")
    assert problem.severity == "warning"


def test_the_shadow_warning_can_be_silenced(mod: Mod) -> None:
    mod.actions(FULL_STRIKE.format(marker="")).before("\nregions:", "\nsilence: [W307]\n")
    assert mod.check()[1] == []


def test_an_override_of_nothing_is_an_error_with_a_suggestion(mod: Mod) -> None:
    mod.actions("  - id: strik\n    override: merge\n    risk: 0.4\n")
    sc, problems = mod.check()
    assert sc is None
    found = [p for p in problems if p.code == "E219"]
    assert len(found) == 1
    assert (found[0].file, found[0].line, found[0].col) == mod.where("merge")
    assert found[0].message == ('the action "strik" says override: merge, but no file included '
                                'before this one has an action "strik" to override. Did you '
                                'mean "strike"?')


def test_two_entries_of_one_id_in_one_file_are_still_a_duplicate(mod: Mod) -> None:
    mod.actions(FULL_STRIKE.format(marker="").replace("strike", "picket") * 2)
    problems = mod.check()[1]
    assert [p.code for p in problems] == ["E201"]


def test_a_problem_in_a_merged_entry_is_shown_in_the_mod(mod: Mod) -> None:
    mod.actions("  - id: strike\n    override: merge\n    risk: 2\n")
    problems = mod.check()[1]
    assert [(p.code, p.file, p.line, p.col) for p in problems] == [
        ("E200", *mod.where("2", after="risk:"))]


def test_the_marker_does_not_change_the_content_hash(tmp_path: Path) -> None:
    plain = Mod(tmp_path / "a")
    same = Mod(tmp_path / "b")
    text = ACTIONS.read_text(encoding="utf-8")
    start = text.index("  - id: strike")
    entry = text[start:text.index("\n  - id:", start + 1) + 1]
    same.actions(entry.replace("  - id: strike\n", "  - id: strike\n    override: replace\n"))
    a, b = plain.check()[0], same.check()[0]
    assert a is not None and b is not None
    assert content_hash(a) == content_hash(b)


def test_a_mods_own_catalogue_of_events_and_envoys_is_overridden_by_the_scenario(
        mod: Mod) -> None:
    (mod.path.parent / "my-events.yaml").write_text("""\
catalogue: Events of my mod
events:
  - id: congress
    title: A congress
    text: The party meets.
    source: the test suite
    date: 1926-01
    effects: {unity: 0.02}
envoys:
  - {name: A. Visitor, from: 1925-01, to: 1925-06, note: Sent to look., source: the tests}
""", encoding="utf-8")
    text = mod.text()
    start = text.index("include: [")
    end = text.index("]", start)  # the mod's catalogue last among the includes
    mod.path.write_text(text[:end] + ", my-events.yaml" + text[end:], encoding="utf-8")
    mod.before("\ngoals:", "\nenvoys:\n  - {name: A. Visitor, override: merge, to: 1925-09}\n")
    mod.before("  - id: great_strike", "  - {id: congress, override: merge, date: 1926-04}\n")
    sc, problems = mod.check()
    assert problems == []
    assert sc is not None
    congress = next(e for e in sc.events if e.id == "congress")
    assert congress.date == "1926-04" and congress.title == "A congress"
    assert [(e.name, e.start, e.end) for e in sc.envoys] == [("A. Visitor", "1925-01", "1925-09")]
