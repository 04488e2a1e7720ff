"""Loading a scenario file and its catalogues into a checked `Scenario`.

Reads files but changes nothing. Three passes, each collecting every
problem it finds: YAML (safe, with positions), shape (pydantic), then
cross-references (`engine.checks`). Any problem raises `ProblemError`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from engine.catalogues import LIST_KEYS, Lists, merge_list
from engine.checks import cross_check
from engine.controls import first_control
from engine.model import CODE_PATTERN, Scenario, Term
from engine.ownfiles import check_own_files
from engine.problems import SILENCEABLE, Problem, ProblemError, did_you_mean
from engine.shape import dotted, shape_problems
from engine.translation import ORIGINAL, overlay, translation_path, untranslated, wanted_language
from engine.yamlsafe import Document, Path, Positions, read_yaml

CATALOGUE_KEYS = {"catalogue", *LIST_KEYS, "rules", "epilogue", "glossary", "translations"}
# mappings merged key by key, the scenario's values winning
MAP_KEYS = ("rules", "epilogue")
# lists merged entry by entry: a later file's entry replaces an earlier one of the same id
KEYED_KEYS = ("glossary",)


def _include_path(name: str, base: FsPath, library: Sequence[FsPath]) -> FsPath | None:
    """Where an included catalogue is: beside the scenario, else in a library folder.

    Only plain relative paths inside those folders are allowed, so a
    scenario cannot read arbitrary files on the player's machine.
    """
    rel = FsPath(name)
    if rel.is_absolute() or ".." in rel.parts or not name.endswith((".yaml", ".yml")):
        return None
    for root in (base, *library):
        candidate = (root / rel).resolve()
        if candidate.is_relative_to(root.resolve()) and candidate.is_file():
            return candidate
    return None


def deep_merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Merge `extra` into `into`, mapping by mapping; `extra`'s other values win."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            deep_merge(into[key], value)
        else:
            into[key] = value


def translated(doc: Document, lang: str | None) -> Document:
    """`doc` with its texts in `lang`: from its own `translations:` and the file beside it.

    The file beside it (`germany.de.yaml`) wins key by key over the inline
    texts. What laying them over finds (W309-W311) goes into `notes`; the
    data keeps the original's words wherever the translation has none.
    """
    if lang is None or not isinstance(doc.data, dict):
        return doc
    parts: list[Document] = []
    inline = doc.data.get("translations")
    if isinstance(inline, dict) and lang in inline:
        parts.append(Document(inline[lang], doc.positions.moved(("translations", lang), ()),
                              doc.filename))
    notes: list[Problem] = []
    beside = translation_path(FsPath(doc.filename), lang)
    if beside.is_file() or beside.is_symlink():
        if not beside.resolve().is_relative_to(FsPath(doc.filename).resolve().parent):
            notes.append(Problem(str(beside), 1, 1, "this translation is a link that leaves the "
                                 "folder of the file it translates, and is not read", "W311",
                                 "warning"))
        else:
            try:
                parts.append(read_yaml(str(beside)))
            except ProblemError as exc:
                notes += [Problem(p.file, p.line, p.col, f"{p.message}; the translation is not "
                                  "used", "W311", "warning") for p in exc.problems]
    if not parts:
        missing = [] if notes else untranslated(doc, lang, beside.name)
        return Document(doc.data, doc.positions, doc.filename, [*doc.notes, *notes, *missing])
    words = parts[0]
    if len(parts) == 2:
        data: dict[str, Any] = {}
        positions = Positions()
        for part in parts:
            if isinstance(part.data, dict):
                deep_merge(data, _copied(part.data))
            positions.update(part.positions)
        words = Document(data if all(isinstance(p.data, dict) for p in parts) else parts[1].data,
                         positions, parts[1].filename)
    laid = overlay(doc, words, lang)
    return Document(laid.data, laid.positions, doc.filename,
                    [*doc.notes, *notes, *laid.problems])


def _copied(node: Any) -> Any:
    """A copy of plain data, mapping by mapping, so merging into it leaves the original."""
    if isinstance(node, dict):
        return {k: _copied(v) for k, v in node.items()}
    return node


def merge_documents(main: Document, library: Sequence[FsPath] = (),
                    lang: str | None = None) -> Document:
    """The scenario with its `include`d catalogues merged in, positions kept per file.

    Catalogue lists (`actions`, `lines`, `events`, `envoys`) come first, then
    the scenario's own, an entry with an earlier file's id taking its place
    (`engine.catalogues`); `rules` and `epilogue` merge key by key, the
    scenario's values winning (so a shared `epilogue.closing` joins each
    scenario's own paragraphs). What merging finds goes into `notes`.
    A `glossary` entry replaces an earlier file's entry of the same id.
    With `lang`, each file's texts are first translated (`translated`).
    """
    if not isinstance(main.data, dict):
        line, col = main.positions.value(())[1:]
        raise ProblemError([Problem(main.filename, line, col,
                                    "a scenario file must be a mapping of keys to values")])
    lang = wanted_language(lang)
    main = translated(main, lang)
    includes = main.data.get("include", [])
    if not isinstance(includes, list):
        main.language = lang
        return main  # the shape pass reports it
    notes: list[Problem] = []
    problems: list[Problem] = []
    lists = Lists()
    merged: dict[str, Any] = {**lists.items, "rules": {}, "epilogue": {}, "glossary": []}
    positions = Positions()
    base = FsPath(main.filename).resolve().parent
    for index, name in enumerate(includes):
        _, line, col = main.positions.value(("include", index))
        found = _include_path(str(name), base, library) if isinstance(name, str) else None
        if found is None:
            problems.append(Problem(main.filename, line, col, f"cannot find the catalogue {name!r} "
                                    "(a relative .yaml path beside the scenario or in the "
                                    "bundled scenarios folder)", "E010"))
            continue
        try:
            doc = read_yaml(str(found))
        except ProblemError as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.filename, 1, 1, "a catalogue must be a mapping", "E011"))
            continue
        for key in doc.data:
            if key not in CATALOGUE_KEYS:
                _, kl, kc = doc.positions.key((key,))
                problems.append(Problem(doc.filename, kl, kc, f"a catalogue holds only "
                                        f"{sorted(CATALOGUE_KEYS)}, not {key!r}", "E011"))
        doc = translated(doc, lang)
        notes += doc.notes
        _merge_into(merged, positions, doc, lists)
    if problems:
        raise ProblemError(problems)
    _merge_into(merged, positions, main, lists, catalogue=False)
    for key in (*MAP_KEYS, *KEYED_KEYS):
        if not merged[key]:
            del merged[key]
    return Document(merged, positions, main.filename, [*notes, *main.notes, *lists.problems],
                    lang)


def _merge_into(merged: dict[str, Any], positions: Positions, doc: Document, lists: Lists,
                catalogue: bool = True) -> None:
    for key, value in doc.data.items():
        if key in ("catalogue", "translations") and catalogue:
            continue
        if key in LIST_KEYS and isinstance(value, list) and merged[key] is lists.items[key]:
            merge_list(lists, positions, doc, key, value)
        elif key in MAP_KEYS and isinstance(value, dict) and isinstance(merged[key], dict):
            deep_merge(merged[key], value)
            positions.update(doc.positions.moved((key,), (key,)))
        elif key in KEYED_KEYS and isinstance(value, list) and isinstance(merged[key], list):
            _merge_keyed(merged[key], positions, doc, key, value)
        else:
            merged[key] = value
            positions.update(doc.positions.moved((key,), (key,)))
    positions.values[()] = doc.positions.value(())  # the last file merged is the scenario


def _merge_keyed(into: list[Any], positions: Positions, doc: Document, key: str,
                 value: list[Any]) -> None:
    """`value`'s entries into `into`: one whose id an earlier file gave takes that entry's
    place; the others, and a second entry of the same id in this file, go at the end (so
    the checker reports the twin, E201)."""
    earlier = {item.get("id"): k for k, item in enumerate(into) if isinstance(item, dict)}
    for src, dst in ((doc.positions.values, positions.values),
                     (doc.positions.keys, positions.keys)):
        if (key,) in src and (not into or (key,) not in dst):  # the list itself: its first file
            dst[(key,)] = src[(key,)]
    taken: set[Any] = set()
    for i, item in enumerate(value):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str) and ident in earlier and ident not in taken:
            at = earlier[ident]
            into[at] = item
        else:
            at = len(into)
            into.append(item)
        taken.add(ident)
        positions.update(doc.positions.moved((key, i), (key, at)))


def scenario_from_document(doc: Document) -> Scenario:
    """Validate merged data into a `Scenario`, or raise `ProblemError` if it has an error."""
    scenario, problems = check_document(doc)
    if scenario is None:
        raise ProblemError(problems)
    return scenario


def check_document(doc: Document) -> tuple[Scenario | None, list[Problem]]:
    """Every problem of a merged scenario: shape, texts, cross-references, silenced codes.

    The one checker behind `comintern validate`, the game's loading and the
    test of the bundled scenarios. When the shape is wrong only in items of
    the top-level lists (an event, a region...), the cross-references of
    everything else are checked too, so one run shows both kinds.
    """
    problems = control_problems(doc) + doc.notes
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        problems += shape_problems(exc, doc, Scenario) + _cross_check_the_rest(doc, exc)
    else:
        problems += cross_check(scenario, doc.positions) + check_own_files(scenario, doc)
        if scenario.map is not None:
            scenario._source_folder = str(FsPath(doc.filename).resolve().parent)
        scenario._language = doc.language or ORIGINAL
    problems = silenced(problems, doc)
    if any(p.severity == "error" for p in problems):
        scenario = None
    return scenario, sorted(problems)


def _cross_check_the_rest(doc: Document, error: ValidationError) -> list[Problem]:
    """Cross-references of a scenario without the list items whose shape is wrong."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    bad: dict[str, set[int]] = {}
    for err in error.errors(include_url=False):
        loc = err["loc"]
        if not (len(loc) >= 3 and isinstance(loc[0], str) and isinstance(loc[1], int)
                and isinstance(data.get(loc[0]), list)):
            return []  # a whole section or a top-level value is wrong: nothing to check against
        bad.setdefault(loc[0], set()).add(loc[1])
    rest = dict(data)
    positions = Positions()
    for src, dst in ((doc.positions.values, positions.values),
                     (doc.positions.keys, positions.keys)):
        dst.update((path, pos) for path, pos in src.items()
                   if not (len(path) > 1 and path[0] in bad and isinstance(path[1], int)))
    unchecked: set[str] = set()
    for section, drop in bad.items():
        items = data[section]
        kept = [i for i in range(len(items)) if i not in drop]
        rest[section] = [items[i] for i in kept]
        for new, old in enumerate(kept):
            positions.update(doc.positions.moved((section, old), (section, new)))
        unchecked |= {str(items[i]["id"]) for i in drop
                      if isinstance(items[i], dict) and "id" in items[i]}
    try:
        scenario = Scenario.model_validate(rest)
    except ValidationError:
        return []  # e.g. a list that must not be empty holds only broken items
    # checks of order and of the last item would judge a list with a hole in it
    judged_whole = {"E207", "E208", "E211", "E212"}
    return [p for p in cross_check(scenario, positions, unchecked) if p.code not in judged_whole]


