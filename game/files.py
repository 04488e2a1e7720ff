"""Finding scenarios (bundled, the player's mods, a record's) and writing files atomically."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import platformdirs
import yaml

from engine.glossary import by_id, glossary_terms
from engine.loader import content_hash, load_scenario, read_glossary
from engine.model import ID_PATTERN, Scenario, Term
from engine.problems import Problem, ProblemError
from engine.readfile import read_regular
from engine.tables import Tables
from engine.translation import is_translation_file, translation_path, wanted_language
from engine.yamlsafe import MAX_BYTES

APP = "far-from-moscow"


def data_dir() -> Path:
    """The player's data folder: saves and mods ($XDG_DATA_HOME/far-from-moscow); the window's
    settings are in the config folder (`game.app.settings.default_config_dir`)."""
    return platformdirs.user_data_path(APP, appauthor=False)


def mods_dir() -> Path:
    """The player's own scenarios: files here are found by id, like the bundled ones."""
    return data_dir() / "mods"


def scenarios_dir() -> Path:
    """The bundled scenarios folder, wherever the package was installed."""
    return Path(str(resources.files("scenarios")))


def bundled_ids() -> list[str]:
    """The bundled scenarios' ids; a translation beside one (germany.de.yaml) is none."""
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml") if not is_translation_file(p))


def mod_ids() -> list[str]:
    """The ids of the scenario files in the player's mods folder (not those of bundled ones):
    `mods/ID.yaml`, or `mods/ID/ID.yaml` for a mod with files of its own (a map, a catalogue)."""
    bundled = set(bundled_ids())
    return sorted({p.stem for p in mod_files()} - bundled)


def mod_files() -> list[Path]:
    """The mods folder's scenario files: `ID.yaml` in it, then `ID/ID.yaml` in its folders."""
    folder = mods_dir()
    own = _yaml_files(folder)
    try:
        subs = sorted(d for d in folder.iterdir() if d.is_dir())
    except OSError:
        subs = []
    nested = [p for d in subs for p in _yaml_files(d) if p.stem == d.name
              and p.resolve().is_relative_to(folder.resolve())]
    return own + nested


def scenario_ids() -> list[str]:
    """Every scenario the player can start by id: the bundled ones, then the mods."""
    return bundled_ids() + mod_ids()


def scenario_path(name: str) -> Path:
    """A scenario given by id (bundled, else in the mods folder) or by file path."""
    if name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name:
        return Path(name)
    for folder, path in ((scenarios_dir(), scenarios_dir() / f"{name}.yaml"),
                         (mods_dir(), mods_dir() / f"{name}.yaml"),
                         (mods_dir(), mods_dir() / name / f"{name}.yaml")):
        if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
            return path
    known = ", ".join(bundled_ids())
    raise ProblemError([Problem(name, 1, 1, f"no scenario {name!r}: bundled are {known}, and "
                                f"the mods folder {mods_dir()} has no {name}.yaml nor "
                                f"{name}/{name}.yaml; or give a path to a .yaml file", "E001")])


def scenario_title(name: str, lang: str | None = None) -> str | None:
    """A scenario's `name`, read from the head of its file without loading it.

    A few milliseconds, where loading takes hundreds: for lists that show
    every scenario at once. None when the file cannot be read or has no
    top-level name; `open_scenario` says why. With `lang`, the name its
    translation beside it gives, if it gives one (an inline one is not read).
    """
    try:
        code = wanted_language(lang)
        if code is not None:
            beside = translation_path(scenario_path(name), code)
            if beside.is_file() and (title := _top_name(beside)) is not None:
                return title
        return _top_name(scenario_path(name))
    except (ValueError, ProblemError):
        return None


def _top_name(path: Path) -> str | None:
    """The top-level `name` of a YAML file, read event by event up to it."""
    depth, key = 0, None
    try:
        raw = read_regular(str(path), MAX_BYTES, "scenario file")
        for event in yaml.parse(raw.decode("utf-8"), Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth == 2:
                    key = None  # a nested value: the next top-level scalar is a key
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                if depth == 0:
                    return None
            elif depth == 1 and isinstance(event, yaml.AliasEvent):
                key = None
            elif depth == 1 and isinstance(event, yaml.ScalarEvent):
                if key is None:
                    key = event.value
                elif key == "name":
                    return event.value
                else:
                    key = None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ProblemError):
        return None
    return None


def open_scenario(name: str, lang: str | None = None) -> Scenario:
    """Load and check a scenario by id or path; includes also search the bundled folder.

    `lang` (`de`) gives its texts in that language where it has them."""
    return load_scenario(scenario_path(name), [scenarios_dir()], lang)


