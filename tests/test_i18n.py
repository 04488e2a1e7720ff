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