def silenced(problems: list[Problem], doc: Document) -> list[Problem]:
    """The problems less the warnings and hints the file silences (`silence: [W301]`).

    Silencing an error, or a code that does not exist, is itself an error;
    silencing a code the file does not raise is a hint, so stale entries go.
    """
    codes = doc.data.get("silence") if isinstance(doc.data, dict) else None
    if not isinstance(codes, list):
        return problems
    raised = {p.code for p in problems}
    quiet: set[str] = set()
    out: list[Problem] = []
    for i, code in enumerate(codes):
        if not isinstance(code, str) or not re.fullmatch(CODE_PATTERN, code):
            continue  # the shape pass reports it
        file, line, col = doc.positions.value(("silence", i))
        if code.startswith("E"):
            out.append(Problem(file, line, col, f"{code} is an error, and errors cannot be "
                               "silenced: fix what it reports", "E217"))
        elif code not in SILENCEABLE:
            out.append(Problem(file, line, col, f"there is no warning or hint {code} (the "
                               "codes are listed in MODDING.md, section 6)."
                               f"{did_you_mean(code, SILENCEABLE)}".removesuffix("."), "E217"))
        elif code not in raised:
            out.append(Problem(file, line, col, f"silence lists {code}, but this file raises no "
                               f"{code}; remove it from the list", "H301", "hint"))
        else:
            quiet.add(code)
    return [p for p in problems if p.code not in quiet or p.severity == "error"] + out


