"""The error of a robustness analysis that cannot run, said in the reader's language."""

from __future__ import annotations

from prioritise.text import LocalizedError


class RobustnessError(LocalizedError, ValueError):
    """A robustness analysis that cannot run, said in plain words (a catalogue message)."""
