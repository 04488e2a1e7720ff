"""Finding bundled scenarios and writing files safely (atomically)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from engine.loader import load_scenario
from engine.model import Scenario
from engine.problems import Problem, ProblemError
from engine.tables import Tables


def scenarios_dir() -> Path:
    """The bundled scenarios folder, wherever the package was installed."""
    return Path(str(resources.files("scenarios")))


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def scenario_path(name: str) -> Path:
    """A scenario given by bundled id (`germany`) or by file path."""
    if name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name:
        return Path(name)
    path = scenarios_dir() / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(bundled_ids())
        raise ProblemError([Problem(name, 1, 1, f"no bundled scenario {name!r}; "
                                    f"bundled: {known}, or give a path to a .yaml file", "E001")])
    return path


def scenario_title(name: str) -> str | None:
    """A scenario's `name`, read from the head of its file without loading it (a few ms,
    where loading takes hundreds): for lists that show every scenario at once. None when
    the file cannot be read or has no top-level name; `open_scenario` says why."""
    depth, key = 0, None
    try:
        with scenario_path(name).open(encoding="utf-8") as fh:
            for event in yaml.parse(fh, Loader=yaml.SafeLoader):
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


def open_scenario(name: str) -> Scenario:
    """Load and check a scenario by id or path; includes also search the bundled folder."""
    return load_scenario(scenario_path(name), [scenarios_dir()])


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


def save_failure(exc: OSError, turns: Sequence[Any], tables: Tables, path: Path) -> str:
    """What a failed save means for the player: what the file still holds, how to go on."""
    saved = len(turns) - 1  # the turn being saved is the one that failed
    held = (f"it still holds the game up to {tables.date(saved - 1)} ({saved} turns)"
            if saved >= 1 else "it holds no turn yet")
    return (f"{exc.strerror or exc}; the last good save is {path}: {held}. Free some space "
            f"or choose another place, then: comintern play --resume {path}")