def control_problems(doc: Document) -> list[Problem]:
    """Every text of the document that holds a control character (an escape sequence...)."""
    problems: list[Problem] = []

    def walk(value: Any, path: Path) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for k, item in enumerate(value):
                walk(item, (*path, k))
        elif isinstance(value, str) and (found := first_control(value)):
            file, line, col = doc.positions.value(path)
            problems.append(Problem(file, line, col, f"{dotted(path, doc.data)} holds the control "
                                    f"character {found}; remove it (a terminal would obey it)",
                                    "E216"))

    walk(doc.data, ())
    return problems


def load_scenario(path: str | FsPath, library: Sequence[FsPath] = (),
                  lang: str | None = None) -> Scenario:
    """Load, merge and check a scenario file; raises `ProblemError` listing every problem.

    With `lang` (`de`), its texts and its catalogues' are those of their
    translations where these have them (`engine.translation`); `en` or None
    is the original. The rules, and so the content hash, are the same.
    """
    doc = read_yaml(str(path))
    return scenario_from_document(merge_documents(doc, library, lang))


def check_file(path: str | FsPath, library: Sequence[FsPath] = (),
               lang: str | None = None) -> tuple[Scenario | None, list[Problem]]:
    """Every problem in a scenario file, warnings included; the scenario if it has no errors.

    With `lang`, also every problem of its translations into that language.
    """
    try:
        doc = merge_documents(read_yaml(str(path)), library, lang)
    except ProblemError as exc:
        return None, exc.problems
    return check_document(doc)


