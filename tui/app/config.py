"""Settings that persist: one JSON file, read forgivingly, written atomically."""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..core.analysis.claims import KINDS
from ..core.files import write_atomic
from ..core.text import scrub

CONFIG_NAME = "config.json"
#: Claim kinds highlighted by default: all of them.
DEFAULT_KINDS: tuple[str, ...] = KINDS


@dataclass
class Config:
    """The user's settings. Unknown keys in the file are kept by ``save_config``."""

    theme: str = "textual-dark"
    sidebar: bool = True
    #: Binding id -> keys, as ``App.set_keymap`` takes them, e.g. {"article.next_claim": "n"}.
    keymap: dict[str, str] = field(default_factory=dict)
    #: Claims scoring below this are not highlighted (0.0 to 1.0).
    #: Claims scored below this are quiet (a letter in the margin, no accents): the page stays
    #: calm, and ``v`` shows them all. 0.5 is where the check-worthiness model says "yes".
    min_score: float = 0.5
    #: Which claim kinds are highlighted.
    kinds: tuple[str, ...] = DEFAULT_KINDS
    #: Who publishes the ClaimReview export: {"name": …, "url": …} and {"name": …}; written
    #: to the file only when set.
    organization: dict[str, str] = field(default_factory=dict)
    reviewer: dict[str, str] = field(default_factory=dict)
    #: Who writes the notes, as a desk shows them ("" : the computer's user name).
    author: str = ""
    #: A desk's PostgreSQL server (postgresql://user@host/db; the password never here: in
    #: PGPASSWORD, ~/.pgpass or a service file). "": the notes stay on this machine.
    store_url: str = ""


