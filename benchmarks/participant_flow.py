"""What one participant does on the phone, step by step, by the widget keys of the join view.

Kept apart from the benchmark so that the steps follow the participant page: each step is what
a person does with a thumb (type a name, move a slider, press a button).
"""

from __future__ import annotations

import asyncio
import random

from streamlit_client import Tab

POINTS_STEP = 5
NEXT = "wp_next"
SEND = "wp_send"
CHANGE = "wp_change"
"""Each screen's Next, Send and Change buttons have keys of their own: these followed by
"_" and the screen's name (`prioritise.ui.workshop.phone_screens.nav_key`)."""
MAX_SCREENS = 10


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


def _nav(tab: Tab, button: str) -> str | None:
    """The key of the screen's own `button` (Next, Send or Change), if it is on the page."""
    for element in tab.shown(["button"]):
        key = element.id.rsplit("-", 1)[-1]
        if key.startswith(button + "_"):
            return key
    return None


async def _press(tab: Tab, button: str) -> float:
    key = _nav(tab, button)
    if key is None:
        raise LookupError(f"no {button!r} button on the page")
    return await tab.press(key)


def _sliders(tab: Tab) -> list[str]:
    return [e.id for e in tab.shown(["slider"])]


def _slider_state(widget_id: str, value: float):  # type: ignore[no-untyped-def]
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.double_array_value.data.extend([float(value)])
    return state


async def _move_sliders(tab: Tab, rng: random.Random, think: tuple[float, float]) -> None:
    """Every slider on this screen to a point value of the person's own (not all at 0), one
    at a time: each move is a script run, as on the phone, after a moment's thought."""
    sliders = _sliders(tab)
    values = [rng.randrange(0, 101, POINTS_STEP) for _ in sliders]
    if values and not any(values):
        values[0] = 50
    for widget_id, value in zip(sliders, values, strict=True):
        await asyncio.sleep(rng.uniform(*think))
        tab.values[widget_id] = _slider_state(widget_id, value)
        await tab.changed(widget_id)


async def _to_review(
    tab: Tab, rng: random.Random | None, think: tuple[float, float] = (0.0, 0.0)
) -> None:
    """Screen after screen (moving the sliders when ``rng`` is given) until the review."""
    for _ in range(MAX_SCREENS):
        if _nav(tab, SEND) is not None:
            return
        if rng is not None:
            await _move_sliders(tab, rng, think)
        await _press(tab, NEXT)
    raise LookupError("the review screen never came")


async def answer_everything(tab: Tab, rng: random.Random, think: tuple[float, float]) -> None:
    """Answer every block on its own screen and stop at the review, before Send; ``think``
    is the range of seconds a person takes before each move."""
    await _to_review(tab, rng, think)


async def send(tab: Tab) -> float:
    """Press Send on the review; the seconds until the page is drawn again."""
    return await _press(tab, SEND)


def confirmed(tab: Tab) -> bool:
    """Whether the page drawn after a send says the answer was saved."""
    return bool(tab.alerts("success")) and not tab.alerts("error")


async def revise(tab: Tab, rng: random.Random) -> float:
    """Change one answer on the first screen, go on to the review and send again."""
    await _press(tab, CHANGE)
    chosen = rng.choice(_sliders(tab))
    tab.values[chosen] = _slider_state(chosen, rng.randrange(5, 101, POINTS_STEP))
    await _press(tab, NEXT)
    await _to_review(tab, None)
    return await send(tab)
