"""Streamlit settings read without a lock, once they are known.

Streamlit reads a setting (``config.get_option``) for every element it sends, and the theme's
sections (``config.get_options_for_section``, a pass over every setting) for every run, under one
process-wide lock. With a room of phones, dozens of script threads queue on that lock and each
waits for the holder to get the interpreter back: at 50 phones sending at once this cost about
a fifth of the server's CPU time (benchmarks/workshop_load.py). Once the settings are parsed they
only change when the server restarts, so a read needs no lock; anything else (parsing, a missing
key) goes to Streamlit's own function. A section is kept for as long as Streamlit keeps the
same parsed settings (it parses them again into a new table when a config file changes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit import config


def _lock_free(locked: Callable[[str], Any]) -> Callable[[str], Any]:
    def get_option(key: str) -> Any:
        options = getattr(config, "_config_options", None)
        if options:
            found = options.get(key)
            if found is not None:
                return found.value
        return locked(key)

    get_option.lock_free = True  # type: ignore[attr-defined]
    return get_option


_kept_sections: dict[str, tuple[object, dict[str, Any]]] = {}


def _sections_kept(plain: Callable[[str], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    kept = _kept_sections

    def get_options_for_section(section: str) -> dict[str, Any]:
        options = getattr(config, "_config_options", None)
        if not options:
            return plain(section)
        found = kept.get(section)
        if found is None or found[0] is not options:
            found = kept[section] = (options, plain(section))
        return dict(found[1])

    get_options_for_section.lock_free = True  # type: ignore[attr-defined]
    return get_options_for_section


def _forgets_sections(plain: Callable[..., None]) -> Callable[..., None]:
    def set_option(*args: Any, **kwargs: Any) -> None:
        plain(*args, **kwargs)
        _kept_sections.clear()

    set_option.lock_free = True  # type: ignore[attr-defined]
    return set_option


def read_settings_without_lock() -> None:
    """Let every later setting read of this server skip the lock (once per process). Not
    under Streamlit's test harness, which swaps ``get_option`` itself while a script runs."""
    if getattr(config.get_option, "lock_free", False) or config.get_option("global.appTest"):
        return
    config.get_option = _lock_free(config.get_option)  # type: ignore[assignment]
    config.get_options_for_section = _sections_kept(config.get_options_for_section)  # type: ignore[assignment]
    config.set_option = _forgets_sections(config.set_option)
