"""The glossary: one list of terms in data, shared by every scenario and checked like the rest.

Every bundled scenario takes the shared glossary and explains every quantity,
condition and response the engine knows in at most two sentences; a scenario's
own entry replaces the shared one of the same id; the checker reports unknown
keys, empty texts, a term given twice, an unknown `see` and a definition too
long for a tooltip, each at its file:line:col.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checker import TINY, Broken

from engine.glossary import MAX_SENTENCES, by_id, glossary_terms, sentences
from engine.loader import read_glossary
from engine.model import CONDITIONS, NATIONAL, REGIONAL, RESPONSES, Term
from game.files import bundled_ids, open_scenario

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "scenarios" / "common" / "glossary.yaml"
# what the brief names beside the quantities: the words a player meets on the card
CORE = ("fit", "gap", "directive", "line", "rigidity", "envoy", "initiative", "setback",
        "leak", "centre", "ecci", "united_front", "third_period", "popular_front",
        "social_fascism", "informers", "picture", "view", "why")


@pytest.mark.parametrize("sid", bundled_ids())
def test_every_bundled_scenario_explains_every_quantity_condition_and_response(sid: str):
    terms = by_id(glossary_terms(open_scenario(sid)))
    wanted = {*CONDITIONS, *NATIONAL, *REGIONAL, *RESPONSES, *CORE}
    assert wanted <= set(terms), sorted(wanted - set(terms))
    for term in terms.values():
        assert 1 <= sentences(term.text) <= MAX_SENTENCES, term.id
        assert all(other in terms for other in term.see), term.id


def test_the_shared_glossary_reads_alone_and_equals_what_a_scenario_gets():
    shared = read_glossary(SHARED)
    assert [t.id for t in shared] == [t.id for t in open_scenario("germany").glossary]


def test_a_scenario_without_the_shared_glossary_gets_it_as_a_base():
    tiny = open_scenario(str(ROOT / "tests" / "data" / "tiny.yaml"))
    assert tiny.glossary == []
    terms = glossary_terms(tiny, read_glossary(SHARED))
    assert by_id(terms)["trust"].term == "Moscow's trust"


def test_sentences_are_counted_at_their_ends():
    assert sentences("One. Two? Three!") == 3
    assert sentences("The 21 conditions of 1920, e.g. binding decisions.") == 1
    assert sentences("") == 0


def test_the_glossary_is_no_part_of_the_content_hash():
    from engine.loader import content_hash

    sc = open_scenario("germany")
    bare = sc.model_copy(update={"glossary": []})
    assert content_hash(bare) == content_hash(sc)


# --- the checker -----------------------------------------------------------------------

INCLUDE = "common/rules.yaml, common/glossary.yaml]"


def with_glossary(tmp_path: Path, entries: str, include: bool = True) -> Broken:
    text = TINY + "glossary:\n" + entries
    if include:
        text = text.replace("common/rules.yaml]", INCLUDE, 1)
    return Broken(tmp_path, text)


def test_a_scenario_adds_a_term_and_replaces_a_shared_one(tmp_path: Path):
    b = with_glossary(tmp_path, "  - id: trust\n    term: Confidence\n"
                                "    text: What Moscow thinks of you.\n"
                                "  - id: general_strike\n    term: General strike\n"
                                "    text: Every trade stops work at once.\n")
    assert b.problems == [], b.report()
    terms = glossary_terms(b.scenario)
    ids = [t.id for t in terms]
    assert ids.count("trust") == 1 and ids[-1] == "general_strike"
    assert ids.index("trust") == [t.id for t in read_glossary(SHARED)].index("trust")
    assert by_id(terms)["trust"] == Term(id="trust", term="Confidence",
                                         text="What Moscow thinks of you.")


def test_a_term_given_twice_in_one_file_is_e201_at_the_second(tmp_path: Path):
    entry = "  - id: strike_wave\n    term: Strike wave\n    text: Many strikes at once.\n"
    b = with_glossary(tmp_path, entry + entry.replace("Many", "So many"), include=False)
    problem = b.at("strike_wave", after="Many strikes")
    assert problem.code == "E201" and "glossary term" in problem.message


def test_an_unknown_key_is_a_shape_error_at_the_key(tmp_path: Path):
    b = with_glossary(tmp_path, "  - id: x\n    term: X\n    text: A thing.\n"
                                "    defintion: a typo\n", include=False)
    problem = b.at("defintion")
    assert problem.code == "E200"


def test_an_empty_text_is_a_shape_error(tmp_path: Path):
    b = with_glossary(tmp_path, '  - id: x\n    term: X\n    text: ""\n', include=False)
    problem = b.at('""')
    assert problem.code == "E200"


def test_an_unknown_see_is_e203_with_a_suggestion(tmp_path: Path):
    b = with_glossary(tmp_path, "  - id: x\n    term: X\n    text: A thing.\n"
                                "    see: [trusst]\n")
    problem = b.at("trusst")
    assert problem.code == "E203" and 'Did you mean "trust"?' in problem.message


def test_a_definition_too_long_for_a_tooltip_is_w307_and_can_be_silenced(tmp_path: Path):
    entry = ("  - id: x\n    term: X\n    text: One sentence. Another one. And a third.\n")
    b = with_glossary(tmp_path, entry, include=False)
    problem = b.at("One sentence")
    assert (problem.code, problem.severity) == ("W308", "warning")
    assert b.scenario is not None  # a warning: the scenario still plays
    quiet = Broken(tmp_path, b.text + "silence: [W308]\n")
    assert quiet.problems == []


def test_a_shared_term_broken_in_a_copied_catalogue_is_reported_there(tmp_path: Path):
    common = tmp_path / "common"
    common.mkdir()
    catalogue = SHARED.read_text(encoding="utf-8").replace("  - id: unity\n",
                                                           "  - id: Unity\n", 1)
    (common / "glossary.yaml").write_text(catalogue, encoding="utf-8")
    b = Broken(tmp_path, TINY.replace("common/rules.yaml]", INCLUDE, 1))
    assert len(b.problems) == 1, b.report()
    problem = b.problems[0]
    before = catalogue[:catalogue.index("Unity\n")]
    assert problem.code == "E200" and problem.file == str(common / "glossary.yaml")
    assert (problem.line, problem.col) == (before.count("\n") + 1,
                                           len(before) - before.rfind("\n"))
