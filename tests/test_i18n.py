"""The interface in another language: the catalogues complete and up to date, the choice of
language (--lang, the setting, the system's locale), a German game in text mode, and the
catalogues in the wheel."""

from __future__ import annotations

import fnmatch
import gettext
import io
import re
import string
import threading
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from engine import counterfactual
from game import i18n, narrate
from game.app.settings import UISettings, load_settings, save_settings
from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "game" / "locale"
POT = LOCALE / "comintern.pot"
SHIPPED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE]


def catalogue(code: str):
    path = LOCALE / code / "LC_MESSAGES" / "comintern.po"
    with path.open("rb") as f:
        return read_po(f, locale=code)


def messages(cat) -> dict:
    return {(m.context, m.id): m for m in cat if m.id}


def fields(text: str) -> set[str]:
    """The named placeholders of a brace-format message: {region}, {chance:.2f} -> region."""
    return {name for _l, name, _s, _c in string.Formatter().parse(text) if name is not None}


# -- the catalogues ------------------------------------------------------------------

def test_the_template_holds_every_message_the_code_marks():
    """A string marked in the code but missing from comintern.pot (or one the code no longer
    has) means the extraction command of docs/TRANSLATING.md was not run."""
    with (ROOT / "babel.cfg").open() as f:
        method_map = [("game/**.py", "python")]
        assert "[python: game/**.py]" in f.read()
    found = {(ctx, mid) for _f, _l, mid, _c, ctx in extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "N_": None, "ngettext": (1, 2),
                                         "pgettext": ((1, "c"), 2)})}
    with POT.open("rb") as f:
        template = set(messages(read_po(f)))
    assert found == template


@pytest.mark.parametrize("code", SHIPPED)
def test_every_message_has_a_translation(code):
    with POT.open("rb") as f:
        template = set(messages(read_po(f)))
    found = messages(catalogue(code))
    assert set(found) == template  # no message missing, none left over
    untranslated = [key for key, m in found.items()
                    if not (all(m.string) if isinstance(m.id, tuple) else m.string)]
    assert untranslated == []
    assert [key for key, m in found.items() if m.fuzzy] == []


@pytest.mark.parametrize("code", SHIPPED)
def test_a_translation_keeps_the_placeholders_of_its_message(code):
    for m in catalogue(code):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            assert fields(text) == fields(ids[-1]), (m.id, text)


@pytest.mark.parametrize("code", SHIPPED)
def test_the_compiled_catalogue_is_the_po_compiled(code):
    """The .mo the game reads is committed beside the .po: compiling the .po again gives the
    same messages (run `pybabel compile`, docs/TRANSLATING.md, after editing the .po)."""
    fresh = io.BytesIO()
    write_mo(fresh, catalogue(code))
    fresh.seek(0)
    shipped = (LOCALE / code / "LC_MESSAGES" / "comintern.mo").read_bytes()
    assert gettext.GNUTranslations(io.BytesIO(shipped))._catalog == \
        gettext.GNUTranslations(fresh)._catalog


def test_the_catalogues_are_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"]
    patterns = config["package-data"]["game"]
    files = [p.relative_to(ROOT / "game").as_posix() for p in LOCALE.rglob("*")
             if p.suffix in (".mo", ".po", ".pot")]
    assert any(f.endswith(".mo") for f in files)
    for relative in files:
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


def test_the_narrators_copy_of_the_replay_rule_is_the_engines():
    assert narrate.COUNTERFACTUAL_RULE == counterfactual.RULE


# -- choosing the language -------------------------------------------------------------

