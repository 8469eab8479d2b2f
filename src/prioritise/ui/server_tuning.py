"""Streamlit settings read without a lock, once they are known.

Streamlit reads a setting (``config.get_option``) for every element it sends, under one
process-wide lock. With a room of phones, dozens of script threads queue on that lock and each
waits for the holder to get the interpreter back: at 50 phones sending at once this cost about
a fifth of the server's CPU time (benchmarks/workshop_load.py). Once the settings are parsed they
only change when the server restarts, so a read needs no lock; anything else (parsing, a missing
key) goes to Streamlit's own function.
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


def read_settings_without_lock() -> None:
    """Let every later setting read of this server skip the lock (once per process). Not
    under Streamlit's test harness, which swaps ``get_option`` itself while a script runs."""
    if getattr(config.get_option, "lock_free", False) or config.get_option("global.appTest"):
        return
    config.get_option = _lock_free(config.get_option)  # type: ignore[assignment]
