"""Scenario checking: the bundled scenarios have no problems, and broken copies of
germany.yaml report each problem at the right file, line and column.

The broken copies are made by editing the text of a fresh copy with str.replace,
so the tests follow the bundled content as it changes. Each edit leaves a unique
token in the text; once all edits are made, the token's line and column are
looked up and compared with the reported position. Edits that do not hide each
other share one copy (one check for several tests: the checker must collect
every problem anyway, and loading is the slow part).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
from pathlib import Path

import pytest

from engine.loader import check_file, load_scenario
from engine.model import Scenario
from engine.problems import Problem
from engine.translation import is_translation_file

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
GERMANY = SCENARIOS / "germany.yaml"
BUNDLED = sorted(p for p in SCENARIOS.glob("*.yaml") if not is_translation_file(p))
# example mods: examples/mods/ID/ID.yaml, each with the files of its own beside it
EXAMPLES = sorted(p for p in (ROOT / "examples" / "mods").glob("*/*.yaml")
                  if p.stem == p.parent.name)

# each translation beside a bundled scenario or an example mod: germany.de.yaml -> germany, de
TRANSLATIONS = sorted((p.with_name(p.stem.rpartition(".")[0] + p.suffix), p.stem.rpartition(".")[2])
                      for p in [*SCENARIOS.glob("*.yaml"), *(ROOT / "examples" / "mods").glob(
                          "*/*.yaml")] if is_translation_file(p))

Where = tuple[str, int, int]


def pos_of(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text` at or after `start`."""
    index = text.index(needle, start)  # ValueError: the bundled text changed shape
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


@functools.cache
def germany() -> Scenario:
    return load_scenario(GERMANY, [SCENARIOS])


class Copy:
    """A copy of germany.yaml and its catalogues in a temporary folder, to break."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "germany.yaml"
        folder.mkdir(parents=True)
        shutil.copy(GERMANY, self.path)
        shutil.copytree(SCENARIOS / "common", folder / "common",
                        ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        self.problems: list[Problem] = []
        self.names: list[str] = []  # what a fixture put in, for its tests

    def file(self, name: str) -> Path:
        return self.folder / name

    def text(self, name: str = "germany.yaml") -> str:
        return self.file(name).read_text(encoding="utf-8")

    def edit(self, old: str, new: str, *, name: str = "germany.yaml", after: str = "") -> None:
        """Replace the first `old` found after the first `after` with `new`."""
        text = self.text(name)
        base = text.index(after) if after else 0
        index = text.index(old, base)  # ValueError: the bundled text changed shape
        self.file(name).write_text(text[:index] + new + text[index + len(old):],
                                   encoding="utf-8")

    def insert_events(self, *events: str) -> None:
        """Put events first in the scenario's events list."""
        self.edit("\nevents:\n", "\nevents:\n" + "".join(events))

    def where(self, needle: str, *, name: str = "germany.yaml", after: str = "") -> Where:
        """The file, line and column of `needle` (after `after`) in the edited text."""
        text = self.text(name)
        line, col = pos_of(text, needle, text.index(after) if after else 0)
        path = self.path if name == "germany.yaml" else self.file(name).resolve()
        return str(path), line, col

    def check(self) -> Copy:
        # no library: the copied catalogues beside the scenario are the ones used
        _, self.problems = check_file(self.path, [])
        return self

    def at(self, spot: Where) -> Problem:
        """The one problem reported at `spot`."""
        found = [p for p in self.problems if (p.file, p.line, p.col) == spot]
        assert len(found) == 1, f"expected one problem at {spot}, got:\n" + self.report()
        return found[0]

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def report(self) -> str:
        return "\n".join(map(str, self.problems))


def event(ident: str, *lines: str, date: str | None = None, text: bool = True) -> str:
    """A probe event's YAML, as an item of the events list."""
    parts = [f"  - id: {ident}", "    title: A probe", "    source: the test suite",
             f"    date: {date or germany().start}", "    effects: {unity: 0.01}"]
    if text:
        parts.insert(2, "    text: Inserted by a test.")
    return "\n".join([*parts, *(f"    {line}" for line in lines)]) + "\n"


# --- bundled content --------------------------------------------------------------

def test_germany_is_bundled() -> None:
    assert GERMANY in BUNDLED


def test_the_example_mods_are_found() -> None:
    assert [p.stem for p in EXAMPLES] == ["britain"]


@pytest.mark.parametrize("path", BUNDLED + EXAMPLES, ids=[p.stem for p in BUNDLED + EXAMPLES])
def test_every_bundled_scenario_has_zero_problems(path: Path) -> None:
    # the checker of `comintern validate` and of the game: warnings and hints count too,
    # unless the file silences their code
    scenario, problems = check_file(path, [SCENARIOS])
    assert problems == [], "\n".join(map(str, problems))
    assert scenario is not None
    assert scenario.id == path.stem


def test_germany_is_translated_into_german() -> None:
    assert (GERMANY, "de") in TRANSLATIONS


@pytest.mark.parametrize(("path", "lang"), TRANSLATIONS,
                         ids=[f"{p.stem}-{lang}" for p, lang in TRANSLATIONS])