@functools.cache
def shared_glossary(lang: str | None = None) -> tuple[Term, ...]:
    """The bundled glossary (`scenarios/common/glossary.yaml`), in `lang`, read once."""
    return tuple(read_glossary(scenarios_dir() / "common" / "glossary.yaml", lang))


def glossary_of(scenario: Scenario) -> dict[str, Term]:
    """Every term a front end may explain for `scenario`: its own glossary, and the shared
    one's terms, in the scenario's language, for what it does not define (a mod need not
    include it)."""
    return by_id(glossary_terms(scenario, shared_glossary(scenario.language)))


def template_text() -> str:
    """The commented skeleton of a new scenario (assets/templates/scenario.yaml)."""
    return (resources.files("assets") / "templates" / "scenario.yaml").read_text(encoding="utf-8")


def new_scenario(ident: str, folder: Path | None = None) -> Path:
    """Write the template as `folder/IDENT.yaml` (default: the mods folder); never overwrite.

    Raises ValueError for a name that is not an id, FileExistsError when the
    file is there already, OSError when it cannot be written.
    """
    if not re.fullmatch(ID_PATTERN, ident) or len(ident) > 40:
        raise ValueError(f"{ident!r} cannot be a scenario id: use lower-case letters, digits "
                         "and underscores, starting with a letter, at most 40 (e.g. britain_1929)")
    path = (folder if folder is not None else mods_dir()) / f"{ident}.yaml"
    title = ident.replace("_", " ").strip().capitalize()
    # quoted, so that an id such as `true` or `null` stays text
    text = (template_text().replace("__id__", json.dumps(ident), 1)
            .replace("__name__", json.dumps(title), 1))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot make its folder ({exc.strerror})", str(path)) from None
    with open(path, "x", encoding="utf-8") as handle:  # "x": an existing file is never replaced
        handle.write(text)
    return path


def _yaml_files(folder: Path) -> list[Path]:
    """The scenario files directly in `folder`; none that a link takes out of it."""
    try:
        root = folder.resolve()
        found = sorted(p for p in folder.glob("*.yaml") if not is_translation_file(p))
    except OSError:
        return []
    return [path for path in found if path.resolve().is_relative_to(root)]


def _candidates(ident: str) -> list[Path]:
    """Where a scenario with this id may be: files named for it first, then every mod."""
    named = [scenarios_dir() / f"{ident}.yaml", mods_dir() / f"{ident}.yaml",
             mods_dir() / ident / f"{ident}.yaml"]
    others = [p for p in mod_files() if p.name != f"{ident}.yaml"]
    return [p for p in named if p.is_file()] + others


_LOADED: dict[tuple[object, ...], Scenario] = {}


def _fingerprint(path: Path) -> tuple[object, ...]:
    """What a loaded scenario depends on: its file's bytes, and the catalogues and
    translations it may include (the .yaml files in its folder and one level below, and the
    shared ones) by size and time of change.

    The bytes, not the time: an edit saved twice within a clock tick, at the same size,
    is still seen. `ProblemError` when the file cannot be read.
    """
    digest = hashlib.sha256(read_regular(str(path), MAX_BYTES, "scenario file")).hexdigest()
    near: list[tuple[str, int, int]] = []
    for folder in (path.parent, scenarios_dir() / "common"):
        with contextlib.suppress(OSError):
            for found in sorted([*folder.glob("*.yaml"), *folder.glob("*/*.yaml")]):
                with contextlib.suppress(OSError):
                    info = found.stat()
                    near.append((str(found), info.st_mtime_ns, info.st_size))
    return (str(path.resolve()), digest, tuple(near))


def _loaded(path: Path, lang: str | None = None) -> Scenario:
    """The scenario in `path`, in `lang`, loaded once while neither it nor the catalogues and
    translations it may include change (a class report finds the same scenario for every
    student's log)."""
    code = wanted_language(lang)
    key = (*_fingerprint(path), code)
    if key not in _LOADED:
        if len(_LOADED) >= 16:
            _LOADED.clear()
        _LOADED[key] = load_scenario(path, [scenarios_dir()], code)
    return _LOADED[key]


def _of_id(ident: str, lang: str | None,
           broken: list[ProblemError]) -> Iterator[tuple[Path, Scenario]]:
    """The candidate files that load as the scenario `ident`, in the order searched; when the
    file named for it does not load, its problems go into `broken` (a broken mod is not the
    one looked for, but a modder must see why their own file was passed over)."""
    for path in _candidates(ident):
        try:
            scenario = _loaded(path, lang)
        except ProblemError as exc:
            if path.stem == ident and not broken:
                broken.append(exc)
            continue
        if scenario.id == ident:
            yield path, scenario


