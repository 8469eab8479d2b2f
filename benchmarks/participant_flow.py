"""What one participant does on the phone, step by step, by the widget keys of the join view.

Kept apart from the benchmark so that the steps follow the participant page: each step is what
a person does with a thumb (type a name, move a slider, press a button).
"""

from __future__ import annotations

import random

from streamlit_client import Tab

POINTS_STEP = 5


def _choose(tab: Tab, key: str, rng: random.Random) -> None:
    element = tab.widget(key)
    if element is not None and list(element.proto.options):
        tab.set(key, rng.choice(list(element.proto.options)))


async def join(tab: Tab, name: str, rng: random.Random) -> float:
    """Fill the join form and press Join; the seconds until the answer screen is drawn."""
    tab.set("wp_name", name)
    tab.set("wp_org", "Load test")
    _choose(tab, "wp_group", rng)
    return await tab.submit("wp_join")


def _sliders(tab: Tab) -> list[str]:
    return [e.id for e in tab.shown(["slider"])]


async def answer_everything(tab: Tab, rng: random.Random) -> None:
    """Move every slider on the answer form to a point value of the person's own."""
    for widget_id in _sliders(tab):
        tab.values[widget_id] = _slider_state(widget_id, rng.randrange(0, 101, POINTS_STEP))


def _slider_state(widget_id: str, value: float):  # type: ignore[no-untyped-def]
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.double_array_value.data.extend([float(value)])
    return state


def _answer_form(tab: Tab) -> str:
    for element in tab.shown(["button"]):
        if element.proto.is_form_submitter and element.proto.form_id.startswith("wp_answer"):
            return str(element.proto.form_id)
    raise LookupError("no answer form on the page")


async def send(tab: Tab) -> float:
    """Press Send; the seconds until the page is drawn again."""
    return await tab.submit(_answer_form(tab))


def confirmed(tab: Tab) -> bool:
    """Whether the page drawn after a send says the answer was saved."""
    return bool(tab.alerts("success")) and not tab.alerts("error")


async def revise(tab: Tab, rng: random.Random) -> float:
    """Change one answer and send again."""
    sliders = _sliders(tab)
    chosen = rng.choice(sliders)
    tab.values[chosen] = _slider_state(chosen, rng.randrange(0, 101, POINTS_STEP))
    return await send(tab)