def test_every_bundled_translation_has_zero_problems(path: Path, lang: str) -> None:
    # no text without a translation (W309), no key the original lacks (W310), none broken
    # (W311), in the scenario and in every catalogue it includes
    scenario, problems = check_file(path, [SCENARIOS], lang)
    assert problems == [], "\n".join(map(str, problems))
    assert scenario is not None and scenario.language == lang


# --- cross-references -------------------------------------------------------------

@pytest.fixture(scope="module")
def xref(tmp_path_factory: pytest.TempPathFactory) -> Copy:
    """Unknown ids in the scenario and in a catalogue, plus one warning."""
    copy = Copy(tmp_path_factory.mktemp("xref") / "scenario")
    first, second = (r.id for r in germany().regions[:2])
    late = f"{int(germany().end[:4]) + 5}-01"
    copy.insert_events(event("probe_regions", f"regions: [{first}x, {second}x]"),
                       event("probe_late", date=late))
    span = germany().centre.lines[-1]
    copy.edit(f"line: {span.line}", f"line: {span.line.replace('_', '')}s", after="\ncentre:")
    copy.edit("allowed: [", "allowed: [agitatoin, ", name="common/lines.yaml")
    return copy.check()


def test_misspelled_region_in_an_event(xref: Copy) -> None:
    region = germany().regions[0].id
    problem = xref.at(xref.where(f"{region}x", after="id: probe_regions"))
    assert problem.code == "E203"
    assert problem.severity == "error"
    assert f'unknown region "{region}x". Did you mean "{region}"?' in problem.message


def test_misspelled_line_in_the_centre_timeline(xref: Copy) -> None:
    line = germany().centre.lines[-1].line
    wrong = line.replace("_", "") + "s"
    problem = xref.at(xref.where(wrong, after="\ncentre:"))
    assert problem.code == "E203"
    assert f'unknown line "{wrong}". Did you mean "{line}"?' in problem.message


def test_unknown_action_in_a_catalogue_line_names_the_catalogue(xref: Copy) -> None:
    spot = xref.where("agitatoin", name="common/lines.yaml")
    problem = xref.at(spot)
    assert Path(problem.file).name == "lines.yaml"
    assert problem.file != str(xref.path)
    assert 'unknown action "agitatoin". Did you mean "agitation"?' in problem.message


def test_every_cross_reference_problem_is_reported(xref: Copy) -> None:
    first, second = (r.id for r in germany().regions[:2])
    wrong_line = germany().centre.lines[-1].line.replace("_", "") + "s"
    expected = {
        xref.where(f"{first}x", after="id: probe_regions"),
        xref.where(f"{second}x", after="id: probe_regions"),
        xref.where(wrong_line, after="\ncentre:"),
        xref.where("agitatoin", name="common/lines.yaml"),
    }
    assert {(p.file, p.line, p.col) for p in xref.errors()} == expected, xref.report()


def test_warnings_are_reported_alongside_errors(xref: Copy) -> None:
    late = f"{int(germany().end[:4]) + 5}-01"
    warning = xref.at(xref.where(late, after="id: probe_late"))
    assert warning.severity == "warning"
    assert warning.code == "W302"
    assert len(xref.problems) == len(xref.errors()) + 1


# --- shape ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shape(tmp_path_factory: pytest.TempPathFactory) -> Copy:
    """Unknown keys, a missing key, a wrong type and a value out of range."""
    copy = Copy(tmp_path_factory.mktemp("shape") / "scenario")
    copy.edit("\nparty:\n", "\nparty:\n  colour: red\n")
    copy.insert_events(event("probe_missing", text=False),
                       event("probe_type", "chance: often"),
                       event("probe_range", "chance: 1.5"))
    # drop the first line's rigidity in the lines catalogue
    text = copy.text("common/lines.yaml")
    start = text.index("\n  - id: ") + 1
    cut = text.index("\n    rigidity:", start) + 1
    text = text[:cut] + text[text.index("\n", cut) + 1:]
    copy.file("common/lines.yaml").write_text(text, encoding="utf-8")
    return copy.check()


def test_unknown_key_is_reported_at_the_key(shape: Copy) -> None:
    spot = shape.where("colour", after="\nparty:")
    problem = shape.at(spot)
    assert str(problem) == f"{spot[0]}:{spot[1]}:{spot[2]}: error E200: unknown key 'colour' " \
        "in party"


def test_missing_key_is_reported_at_the_parent_mapping(shape: Copy) -> None:
    problem = shape.at(shape.where("id: probe_missing"))
    assert problem.message == "events[0] (probe_missing) needs the key 'text'"


def test_missing_key_in_a_catalogue_is_reported_in_the_catalogue(shape: Copy) -> None:
    problem = shape.at(shape.where("id: ", name="common/lines.yaml", after="\nlines:"))
    assert Path(problem.file).name == "lines.yaml"
    assert "needs the key 'rigidity'" in problem.message


def test_wrong_type_is_reported_at_the_value(shape: Copy) -> None:
    problem = shape.at(shape.where("often", after="id: probe_type"))
    assert problem.code == "E200"
    assert problem.message == "events[1] (probe_type).chance: must be a number from 0 to 1, " \
        "not 'often'"