def find_scenario(ident: str, digest: str, given: str | None = None,
                  where: str = "the record", lang: str | None = None) -> Scenario:
    """The scenario a record was played with, by its id and content hash, its words in `lang`
    (`locate_scenario`)."""
    return locate_scenario(ident, digest, given, where, lang)[0]


def locate_scenario(ident: str, digest: str, given: str | None = None,
                    where: str = "the record", lang: str | None = None) -> tuple[Scenario, Path]:
    """The scenario a record was played with, by its id and content hash, and its file.

    It is looked for among the bundled scenarios and the player's mods, or
    taken from `given`, a file the user named. A record never names the
    file itself: a stranger's record could name a FIFO or a secret. A file
    of that id with other content is E402 (`scenario_now` finds it). The
    language changes no rule, so a game played in one replays in any other.
    """
    wanted = f"{ident!r} (hash {digest})"
    if given:
        scenario = open_scenario(given, lang)
        if scenario.id != ident or content_hash(scenario) != digest:
            raise ProblemError([Problem(given, 1, 1, f"this is the scenario {scenario.id!r} (hash "
                                        f"{content_hash(scenario)}), but {where} was played "
                                        f"with {wanted}", "E402")])
        return scenario, Path(given)
    changed: list[tuple[Path, str]] = []
    broken: list[ProblemError] = []
    for path, scenario in _of_id(ident, lang, broken):
        if content_hash(scenario) == digest:
            return scenario, path
        changed.append((path, content_hash(scenario)))
    if broken and not changed:
        raise broken[0]  # the file named for it does not load, and no other will do
    if changed:
        path, now = changed[0]
        message = (f"the scenario {ident!r} has changed since the game was recorded ({path} has "
                   f"hash {now}, the record {digest}); give the file it was played with: "
                   "--scenario PATH")
    else:
        message = (f"{where} was played with the scenario {wanted}, which is neither bundled nor "
                   f"in the mods folder {mods_dir()}; give its file: --scenario PATH")
    raise ProblemError([Problem(where, 1, 1, message, "E404" if not changed else "E402")])


def scenario_now(ident: str, given: str | None = None, where: str = "the record",
                 lang: str | None = None) -> tuple[Scenario, Path]:
    """The scenario of id `ident` as its file is now, whatever its hash, and that file: to
    replay a game on the rules it has today. `given` is a file the user named; its words
    are in `lang` where it has them.

    A file that does not load raises its problems, so a modder sees what to fix;
    none of that id is E404.
    """
    if given:
        scenario = open_scenario(given, lang)
        if scenario.id != ident:
            raise ProblemError([Problem(given, 1, 1, f"this is the scenario {scenario.id!r}, but "
                                        f"{where} was played with {ident!r}", "E402")])
        return scenario, Path(given)
    broken: list[ProblemError] = []
    for path, scenario in _of_id(ident, lang, broken):
        return scenario, path
    if broken:
        raise broken[0]  # the file named for it: its problems are the ones to show
    raise ProblemError([Problem(where, 1, 1, f"{where} was played with the scenario {ident!r}, "
                                f"which is neither bundled nor in the mods folder {mods_dir()}; "
                                "give its file: --scenario PATH", "E404")])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def clear_stale_temps(path: Path) -> int:
    """Remove the temporary files a killed write left beside `path`; how many went.

    Only regular files named like this module's own temporaries are touched:
    a dot, the save's name, a dot and the eight characters mkstemp adds. A
    file that cannot be removed is left where it is.
    """
    removed = 0
    try:
        candidates = list(path.parent.glob(_temp_prefix(path) + "*"))
    except OSError:
        return 0
    for tmp in candidates:
        if len(tmp.name) == len(_temp_prefix(path)) + 8 and tmp.is_file() \
                and not tmp.is_symlink():
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
    return removed


def write_atomic(path: Path, text: str) -> None:
    """Write, flush, fsync, rename: a crash leaves the old file or the new, never half.

    Every error names `path`, never the temporary file beside it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot make its folder ({exc.strerror})", str(path)) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write in its folder ({exc.strerror})",
                      str(path)) from None
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a save is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, f"cannot write the file ({exc.strerror})", str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_failure(exc: OSError, saved: int, tables: Tables, path: Path) -> str:
    """What a failed save means for the player: what the file still holds, how to go on.

    `saved` is how many turns the last good save of `path` holds.
    """
    turns = f"{saved} turn" if saved == 1 else f"{saved} turns"
    held = (f"it still holds the game up to {tables.date(saved - 1)} ({turns})"
            if saved >= 1 else "it holds no turn yet")
    return (f"{exc.strerror or exc}; the last good save is {path}: {held}. Free some space "
            f"or choose another place, then: comintern play --resume {path}")
