"""The interface's own words in the player's language: gettext catalogues, chosen once.

The words of the window, the text mode and the narrator are written in
English in the code, marked `_("...")` (or `ngettext` where a number decides
the form), and looked up at the moment they are shown in the catalogue of
the current language: `game/locale/<code>/LC_MESSAGES/comintern.mo`,
compiled by Babel from the `.po` beside it (docs/TRANSLATING.md says how to
update both). A sentence is one message with named placeholders, never
pieces glued together, so a translator can order its words as the language
wants: `_("{region}: the order did not fit").format(region=...)`.

Words kept in module-level tables are marked `N_("...")` where they are
defined, so that extraction finds them, and translated with `_()` where they
are used: a table made at import would otherwise keep the language of the
import.

The current catalogue is one module-level value, like the palette in
`game.app.palette`: every front end in one process speaks one language at a
time (`use_language`), and the tests set it back to English after each test.
`language(code)` speaks another for a block, in its own thread only: the
window's report, made in a worker thread in English, never turns the board
being drawn meanwhile into English.
The scenario's own texts (titles, briefings, events) are the scenario's, not
these catalogues'; the engine's problem messages for modders stay English.

Numbers are written as the language writes them (`number`): 12,400.5 in
English is 12.400,5 in German, where "12,400" would read as twelve point
four. A translated message does this by itself: what `_` returns is a
`Message`, whose `format` writes every number it is given so, with the
message's own format (`{members:,.0f}`); a number outside a message (a
table's column) goes through `number` where it is written.
"""

from __future__ import annotations

import gettext
import numbers
import os
import string
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DOMAIN = "comintern"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE = "en"  # the language the messages are written in: it needs no catalogue
# Every language shipped, by its code, with its name as its speakers write it (the
# settings and the error for an unknown --lang show these names).
LANGUAGES: Mapping[str, str] = {"en": "English", "de": "Deutsch"}
# How each language writes a number: its decimal mark, and the mark between thousands.
NUMBER_MARKS: Mapping[str, tuple[str, str]] = {"en": (".", ","), "de": (",", ".")}
# The variables gettext itself reads for the system's language, in its order.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class UnknownLanguage(ValueError):
    """A language code that no catalogue is shipped for; the message lists those that are."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"no interface in the language {code!r}; the languages shipped are "
                         + ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items()))


class _Current:
    """The language in use and its catalogue (the one piece of state this module keeps)."""

    code: str = SOURCE
    catalogue: gettext.NullTranslations = gettext.NullTranslations()


class _Block(threading.local):
    """A thread's own language for the block it is in (`language`); None: the current one."""

    code: str | None = None
    catalogue: gettext.NullTranslations | None = None


_block = _Block()


def _catalogue() -> gettext.NullTranslations:
    return _block.catalogue if _block.catalogue is not None else _Current.catalogue


def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue of `code`; for English, the messages as written."""
    if code not in LANGUAGES:
        raise UnknownLanguage(code)
    if code == SOURCE:
        return gettext.NullTranslations()
    # fallback=False: a shipped language whose .mo is missing is a broken install, said
    # loudly (FileNotFoundError), never an interface that is silently English
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[code], fallback=False)


def use_language(code: str) -> str:
    """Speak `code` from now on (raises `UnknownLanguage` for one not shipped); returns it."""
    found = catalogue(code)
    _Current.code, _Current.catalogue = code, found
    return code


def current_language() -> str:
    """The code of the language in use: "en", "de"."""
    return _block.code if _block.code is not None else _Current.code


@contextmanager
def language(code: str) -> Iterator[None]:
    """Speak `code` inside the block, in this thread only; other threads keep theirs."""
    before = (_block.code, _block.catalogue)
    _block.catalogue, _block.code = catalogue(code), code
    try:
        yield
    finally:
        _block.code, _block.catalogue = before


def number(value: float, spec: str = "") -> str:
    """`value` formatted by `spec` (Python's format mini-language), with the decimal and
    thousands marks of the current language: `number(12400.5, ",.1f")` is "12,400.5" in
    English and "12.400,5" in German."""
    text = format(value, spec)
    decimal, group = NUMBER_MARKS.get(current_language(), (".", ","))
    if (decimal, group) == (".", ","):
        return text
    return text.translate({ord("."): decimal, ord(","): group})


class _Numbers(string.Formatter):
    """`str.format`, but every number is written by `number` (a bool stays a word)."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return number(float(value) if not isinstance(value, numbers.Integral) else
                          int(value), format_spec)
        return super().format_field(value, format_spec)


_NUMBERS = _Numbers()


class Message(str):
    """A message in the current language: its `format` writes the numbers it is given as
    that language writes them (`number`); otherwise it is the plain string."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        return _NUMBERS.vformat(self, args, kwargs)


def gettext_(message: str) -> str:
    """`message` in the current language (itself where the catalogue lacks it)."""
    return Message(_catalogue().gettext(message))


_ = gettext_


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number `n`, in the current language."""
    return Message(_catalogue().ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    """`message` in the sense `context` gives it: one English word, two German ones."""
    return Message(_catalogue().pgettext(context, message))


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it now (see the module's header)."""
    return message


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The first shipped language the system's locale names ("de_DE.UTF-8" is "de"), or None.

    Read as gettext reads it: LANGUAGE (a colon-separated list), then LC_ALL,
    LC_MESSAGES and LANG; the first variable that is set decides.
    """
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
        if variable != "LANGUAGE":  # LANGUAGE may fall through to the rest; the others decide
            return None
    return None


def choose_language(asked: str | None = None, setting: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: `--lang` when given (raises `UnknownLanguage` if not shipped),
    else the saved setting, else the system's locale where it is shipped, else English."""
    if asked is not None:
        code = asked.strip().lower().replace("-", "_").split("_")[0]
        if code not in LANGUAGES:
            raise UnknownLanguage(asked)
        return code
    if setting is not None and setting in LANGUAGES:
        return setting
    return system_language(environ) or SOURCE