def test_share_out_of_range_is_reported_at_the_value(shape: Copy) -> None:
    problem = shape.at(shape.where("1.5", after="id: probe_range"))
    assert problem.message == "events[2] (probe_range).chance: must be a number from 0 to 1, " \
        "not 1.5"


def test_every_shape_problem_is_reported(shape: Copy) -> None:
    assert len(shape.errors()) == 5, shape.report()
    assert len({(p.file, p.line, p.col) for p in shape.errors()}) == 5
    assert {Path(p.file).name for p in shape.errors()} == {"germany.yaml", "lines.yaml"}


def test_missing_top_level_key_is_reported_in_the_scenario(tmp_path: Path) -> None:
    copy = Copy(tmp_path / "scenario")
    copy.edit("\nbriefing:", "\nzzz:")  # no key like it: unknown, and briefing missing
    copy.edit("\nquestion:", "\nqestion:")  # misspelt: one problem, not two
    copy.check()
    missing = [p for p in copy.problems if "needs the key 'briefing'" in p.message]
    assert len(missing) == 1, copy.report()
    assert missing[0].file == str(copy.path)
    unknown = copy.at(copy.where("qestion:"))
    assert unknown.message == "unknown key 'qestion' in the file. Did you mean \"question\"?"
    assert not any("needs the key 'question'" in p.message for p in copy.problems)


# --- includes ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def includes(tmp_path_factory: pytest.TempPathFactory) -> Copy:
    """Includes that are missing, escape the folder or are not YAML; broken catalogues."""
    base = tmp_path_factory.mktemp("includes")
    copy = Copy(base / "scenario")
    outside = base / "outside.yaml"  # a valid catalogue that must never be read
    shutil.copy(SCENARIOS / "common" / "actions.yaml", outside)
    names = ["common/missing.yaml", "../outside.yaml", str(outside), "common/notes.txt"]
    copy.file("common/notes.txt").write_text("actions: []\n", encoding="utf-8")
    with contextlib.suppress(OSError):  # a file system without symlinks skips this case
        copy.file("common/link.yaml").symlink_to(outside)
        names.append("common/link.yaml")
    copy.edit("include: [", "include: [" + "".join(f"{n}, " for n in names))
    copy.edit("\nlines:\n", "\nlines:\n  - a: b: c\n", name="common/lines.yaml")
    copy.edit("\nrules:\n", "\nregions: []\nrules:\n", name="common/rules.yaml")
    copy.names = names
    return copy.check()


def test_missing_include_file(includes: Copy) -> None:
    problem = includes.at(includes.where("common/missing.yaml"))
    assert problem.code == "E010"
    assert "'common/missing.yaml'" in problem.message


@pytest.mark.parametrize("kind", ["parent", "absolute"])
def test_include_escaping_the_folder_is_refused(includes: Copy, kind: str) -> None:
    name = includes.names[1 if kind == "parent" else 2]
    assert (includes.folder / name).resolve().is_file()  # it exists and could be read
    problem = includes.at(includes.where(f"{name}, "))
    assert problem.code == "E010"
    assert not any("outside.yaml" in p.file for p in includes.problems)


def test_include_through_a_symlink_out_of_the_folder_is_refused(includes: Copy) -> None:
    if "common/link.yaml" not in includes.names:
        pytest.skip("symlinks are not available here")
    problem = includes.at(includes.where("common/link.yaml"))
    assert problem.code == "E010"


def test_include_of_a_file_that_is_not_yaml_is_refused(includes: Copy) -> None:
    problem = includes.at(includes.where("common/notes.txt"))
    assert problem.code == "E010"


def test_broken_yaml_in_a_catalogue_is_reported_in_the_catalogue(includes: Copy) -> None:
    problem = includes.at(includes.where(": c\n", name="common/lines.yaml"))
    assert problem.message.startswith("not valid YAML")


def test_unknown_top_level_key_in_a_catalogue(includes: Copy) -> None:
    problem = includes.at(includes.where("regions: []", name="common/rules.yaml"))
    assert problem.code == "E011"
    assert "'regions'" in problem.message


def test_every_include_problem_is_reported(includes: Copy) -> None:
    n = len(includes.names)
    assert len(includes.errors()) == n + 2, includes.report()
    assert sum(p.code == "E010" for p in includes.problems) == n


# --- warnings ---------------------------------------------------------------------

def test_warning_does_not_fail_validation(tmp_path: Path) -> None:
    copy = Copy(tmp_path / "scenario")
    late = f"{int(germany().end[:4]) + 5}-01"
    copy.insert_events(event("probe_late", date=late))
    scenario, problems = check_file(copy.path, [])
    assert scenario is not None, "\n".join(map(str, problems))
    (warning,) = problems
    file, line, col = copy.where(late, after="id: probe_late")
    assert (warning.file, warning.line, warning.col) == (file, line, col)
    assert str(warning).startswith(f"{file}:{line}:{col}: warning W302: ")
    assert "outside" in warning.message
    assert any(e.id == "probe_late" for e in scenario.events)
