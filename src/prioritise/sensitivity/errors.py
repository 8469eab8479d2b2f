"""The error of a sensitivity analysis that cannot run, said in the reader's language."""

from __future__ import annotations

from prioritise.text import LocalizedError


class SensitivityError(LocalizedError, ValueError):
    """A sensitivity analysis that cannot run, said in plain words (a catalogue message)."""
