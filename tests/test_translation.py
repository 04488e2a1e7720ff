"""Translations of a scenario's words: laid over the original, never changing a rule.

The small scenario tests/data/tiny.yaml is copied into a temporary folder
with a translation beside it; its catalogues come from the bundled folder.
Each problem's position is looked up in the text written, never typed in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_schema import HASHES

from engine.loader import WORD_KEYS, check_file, content_hash, load_scenario
from engine.model import Scenario
from engine.orders import Orders, legal
from engine.problems import Problem
from engine.record import Session, parse_record, replay
from engine.tables import Tables, compile_scenario
from engine.translation import (
    TEXT_KEYS,
    is_translation_file,
    overlay,
    translation_path,
    wanted_language,
)
from engine.yamlsafe import parse_yaml
from game import files
from game.cli import main
from game.narrate import Names, TurnStory

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TINY = ROOT / "tests" / "data" / "tiny.yaml"

ORIGINAL = """\
name: Tiny
regions:
  - id: mill
    name: Mill town
    summary: Industrial.
    influence: 0.2
  - id: farms
    name: Farm country
    summary: Agrarian.
    influence: 0.05
envoys:
  - name: August Guralski
    note: An envoy.
    source: Some book (1990)
discussion:
  - question: Why?
    draws_on: [ending]
"""


def where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def laid(words: str, original: str = ORIGINAL):
    return overlay(parse_yaml(original, "tiny.yaml"), parse_yaml(words, "tiny.de.yaml"), "de")


def codes(problems: list[Problem]) -> list[str]:
    return sorted(p.code for p in problems)


# --- laying a translation over the original ------------------------------------

def test_a_translated_text_shows_and_keeps_the_position_of_its_translation() -> None:
    words = "regions:\n  mill: {name: Fabrikstadt}\n"
    out = laid(words)
    assert out.data["regions"][0]["name"] == "Fabrikstadt"
    assert out.data["regions"][0]["influence"] == 0.2
    assert out.positions.value(("regions", 0, "name")) == ("tiny.de.yaml",
                                                           *where(words, "Fabrikstadt"))


def test_an_untranslated_text_keeps_its_words_and_is_warned_at_the_original() -> None:
    out = laid("name: Winzig\nregions:\n  mill: {name: Fabrikstadt}\n")
    assert out.data["regions"][0]["summary"] == "Industrial."
    missing = [p for p in out.problems if p.code == "W309"]
    texts = {p.message.split(" has no ")[0]: (p.line, p.col) for p in missing}
    assert texts["regions[mill].summary"] == where(ORIGINAL, "Industrial.")
    assert texts["regions[farms].name"] == where(ORIGINAL, "Farm country")
    assert "envoys[August Guralski].note" in texts and "discussion[0].question" in texts
    assert all(p.severity == "warning" and "German" in p.message and p.file == "tiny.yaml"
               for p in missing)
    assert "name" not in texts  # translated
    assert out.missing == len(missing) == 5 and out.translated == 2


def test_a_key_the_original_lacks_is_warned_where_it_stands_with_a_suggestion() -> None:
    words = "regions:\n  mill: {name: Fabrikstadt, sumary: Industriell.}\n"
    out = laid(words)
    (extra,) = [p for p in out.problems if p.code == "W310"]
    assert (extra.file, extra.line, extra.col) == ("tiny.de.yaml", *where(words, "sumary"))
    assert "regions[mill].sumary" in extra.message and 'Did you mean "summary"?' in extra.message


def test_an_entry_the_original_lacks_is_warned_with_the_id_meant() -> None:
    words = "regions:\n  mil: {name: Fabrikstadt}\n"
    (extra,) = [p for p in laid(words).problems if p.code == "W310"]
    assert (extra.line, extra.col) == where(words, "mil")
    assert 'Did you mean "mill"?' in extra.message


def test_a_translation_cannot_change_a_number_an_id_or_a_source() -> None:
    words = ("regions:\n  mill: {name: Fabrikstadt, influence: 0.9, id: fabrik}\n"
             "envoys:\n  August Guralski: {name: August G., source: Ein Buch (1990)}\n")
    out = laid(words)
    assert out.data["regions"][0]["influence"] == 0.2 and out.data["regions"][0]["id"] == "mill"
    envoy = out.data["envoys"][0]
    assert envoy["name"] == "August Guralski" and envoy["source"] == "Some book (1990)"
    extra = {(p.line, p.col): p.message for p in out.problems if p.code == "W310"}
    assert "is not a text" in extra[where(words, "influence")]
    assert "names the entry" in extra[where(words, "id: fabrik")]
    assert "names the entry" in extra[where(words, "name: August")]
    assert "a source names where" in extra[where(words, "source")]


def test_a_list_without_ids_is_translated_item_by_item_and_may_not_grow() -> None:
    words = "discussion:\n  - question: Warum?\n  - question: Und dann?\n"
    out = laid(words)
    assert out.data["discussion"] == [{"question": "Warum?", "draws_on": ["ending"]}]
    (extra,) = [p for p in out.problems if p.code == "W310"]
    assert (extra.line, extra.col) == where(words, "question: Und")
    assert "only 1 items" in extra.message


def test_a_translation_of_the_wrong_shape_is_warned_and_changes_nothing() -> None:
    words = "regions: [Fabrikstadt]\nname: [Winzig]\n"
    out = laid(words)
    assert out.data["regions"] == parse_yaml(ORIGINAL, "x").data["regions"]
    assert out.data["name"] == "Tiny"
    assert codes(out.problems).count("W310") == 2


def test_only_word_keys_take_a_translation() -> None:
    # every key a translation changes is left out of the content hash
    assert TEXT_KEYS - {"term"} <= WORD_KEYS  # a glossary term lies under `glossary`
    assert "source" not in TEXT_KEYS and "envoy" not in TEXT_KEYS


def test_translation_files_are_named_for_their_language() -> None:
    assert translation_path(Path("a/germany.yaml"), "de") == Path("a/germany.de.yaml")
    assert is_translation_file(Path("germany.de.yaml"))
    assert not is_translation_file(Path("germany.yaml"))
    assert not is_translation_file(Path("britain_1929.yaml"))
    assert wanted_language("en") is None and wanted_language(None) is None
    with pytest.raises(ValueError, match="language code"):
        wanted_language("German")


# --- loading a scenario in a language ---------------------------------------------

@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    shutil.copy(TINY, path)
    return path


WORDS = """\
name: Winziges Testland
country: Testland
question: Folgt die Maschine ihren Regeln?
briefing: Zwei Regionen, eine industrielle und eine agrarische.
regions:
  mill: {name: Fabrikstadt, summary: Industriell.}
  farms: {name: Bauernland, summary: Agrarisch.}