def config_dir() -> Path:
    """$MARGIN_CONFIG_DIR, or the platform's user config directory for margin."""
    env = os.environ.get("MARGIN_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("margin")


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


# ---------------------------------------------------------------- reading

# Each checker returns the value to use, or raises ValueError with what was expected.

def _theme(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a theme name")
    return value.strip()


def _sidebar(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _key_list(value: Any) -> bool:
    """Whether ``value`` reads as keys: names (no spaces, no control characters) with commas
    between them, as "ctrl+f" or "n,j"."""
    if not isinstance(value, str):
        return False
    parts = [p.strip() for p in value.split(",")]
    return all(p and p.isprintable() and not any(c.isspace() for c in p) for p in parts)


def _keymap(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError('expected an object like {"binding.id": "key"}')
    good = {k: ",".join(p.strip() for p in v.split(",")) for k, v in value.items()
            if isinstance(k, str) and k and _key_list(v)}
    if len(good) != len(value):
        bad = ", ".join(str(k) for k in value if k not in good)
        # Keep the good entries; the caller reports the rest.
        raise _Partial(good, f'entries {bad} (expected keys as text, like "ctrl+f" or "n,j")')
    return good


def _min_score(value: Any) -> float:
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or not 0.0 <= value <= 1.0):
        raise ValueError("expected a number from 0 to 1")
    return float(value)


def _kinds(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ValueError('expected a list like ["quote", "statistic"]')
    out: list[str] = []
    for kind in value:
        kind = kind.strip().lower()
        if kind and kind not in out:
            out.append(kind)
    return tuple(out)


def _name(value: Any) -> str:
    """A name the user gave, as text on one line (no control characters)."""
    name = " ".join(scrub(value).split()) if isinstance(value, str) else ""
    if not name or len(name) > 200:
        raise ValueError("expected a name (up to 200 characters)")
    return name


def _organization(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError('expected an object like {"name": "…", "url": "https://…"}')
    out = {"name": _name(value.get("name"))}
    url = value.get("url")
    if url is None:
        return out
    if (not isinstance(url, str) or not url.lower().startswith(("http://", "https://"))
            or any(c.isspace() or not c.isprintable() for c in url)):
        raise _Partial(out, "url (expected an http(s) address)")
    return {**out, "url": url}


def _reviewer(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError('expected an object like {"name": "…"}')
    return {"name": _name(value.get("name"))}


def _store_url(value: Any) -> str:
    if not isinstance(value, str) or not value.isprintable():
        raise ValueError("expected a postgresql:// address")
    if value.strip() and not value.strip().lower().startswith(("postgresql://", "postgres://")):
        raise ValueError("expected a postgresql:// address")
    return value.strip()


def author_of(config: Config) -> str:
    """Who writes the notes: the config's ``author``, else the computer's user name."""
    if config.author:
        return config.author
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "someone"


class _Partial(ValueError):
    """Some of a value was usable: ``value`` is that part."""

    def __init__(self, value: Any, message: str) -> None:
        super().__init__(message)
        self.value = value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "theme": _theme,
    "sidebar": _sidebar,
    "keymap": _keymap,
    "min_score": _min_score,
    "kinds": _kinds,
    "organization": _organization,
    "reviewer": _reviewer,
    "author": _name,
    "store_url": _store_url,
}
assert set(_CHECKS) == {f.name for f in fields(Config)}


_DEFAULTS_KEPT = "using default settings (a copy of it is kept when settings are saved)"


#: A settings file is a few hundred bytes; one of megabytes is something else.
_MAX_BYTES = 1024 * 1024


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The file's JSON object, or None and why not (None, None when the file is missing)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # A pipe would wait for ever, /dev/zero never end: not read.
            return None, f"{path} is a pipe or a device, not a file; using default settings"
        with open(path, "rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror or exc}; using default settings"
    if len(raw) > _MAX_BYTES:
        return None, f"{path} is over {_MAX_BYTES // 2**20} MB: no settings file; {_DEFAULTS_KEPT}"
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, f"{path} is not UTF-8 text; {_DEFAULTS_KEPT}"
    except json.JSONDecodeError as exc:
        return None, (f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}); "
                      f"{_DEFAULTS_KEPT}")
    except RecursionError:
        return None, f"{path} is nested too deeply; {_DEFAULTS_KEPT}"
    if not isinstance(data, dict):
        return None, f"{path} does not hold a JSON object; {_DEFAULTS_KEPT}"
    return data, None


def _from_dict(data: dict[str, Any]) -> tuple[Config, list[str]]:
    config = Config()
    problems: list[str] = []
    for name, check in _CHECKS.items():
        if name not in data:
            continue
        try:
            setattr(config, name, check(data[name]))
        except _Partial as exc:
            setattr(config, name, exc.value)
            problems.append(f"{name} {exc}")
        except ValueError as exc:
            problems.append(f"{name} ({exc})")
    return config, problems


def load_config() -> tuple[Config, str | None]:
    """The saved settings and a one-line warning, or defaults. Never raises for a bad file.

    A missing file gives defaults and no warning. An unreadable or broken file gives defaults
    and a warning; a field of the wrong type is ignored (with a warning), the others kept. A
    keymap that gives one key to two bindings, or names a binding that does not exist, is kept
    and said.
    """
    from .keys import keymap_problems  # (here: the command line reads settings without Textual)

    path = config_path()
    data, warning = _read(path)
    if data is None:
        return Config(), warning
    config, problems = _from_dict(data)
    warnings = [f"ignored {'; '.join(problems)}"] if problems else []
    clashes = keymap_problems(config.keymap)  # well formed, yet one key for two bindings
    if clashes:
        warnings.append(f"keymap: {'; '.join(clashes)}")
    return config, (f"{path}: {'; '.join(warnings)}" if warnings else None)


def publisher_settings() -> tuple[dict[str, str], dict[str, str], str | None]:
    """The organisation and reviewer the user set for ClaimReview ({} when not set), and a
    one-line warning about them or the file (None when all is well)."""
    path = config_path()
    data, warning = _read(path)
    if data is None:
        return {}, {}, warning
    config, problems = _from_dict({k: data[k] for k in ("organization", "reviewer") if k in data})
    return (config.organization, config.reviewer,
            f"{path}: ignored {'; '.join(problems)}" if problems else None)


# ---------------------------------------------------------------- writing

def _to_dict(config: Config) -> dict[str, Any]:
    out: dict[str, Any] = {
        "theme": config.theme,
        "sidebar": bool(config.sidebar),
        "keymap": dict(config.keymap),
        "min_score": float(config.min_score),
        "kinds": list(config.kinds),
    }
    # Only what the user set: a file without these settings is written without them.
    out.update((k, dict(v)) for k, v in (("organization", config.organization),
                                         ("reviewer", config.reviewer)) if v)
    return out


def _keep_bad_copy(path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bad-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bad-{stamp}-{n}")
    shutil.copy2(path, target)
    return target


def save_config(config: Config) -> None:
    """Write the settings atomically (temp file, fsync, rename), creating the directory.

    Keys this version does not know are carried over from the file as it is now. A file that
    does not load cleanly (broken JSON, wrong types) is first kept as ``config.json.bad-<time>``.
    Raises OSError when the file cannot be written.
    """
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    current, warning = _read(path)
    if ((current is not None and _from_dict(current)[1]) or (warning and path.exists())) \
            and path.is_file():  # (a pipe or a device is not copied: it has no end)
        _keep_bad_copy(path)
    if (path.is_symlink() or path.exists()) and not path.is_file() and not path.is_dir():
        path.unlink()  # a pipe, or a link to a device: replaced by the settings file
    out = _to_dict(config)
    out.update((k, v) for k, v in (current or {}).items() if k not in _CHECKS)
    text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"

    write_atomic(path, text)
