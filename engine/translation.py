"""Translations of a file's words: another language's texts laid over the original's.

Pure: plain data and positions in, plain data and problems out; the loader
reads the files. A translation mirrors the original's word fields only:

- a mapping keeps the original's keys (`briefing: ...`, `rules: {split:
  {setback: {name: ...}}}`);
- a list of entries with an `id` (an envoy: its `name`) becomes a mapping
  from that id to the entry's words (`events: {hamburg_rising: {title:
  ...}}`);
- any other list (discussion questions, history steps, epilogue
  paragraphs) stays a list, item by item in the original's order.

Only the keys in `TEXT_KEYS` take a translation. Numbers, ids, dates,
triggers, person names and sources stay the original's, so a translation
can never change what happens in play (nor the content hash). A text
the translation lacks keeps its original words, with warning W309; a
key the original lacks, or one that is not a text, is warning W310.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from engine.model import LANG_PATTERN
from engine.problems import Problem, did_you_mean
from engine.yamlsafe import Document, Path, Positions

# The language every bundled file is written in; it needs no translation.
ORIGINAL = "en"
# Names for the messages; a code not listed here is shown as itself.
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "it": "Italian",
             "es": "Spanish", "ru": "Russian", "bg": "Bulgarian", "zh": "Chinese",
             "pl": "Polish", "cs": "Czech", "nl": "Dutch", "pt": "Portuguese"}

# The keys whose texts a translation gives. Each is one of `engine.loader.WORD_KEYS`
# or lies under one (a glossary `term`), so no translation moves a content hash.
TEXT_KEYS = frozenset({"name", "summary", "title", "text", "note", "reason", "briefing",
                       "question", "country", "term"})
# Words that stay as published: where a fact can be checked, a person's name.
UNTRANSLATED = {"source": "a source names where the facts can be checked, as it was published",
                "envoy": "an envoy is a person, whose name stays as it is"}
# The keys a translation never follows: they hold no words the player reads.
SKIPPED = frozenset({"translations", "include", "silence", "catalogue", "override"})


def language_name(lang: str) -> str:
    """`German` for `de`; an unlisted code as itself."""
    return LANGUAGES.get(lang, lang)


def wanted_language(lang: str | None) -> str | None:
    """The language to lay over the original: None for the original itself.

    Raises ValueError for something that is not a two- or three-letter code.
    """
    if lang is None or lang == ORIGINAL:
        return None
    if not re.fullmatch(LANG_PATTERN, lang):
        raise ValueError(f"{lang!r} is not a language code: give two or three lower-case "
                         "letters, such as de")
    return lang


def translation_path(path: FsPath, lang: str) -> FsPath:
    """Where a file's translation lies: `germany.yaml` -> `germany.de.yaml`, beside it."""
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


def is_translation_file(path: FsPath) -> bool:
    """True for `germany.de.yaml`: a translation, never a scenario of its own."""
    stem, dot, lang = path.stem.rpartition(".")
    return bool(stem and dot) and re.fullmatch(LANG_PATTERN, lang) is not None


def _ident_key(section: str | int | None) -> str:
    return "name" if section == "envoys" else "id"


def _keyed(items: list[Any], ident: str) -> bool:
    """Whether a list's entries are named: each a mapping with a text id."""
    return bool(items) and all(isinstance(i, dict) and isinstance(i.get(ident), str)
                               for i in items)


def has_words(value: Any, skip: str | None = None) -> bool:
    """Whether `value` holds a text that a translation gives (`skip`: a key that names it)."""
    if isinstance(value, dict):
        return any((k in TEXT_KEYS and k != skip and isinstance(v, str))
                   or (k not in SKIPPED and k not in TEXT_KEYS and has_words(v, None))
                   for k, v in value.items())
    if isinstance(value, list):
        return any(has_words(v, None) for v in value)
    return False


@dataclass
class Overlay:
    """The original's data with the translated words in, and what laying them over found."""

    data: Any
    positions: Positions
    problems: list[Problem] = field(default_factory=list)
    translated: int = 0  # texts taken from the translation
    missing: int = 0  # texts that kept their original words