party: {name: Testpartei}
outcomes:
  destroyed: {name: Zerschlagen, text: Die Partei ist zerschlagen.}
  standing: {name: Besteht, text: Die Partei besteht.}
historical: {text: So war es.}
"""


def test_a_scenario_loads_in_its_language_with_the_same_rules(tiny: Path) -> None:
    english = load_scenario(tiny, [SCENARIOS])
    translation_path(tiny, "de").write_text(WORDS, encoding="utf-8")
    german = load_scenario(tiny, [SCENARIOS], lang="de")
    assert (german.name, german.regions[0].name, german.party.name) == \
        ("Winziges Testland", "Fabrikstadt", "Testpartei")
    assert (english.name, english.language, german.language) == ("Tiny test country", "en", "de")
    assert content_hash(german) == content_hash(english)
    assert german.regions[0].conditions == english.regions[0].conditions
    assert load_scenario(tiny, [SCENARIOS], lang="en") == english


def test_a_scenario_without_a_translation_warns_once_and_plays_in_its_words(tiny: Path) -> None:
    scenario, problems = check_file(tiny, [SCENARIOS], lang="fr")
    assert scenario is not None and scenario.name == "Tiny test country"
    own = [p for p in problems if p.file == str(tiny)]
    assert [(p.code, p.line) for p in own] == [("W309", 1)]
    assert "no French translation (no tiny.fr.yaml" in own[0].message
    # the shared catalogues have no French either: one warning each, not one per text
    assert len(problems) == 1 + 3


def test_the_file_beside_wins_over_the_translations_in_the_scenario(tiny: Path) -> None:
    tiny.write_text(tiny.read_text(encoding="utf-8") + "translations:\n  de:\n"
                    "    name: Aus der Datei selbst\n    country: Testland innen\n",
                    encoding="utf-8")
    translation_path(tiny, "de").write_text("name: Von daneben\n", encoding="utf-8")
    german = load_scenario(tiny, [SCENARIOS], lang="de")
    assert (german.name, german.country) == ("Von daneben", "Testland innen")
    assert content_hash(german) == content_hash(load_scenario(tiny, [SCENARIOS]))


def test_a_translated_text_that_breaks_a_rule_is_an_error_in_the_translation(tiny: Path) -> None:
    words = "name: Winzig\nregions:\n  mill: {name: '" + "x" * 130 + "'}\n"
    translation_path(tiny, "de").write_text(words, encoding="utf-8")
    scenario, problems = check_file(tiny, [SCENARIOS], lang="de")
    (error,) = [p for p in problems if p.severity == "error"]
    assert scenario is None
    assert (error.file, error.line, error.col) == (str(translation_path(tiny, "de")),
                                                   *where(words, "'xxx"))


def test_a_broken_translation_file_is_a_warning_and_the_original_plays(tiny: Path) -> None:
    translation_path(tiny, "de").write_text("name: [Winzig\n", encoding="utf-8")
    scenario, problems = check_file(tiny, [SCENARIOS], lang="de")
    assert scenario is not None and scenario.name == "Tiny test country"
    broken = [p for p in problems if p.code == "W311"]
    assert broken and broken[0].file.endswith("tiny.de.yaml")
    assert "the translation is not used" in broken[0].message


def test_a_translation_that_links_out_of_its_folder_is_not_read(tiny: Path,
                                                                tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("name: Von draussen\n", encoding="utf-8")
    translation_path(tiny, "de").symlink_to(outside)
    scenario, problems = check_file(tiny, [SCENARIOS], lang="de")
    assert scenario is not None and scenario.name == "Tiny test country"
    assert any(p.code == "W311" and "leaves the folder" in p.message for p in problems)


def test_a_translation_warning_can_be_silenced(tiny: Path) -> None:
    tiny.write_text(tiny.read_text(encoding="utf-8") + "silence: [W309]\n", encoding="utf-8")
    _, problems = check_file(tiny, [SCENARIOS], lang="fr")
    assert [p for p in problems if p.file == str(tiny)] == []


# --- the files of the game and the command line -----------------------------------

def test_a_translation_beside_a_mod_is_no_scenario_of_its_own(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(files, "mods_dir", lambda: tmp_path)
    shutil.copy(TINY, tmp_path / "tiny.yaml")
    (tmp_path / "tiny.de.yaml").write_text(WORDS, encoding="utf-8")
    assert files.mod_ids() == ["tiny"]
    assert files.scenario_title("tiny", "de") == "Winziges Testland"
    assert files.scenario_title("tiny") == "Tiny test country"
    assert files.open_scenario("tiny", "de").regions[1].name == "Bauernland"


def test_a_recorded_scenario_is_found_in_the_language_asked(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setattr(files, "mods_dir", lambda: tmp_path)
    shutil.copy(TINY, tmp_path / "tiny.yaml")
    (tmp_path / "tiny.de.yaml").write_text(WORDS, encoding="utf-8")
    digest = content_hash(files.open_scenario("tiny"))
    german = files.find_scenario("tiny", digest, lang="de")
    english = files.find_scenario("tiny", digest)
    assert (german.name, english.name) == ("Winziges Testland", "Tiny test country")


def test_validate_checks_the_translation_named(tiny: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    words = "name: Winzig\nregoins: {}\n"
    translation_path(tiny, "de").write_text(words, encoding="utf-8")
    assert main(["validate", str(tiny), "--lang", "de"]) == 0
    out = capsys.readouterr().out
    line, col = where(words, "regoins")
    assert f"tiny.de.yaml:{line}:{col}: warning W310: regoins:" in out
    assert 'Did you mean "regions"?' in out
    assert main(["validate", str(tiny)]) == 0
    assert "W310" not in capsys.readouterr().out


def test_validate_refuses_a_language_that_is_no_code(tiny: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", str(tiny), "--lang", "German"])
    assert exc.value.code == 2
    assert "is not a language code" in capsys.readouterr().err


# --- Germany in German ---------------------------------------------------------------

@pytest.fixture(scope="module")
def german() -> Scenario:
    return files.open_scenario("germany", "de")


@pytest.fixture(scope="module")
def english() -> Scenario:
    return files.open_scenario("germany")


def test_germany_in_german_has_the_hash_of_germany(german: Scenario, english: Scenario) -> None:
    # the pin of tests/test_schema.py: a translation changes no saved game
    assert content_hash(german) == content_hash(english) == HASHES["germany.yaml"]
    assert (german.language, english.language) == ("de", "en")


def test_every_text_a_german_game_shows_is_german(german: Scenario, english: Scenario) -> None:
    # names of places and people may be the same in both languages; sentences never are
    pairs = [(g.text, e.text) for g, e in zip(german.events, english.events, strict=True)]
    pairs += [(g.title, e.title) for g, e in zip(german.events, english.events, strict=True)]
    pairs += [(g.text, e.text) for g, e in zip(german.initiatives, english.initiatives,
                                               strict=True)]
    pairs += [(g.text, e.text) for g, e in zip(german.outcomes, english.outcomes, strict=True)]
    pairs += [(g.text, e.text) for g, e in zip(german.goals, english.goals, strict=True)]
    pairs += [(g.question, e.question) for g, e in zip(german.discussion, english.discussion,
                                                       strict=True)]
    pairs += [(g.text, e.text) for g, e in zip(german.glossary, english.glossary, strict=True)]
    pairs += [(g.summary, e.summary) for g, e in zip(german.actions, english.actions, strict=True)]
    pairs += [(g.text, e.text) for g, e in zip(german.epilogue.all_paragraphs(),
                                               english.epilogue.all_paragraphs(), strict=True)]
    pairs += [(german.briefing, english.briefing), (german.question, english.question),
              (german.historical.text, english.historical.text),
              (german.rules.informers.leak_setback.text, english.rules.informers.leak_setback.text)]
    assert [e for g, e in pairs if g == e] == []
    assert german.regions[1].name == "Rheinland und Ruhrgebiet"
    # sources and people's names are never translated
    assert [e.source for e in german.events] == [e.source for e in english.events]
    assert [e.name for e in german.envoys] == [e.name for e in english.envoys]


def _ten_turns(tables: Tables) -> Session:
    session = Session.start(tables, seed=5)
    for _ in range(10):
        allowed = legal(tables, session.state)
        if "adapt" in allowed.responses and not allowed.forced_by:
            session.play(Orders(response="adapt", action=allowed.adapt_actions[0],
                                region=allowed.regions[0]))
        else:
            session.play(Orders(response="comply"))
    return session


def test_a_german_game_plays_ten_turns_and_tells_them_in_german(german: Scenario,
                                                                english: Scenario) -> None:
    tables = compile_scenario(german)
    session = _ten_turns(tables)
    names = Names.of(tables)
    told: list[str] = []
    fired: set[str] = set()
    for entry in session.record.turns:
        story = TurnStory.of(entry.record, names)
        told += [*story.result, story.setback, *story.causes]
        for ev in entry.record.events:
            fired.add(ev.id)
            told.append(names.event(ev.id).title)
    text = "\n".join(told)
    german_titles = {e.id: e.title for e in german.events}
    english_titles = {e.id: e.title for e in english.events}
    assert fired and all(german_titles[i] in text for i in fired)
    assert not any(english_titles[i] in text for i in fired)
    acted = {e.record.resolution.action for e in session.record.turns if e.record.resolution}
    assert acted and all(names.action(a) == next(x.name for x in german.actions if x.id == a)
                         for a in acted)
    assert any(names.action(a) in text for a in acted)


def test_a_game_recorded_in_german_replays_in_english(german: Scenario) -> None:
    recorded = _ten_turns(compile_scenario(german)).record
    record = parse_record(recorded.to_json(), "german.json")
    found = files.find_scenario(record.scenario.id, record.scenario.hash)
    assert found.language == "en" and found.name == "Germany 1919-1933"
    session, divergence = replay(compile_scenario(found), record)
    assert divergence is None
    assert session.state.turn == 10