# Keys whose values are words for the reader, never read by the rules: a save
# stays valid when a modder or a translator rewrites them.
WORD_KEYS = frozenset({"name", "summary", "title", "text", "source", "note", "reason",
                       "briefing", "question", "country", "difficulty", "envoy", "epilogue",
                       "include", "silence", "glossary", "discussion"})


def _rules_only(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _rules_only(v) for k, v in node.items() if k not in WORD_KEYS}
    if isinstance(node, list):
        return [_rules_only(v) for v in node]
    return node


_HASHES: dict[int, tuple[Scenario, str]] = {}  # by id, holding the scenario so the id stays its
MAX_HASHES = 64


def content_hash(scenario: Scenario) -> str:
    """A hash of what the scenario does in play: its numbers, ids, dates and triggers.

    Words (`WORD_KEYS`: names, texts, sources, the epilogue) and comments do
    not count, so rewording or translating a scenario keeps its saved games.
    A scenario is frozen, so its hash is computed once (a class's logs ask
    for it once each, for every scenario found).
    """
    known = _HASHES.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    if len(_HASHES) >= MAX_HASHES:
        _HASHES.clear()
    digest = _hash_of(scenario)
    _HASHES[id(scenario)] = (scenario, digest)
    return digest


def _hash_of(scenario: Scenario) -> str:
    canonical = json.dumps(_rules_only(scenario.model_dump(mode="json", by_alias=True)),
                           sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def read_glossary(path: str | FsPath, lang: str | None = None) -> list[Term]:
    """The terms of a glossary catalogue alone (for a scenario that does not include the
    shared one), in `lang` where it has them; raises `ProblemError` if the file or an entry
    is wrong (a translation's problems are only warnings, and `validate` shows them)."""
    doc = translated(read_yaml(str(path)), wanted_language(lang))
    data = doc.data.get("glossary") if isinstance(doc.data, dict) else None
    if not isinstance(data, list):
        raise ProblemError([Problem(doc.filename, 1, 1, "a glossary catalogue holds a list "
                                    "under glossary:", "E011")])
    terms, problems = [], []
    for i, item in enumerate(data):
        try:
            terms.append(Term.model_validate(item))
        except ValidationError as exc:
            _, line, col = doc.positions.value(("glossary", i))
            problems.append(Problem(doc.filename, line, col, f"glossary[{i}]: "
                                    f"{exc.errors(include_url=False)[0]['msg']}", "E200"))
    if problems:
        raise ProblemError(problems)
    return terms
