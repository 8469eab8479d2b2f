"""Helpers for the live-workshop AppTest modules: the tutorial scenario, an answer, the
facilitator's page of a workshop, a participant's first run, and the texts of one kind of
element or of the progress bars.

Imported by the workshop tests as `tests.ui.workshop_tools`; it is a helper, not a test module
(the `store` fixture is in `tests/ui/conftest.py`).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from prioritise.workshop import WorkshopStore
from tests.ui.apptools import ROOT, go, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def answer(growth: float = 50, exports: float = 30, jobs: float = 20, lag: float = 50) -> dict:
    return {
        "criteria": {"growth": float(growth), "exports": float(exports), "jobs": float(jobs)},
        "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
        "regional_criteria": {"specialisation": 100.0 - lag, "lagging": float(lag)},
    }


def facilitator(store: WorkshopStore, code: str, secret: str, lang: str = "en") -> AppTest:
    at = start("tutorial", lang)
    at.session_state["wf_code"] = code
    at.session_state["wf_secret"] = secret
    return go(at, "workshop_facilitator")


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value for element in getattr(at, kind)]


def participant(code: str, token: str | None = None, lang: str = "en") -> AppTest:
    params = {"join": code, "lang": lang} | ({"me": token} if token else {})
    return start(**params)


def bars(at: AppTest) -> list[str]:
    """The texts of the progress bars on the page (progress line and share bars)."""
    return [element.proto.text for element in at.get("progress")]