def test_lang_comes_first_then_the_setting_then_the_system_then_english():
    german_system = {"LANG": "de_DE.UTF-8"}
    assert i18n.choose_language("en", "de", german_system) == "en"
    assert i18n.choose_language("de-AT", None, {}) == "de"
    assert i18n.choose_language(None, "en", german_system) == "en"
    assert i18n.choose_language(None, None, german_system) == "de"
    assert i18n.choose_language(None, None, {"LANGUAGE": "fr:de", "LANG": "C"}) == "de"
    assert i18n.choose_language(None, None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE"}) == "en"
    assert i18n.choose_language(None, "xx", {}) == "en"  # a setting from elsewhere is ignored


def test_an_unknown_language_names_the_shipped_ones():
    with pytest.raises(i18n.UnknownLanguage, match=r"'xx'.*en \(English\), de \(Deutsch\)"):
        i18n.choose_language("xx")
    with pytest.raises(i18n.UnknownLanguage):
        i18n.use_language("xx")


def test_lang_xx_on_the_command_line_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["play", "germany", "--text", "--lang", "xx"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "--lang" in err and "en (English), de (Deutsch)" in err
    assert "Traceback" not in err


def test_the_words_follow_the_language_in_use():
    assert i18n._("Settings") == "Settings"
    i18n.use_language("de")
    assert i18n.current_language() == "de"
    assert i18n._("Settings") == "Einstellungen"
    assert i18n.ngettext("Turn log — {count} turn, newest first",
                         "Turn log — {count} turns, newest first", 1).startswith(
                             "Rundenprotokoll — {count} Runde,")
    assert i18n.pgettext("fit", "poor") == "schlecht"
    assert narrate.trust_words(0.0) == "kostet kein Vertrauen"


def test_a_block_in_another_language_stays_in_its_own_thread():
    """The window's report is made in English in a worker while the board speaks German."""
    i18n.use_language("de")
    inside: list[str] = []
    entered, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with i18n.language("en"):
            inside.append(i18n._("Settings"))
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    entered.wait(5)
    assert i18n._("Settings") == "Einstellungen"  # this thread is untouched meanwhile
    leave.set()
    thread.join()
    assert inside == ["Settings"] and i18n.current_language() == "de"


def test_the_setting_is_saved_and_read(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, UISettings(language="de"))
    assert load_settings(path).language == "de"
    path.write_text('{"language": "klingon"}', encoding="utf-8")
    assert load_settings(path).language is None
    assert UISettings().language is None  # unset: the system's language decides


# -- a German game -----------------------------------------------------------------------

def test_a_german_game_in_text_mode_speaks_german(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("c\n\nw\nq\n"))
    code = main(["play", "germany", "--text", "--lang", "de", "--seed", "3", "--save",
                 str(tmp_path / "g.json"), "--name", ""])
    out = capsys.readouterr().out
    assert code == 0
    for words in ("Runde 1 von 57", "KEINE DIREKTIVE AUS MOSKAU", "BEVOR DU WÄHLST",
                  "[c] abwarten", "ERGEBNIS  deine Antwort", "WARUM?", "Gespeichert."):
        assert words in out, words
    assert "BEFORE YOU CHOOSE" not in out and "Saved." not in out
    assert (tmp_path / "g.json").exists()


def test_the_text_mode_follows_the_saved_setting(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "far-from-moscow"
    save_settings(folder / "window-settings.json", UISettings(language="de"))
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["play", "italy", "--text", "--seed", "1", "--save",
                 str(tmp_path / "i.json"), "--name", ""]) == 0
    assert re.search(r"Runde 1 von \d+", capsys.readouterr().out)


def test_a_german_game_of_germany_shows_the_german_scenario(tmp_path, monkeypatch, capsys):
    """The scenario's own texts follow the language, as the menus do (germany.de.yaml)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["play", "germany", "--text", "--lang", "de", "--seed", "3", "--save",
                 str(tmp_path / "g.json"), "--name", ""]) == 0
    out = capsys.readouterr().out
    for words in ("Deutschland 1919-1933", "Der Januaraufstand in Berlin",
                  "Luxemburg und Liebknecht ermordet", "Rheinland und Ruhrgebi",
                  "Runde 1 von 57", "KEINE DIREKTIVE AUS MOSKAU", "[c] abwarten"):
        assert words in out, words
    for english in ("The January rising in Berlin", "Germany 1919", "Turn 1 of 57"):
        assert english not in out, english


def test_a_resumed_german_game_shows_the_german_scenario(tmp_path, monkeypatch, capsys):
    """A game begun in English goes on in German: words change no rule, the record replays."""
    save = tmp_path / "g.json"
    monkeypatch.setattr("sys.stdin", io.StringIO("c\n\nq\n"))
    assert main(["play", "germany", "--text", "--lang", "en", "--seed", "3", "--save",
                 str(save), "--name", ""]) == 0
    assert "The January rising in Berlin" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["play", "--resume", str(save), "--text", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "Runde 2 von 57" in out and "Deutschland 1919-1933" in out
    assert "Die Bayerische Räterepublik wird niedergeschlagen" in out
    assert "Bavarian Soviet Republic" not in out


def test_a_scenario_with_no_german_text_plays_in_english_without_a_word(tmp_path, monkeypatch,
                                                                         capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["play", "italy", "--text", "--lang", "de", "--seed", "1", "--save",
                 str(tmp_path / "i.json"), "--name", ""]) == 0
    captured = capsys.readouterr()
    assert re.search(r"Runde 1 von \d+", captured.out)  # the interface is German
    assert "Italy" in captured.out  # the scenario's own words are its English ones
    assert "W309" not in captured.out + captured.err and not captured.err


# -- numbers -------------------------------------------------------------------------

def test_a_number_is_written_with_the_marks_of_the_language():
    assert i18n.number(12400.5, ",.1f") == "12,400.5"
    assert i18n.number(-0.625, "+.2f") == "-0.62"
    i18n.use_language("de")
    assert i18n.number(12400.5, ",.1f") == "12.400,5"
    assert i18n.number(1234567, ",") == "1.234.567"
    assert i18n.number(0.5, "+.2f") == "+0,50"
    assert i18n.number(7) == "7"  # a whole number without a format has no mark to change


def test_a_message_writes_its_numbers_in_the_language_in_use():
    import numpy as np

    message = "Members {members:,.0f}."
    assert i18n._(message).format(members=12400.0) == "Members 12,400."
    i18n.use_language("de")
    assert i18n._(message).format(members=np.float64(12400.0)) == "Mitglieder 12.400."
    assert i18n._("Now {rigidity:.2f} for every line.").format(rigidity=0.5) == \
        "Jetzt 0,50 für jede Linie."
    # words, dates and a turn's number stay as they are; a bool is no number
    assert i18n._("from {date} (turn {turn})").format(date="1921-04", turn=10) == \
        "ab 1921-04 (Runde 10)"
    assert i18n._("{language} (in use).").format(language=True) == "True (in Gebrauch)."
    with i18n.language("en"):  # a block in English (the teachers' report) keeps English marks
        assert i18n._(message).format(members=12400.0) == "Members 12,400."


def test_a_german_game_writes_german_numbers_and_keeps_the_order_syntax(tmp_path, monkeypatch,
                                                                          capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("c\n\nq\n"))
    assert main(["play", "germany", "--text", "--lang", "de", "--seed", "3", "--save",
                 str(tmp_path / "g.json"), "--name", ""]) == 0
    out = capsys.readouterr().out
    assert "Mitglieder 9.500" in out and "Geld 10,0" in out  # the party's gauges
    assert re.search(r"Berlin +0,11 +0,16", out)  # the regions' table
    assert "Mitglieder 16.684 (+7.184)" in out  # the party after the turn
    assert "'berlin=3 ruhr=1'" in out  # what is typed keeps its form
    assert not re.search(r"\d,\d{3}\b", out.replace("'berlin=3 ruhr=1'", ""))
