"""Helpers of the workshop app tests: answers, a participant's first run, texts on the page.

Imported by the app tests as `tests.ui.workshoptools`; it is a helper, not a test module.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.ui.apptools import ROOT, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def answer(growth: float = 50, exports: float = 30, jobs: float = 20, lag: float = 50) -> dict:
    return {
        "criteria": {"growth": float(growth), "exports": float(exports), "jobs": float(jobs)},
        "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
        "regional_criteria": {"specialisation": 100.0 - lag, "lagging": float(lag)},
    }


def participant(code: str, token: str | None = None, lang: str = "en") -> AppTest:
    params = {"join": code, "lang": lang} | ({"me": token} if token else {})
    return start(**params)


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value for element in getattr(at, kind)]


def bars(at: AppTest) -> list[str]:
    """The texts of the progress bars on the page (progress line and share bars)."""
    return [element.proto.text for element in at.get("progress")]
