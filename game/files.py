"""Finding bundled scenarios and writing files safely (atomically)."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path

from engine.loader import load_scenario
from engine.model import Scenario
from engine.problems import Problem, ProblemError


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


def open_scenario(name: str) -> Scenario:
    """Load and check a scenario by id or path; includes also search the bundled folder."""
    return load_scenario(scenario_path(name), [scenarios_dir()])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write, flush, fsync, rename: a crash leaves the old file or the new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot make its folder ({exc.strerror})", str(path)) from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
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
