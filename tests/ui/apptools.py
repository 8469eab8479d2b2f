"""AppTest helpers: start the app on a shipped scenario and move between pages.

Imported by the app tests as `tests.ui.apptools`; it is a helper, not a test module.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).parents[2]
APP = ROOT / "app.py"
PAGES = "src/prioritise/ui/pages"
SHIPPED = sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml"))
TIMEOUT = 60


def start(scenario: str | None = None, lang: str | None = None, **params: str) -> AppTest:
    """A first run of the app, opened the way a shared link with these settings would."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(params)
    if scenario:
        at.query_params["scenario"] = scenario
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"{PAGES}/{page}.py").run()


def assert_clean(at: AppTest) -> None:
    """No exception element and no plain failure message on the page."""
    assert not at.exception, [e.value for e in at.exception]
    failures = [e.value for e in at.error if "went wrong" in e.value or "Algo falló" in e.value]
    assert not failures, [c.value for c in at.caption]


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has this column."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


def chart_values(values: Any) -> list:
    """Plotly's JSON arrays, including its base64 typed arrays, as a plain list."""
    if isinstance(values, dict) and "bdata" in values:
        raw = base64.b64decode(values["bdata"])
        return np.frombuffer(raw, dtype=np.dtype(values["dtype"])).tolist()
    return list(values)


def charts(at: AppTest) -> list[dict]:
    """Every plotly figure on the page, as its JSON."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def submit_form(at: AppTest, form: str) -> AppTest:
    """Submit the form whose key holds `form`, and check the page ran clean."""
    button = next(
        b for b in at.button if b.key and b.key.startswith("FormSubmitter") and form in b.key
    )
    at = button.click().run()
    assert_clean(at)
    return at


def error_text(at: AppTest) -> str:
    """Every error box's text, Markdown escapes removed."""
    return "\n".join(e.value for e in at.error).replace("\\", "")