class _Walk:
    def __init__(self, original: Document, words: Document, lang: str) -> None:
        self.original = original
        self.words = words
        self.lang = language_name(lang)
        self.beside = FsPath(words.filename).name
        self.positions = Positions(dict(original.positions.values), dict(original.positions.keys))
        self.out = Overlay(None, self.positions)

    def warn(self, pos: tuple[str, int, int], message: str, code: str) -> None:
        file, line, col = pos
        self.out.problems.append(Problem(file, line, col, message, code, "warning"))

    def lacks(self, value: Any, opath: Path, shown: str, skip: str | None = None) -> None:
        """W309 for every text under `value`, which the translation does not give."""
        if isinstance(value, dict):
            for key, item in value.items():
                if key in TEXT_KEYS and key != skip and isinstance(item, str):
                    self.out.missing += 1
                    self.warn(self.original.positions.value((*opath, key)),
                              f"{_join(shown, key)} has no {self.lang} text in "
                              f"{self.beside}; it shows in the original's words", "W309")
                elif key not in SKIPPED and key not in TEXT_KEYS:
                    self.lacks(item, (*opath, key), _join(shown, key), _ident_key(key))
        elif isinstance(value, list):
            keyed = _keyed(value, skip or "id")
            for k, item in enumerate(value):
                label = f"[{item[skip or 'id']}]" if keyed else f"[{k}]"
                self.lacks(item, (*opath, k), shown + label, skip if keyed else None)

    def node(self, original: Any, words: Any, opath: Path, tpath: Path, shown: str,
             ident: str | None = None) -> Any:
        """`original` with the texts of `words` laid over it; mappings and lists are copied."""
        if isinstance(original, dict):
            return self.mapping(original, words, opath, tpath, shown, ident)
        if isinstance(original, list):
            return self.sequence(original, words, opath, tpath, shown, ident)
        return original

    def mapping(self, original: dict[str, Any], words: Any, opath: Path, tpath: Path,
                shown: str, ident: str | None) -> dict[str, Any]:
        if not isinstance(words, dict):
            self.warn(self.words.positions.value(tpath), f"{shown or 'the translation'} must be "
                      "a mapping of the original's keys to their texts", "W310")
            return original
        out = dict(original)
        wordy = [k for k, v in original.items() if k not in SKIPPED and k != ident
                 and ((k in TEXT_KEYS and isinstance(v, str)) or has_words(v, _ident_key(k)))]
        for key, given in words.items():
            here, there = (*opath, key), (*tpath, key)
            pos = self.words.positions.key(there)
            if key not in original or key in SKIPPED:
                self.warn(pos, f"{_join(shown, key)}: the original has no key {key!r} here, so "
                          f"it takes no translation.{did_you_mean(key, wordy)}"
                          .removesuffix("."), "W310")
            elif key in UNTRANSLATED and key not in TEXT_KEYS:
                self.warn(pos, f"{_join(shown, key)} is not translated: {UNTRANSLATED[key]}",
                          "W310")
            elif key == ident:
                self.warn(pos, f"{_join(shown, key)} names the entry and is not translated; give "
                          "only its texts", "W310")
            elif key in TEXT_KEYS and isinstance(original[key], str):
                out[key] = self.text(original[key], given, here, there, _join(shown, key))
            elif key in wordy:
                out[key] = self.node(original[key], given, here, there, _join(shown, key),
                                     _ident_key(key))
            else:
                self.warn(pos, f"{_join(shown, key)} is not a text: a translation gives only "
                          f"the words ({', '.join(sorted(TEXT_KEYS))}); numbers, ids, dates "
                          "and triggers stay the original's", "W310")
        for key in wordy:
            if key not in words:
                if key in TEXT_KEYS and isinstance(original[key], str):
                    self.lacks({key: original[key]}, opath, shown)
                else:
                    self.lacks(original[key], (*opath, key), _join(shown, key), _ident_key(key))
        return out

    def sequence(self, original: list[Any], words: Any, opath: Path, tpath: Path, shown: str,
                 ident: str | None) -> list[Any]:
        key = ident or "id"
        if _keyed(original, key):
            if not isinstance(words, dict):
                self.warn(self.words.positions.value(tpath), f"{shown} must be a mapping from "
                          f"each entry's {key} to its texts", "W310")
                return original
            names = [str(item[key]) for item in original]
            for name in words:
                if name not in names:
                    self.warn(self.words.positions.key((*tpath, name)),
                              f"{shown}[{name}]: the original has no entry with the {key} "
                              f"{name!r}.{did_you_mean(name, names)}".removesuffix("."), "W310")
            out = []
            for k, item in enumerate(original):
                name = str(item[key])
                label = f"{shown}[{name}]"
                if name in words:
                    out.append(self.node(item, words[name], (*opath, k), (*tpath, name), label,
                                         key))
                else:
                    self.lacks(item, (*opath, k), label, key)
                    out.append(item)
            return out
        if not isinstance(words, list):
            self.warn(self.words.positions.value(tpath), f"{shown} must be a list, item by item "
                      "in the original's order (its entries have no id)", "W310")
            return original
        for k in range(len(original), len(words)):
            self.warn(self.words.positions.value((*tpath, k)), f"{shown}[{k}]: the original has "
                      f"only {len(original)} items here", "W310")
        out = list(original)
        for k, item in enumerate(original):
            if k < len(words):
                out[k] = self.node(item, words[k], (*opath, k), (*tpath, k), f"{shown}[{k}]")
            else:
                self.lacks(item, (*opath, k), f"{shown}[{k}]")
        return out

    def text(self, original: str, given: Any, opath: Path, tpath: Path, shown: str) -> str:
        if not isinstance(given, str) or not given.strip():
            self.warn(self.words.positions.value(tpath), f"{shown} must be a text, not "
                      f"{given!r}; the original's words show", "W310")
            return original
        self.out.translated += 1
        self.positions.values[opath] = self.words.positions.value(tpath)
        return given


def _join(shown: str, key: str) -> str:
    return f"{shown}.{key}" if shown else key


def overlay(original: Document, words: Document, lang: str) -> Overlay:
    """`original`'s data with the texts of `words` (its translation into `lang`) laid over.

    A translated text takes the position of its translation, so any problem
    with it (too long, a control character) points into the translation.
    """
    walk = _Walk(original, words, lang)
    walk.out.data = walk.node(original.data, words.data, (), (), "")
    return walk.out


def untranslated(original: Document, lang: str, expected: str) -> list[Problem]:
    """The one warning for a file with words and no translation at all into `lang`."""
    if not has_words(original.data):
        return []
    return [Problem(original.filename, 1, 1, f"this file has no "
                    f"{language_name(lang)} translation (no {expected}, no translations: "
                    f"{lang}); its texts show in the original's words", "W309", "warning")]
