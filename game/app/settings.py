"""The window's own settings (text size, key bindings, palette, guided first turn, the
language, the last game), kept as JSON.

Reads and writes one small file in the user's config folder
(`$XDG_CONFIG_HOME/far-from-moscow` on Linux); a file left in the data folder
by older versions is read once when the config folder has none. A damaged or
hostile file is ignored field by field, never executed.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from game.files import APP, data_dir, write_atomic
from game.i18n import LANGUAGES

MIN_SCALE, MAX_SCALE, SCALE_STEP = 0.8, 1.6, 0.1
MAX_BYTES = 100_000
FILE_NAME = "window-settings.json"
PALETTES = ("okabe-ito", "high-contrast")  # the names in `game.app.palette.PALETTES`
log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The same folder the `comintern` command uses for saves."""
    return data_dir()


def default_config_dir() -> Path:
    """The player's config folder: where the settings are kept."""
    return platformdirs.user_config_path(APP, appauthor=False)


@dataclass
class UISettings:
    text_scale: float = 1.0
    keys: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    last_save: str | None = None
    palette: str = PALETTES[0]
    guided_turn: bool = True  # the guided first turn (not built yet: only the setting)
    language: str | None = None  # a code of game.i18n.LANGUAGES; None: the system's

    def scaled(self, step: int) -> float:
        return round(min(max(self.text_scale + step * SCALE_STEP, MIN_SCALE), MAX_SCALE), 2)

    def to_json(self) -> str:
        return json.dumps({"text_scale": self.text_scale, "keys": self.keys,
                           "last_save": self.last_save, "palette": self.palette,
                           "guided_turn": self.guided_turn, "language": self.language},
                          indent=1, sort_keys=True) + "\n"


def load_settings(path: Path) -> UISettings:
    """The settings in `path`; defaults for anything missing or malformed."""
    settings = UISettings()
    try:
        raw = path.read_bytes()[:MAX_BYTES + 1]
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BYTES else {}
    except FileNotFoundError:
        return settings
    except (OSError, ValueError) as exc:
        log.warning("ignoring the settings in %s: %s", path, exc)
        return settings
    if not isinstance(data, dict):
        return settings
    scale = data.get("text_scale")
    if isinstance(scale, int | float) and MIN_SCALE <= scale <= MAX_SCALE:
        settings.text_scale = round(float(scale), 2)
    keys = data.get("keys")
    if isinstance(keys, dict):
        settings.keys = {str(ctx): {str(i): [str(n) for n in names if isinstance(n, str)]
                                    for i, names in table.items() if isinstance(names, list)}
                         for ctx, table in keys.items() if isinstance(table, dict)}
    last = data.get("last_save")
    if isinstance(last, str):
        settings.last_save = last
    if data.get("palette") in PALETTES:
        settings.palette = data["palette"]
    if isinstance(data.get("guided_turn"), bool):
        settings.guided_turn = data["guided_turn"]
    if isinstance(data.get("language"), str) and data["language"] in LANGUAGES:
        settings.language = data["language"]
    return settings


def load_or_migrate(config_dir: Path, old_dir: Path) -> UISettings:
    """The settings in the config folder; when it has none, those an older version left in
    the data folder, written at once to the config folder (so the old file is read once)."""
    path, old = config_dir / FILE_NAME, old_dir / FILE_NAME
    if path.exists() or not old.is_file():
        return load_settings(path)
    settings = load_settings(old)
    save_settings(path, settings)
    return settings


def save_settings(path: Path, settings: UISettings) -> None:
    try:
        write_atomic(path, settings.to_json())
    except OSError as exc:
        log.warning("cannot save the settings in %s: %s", path, exc)
