"""What one participant does on the phone, step by step, by the widget keys of the join view.

Kept apart from the benchmark so that the steps follow the participant page: each step is what
a person does with a thumb (type a name, move a slider, press a button).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

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


async def change_one_answer(
    tab: Tab, rng: random.Random, changed: Callable[[], None] | None = None
) -> bool:
    """From the confirmation: change one answer on the first screen and go on to the review,
    ready to send again (nothing is sent). A page that reopened mid-change shows the change
    again on the first screen instead: it goes on from there, as a person would, and says
    so (True). `changed` is called once the change is in the page's address (its draft)."""
    if _nav(tab, CHANGE) is None and _sliders(tab):
        await _to_review(tab, None)
        return True
    await _press(tab, CHANGE)
    slider = rng.choice(tab.shown(["slider"]))
    # a new value: a "change" to the same answer could not tell a lost send from a stored one
    proto = slider.proto
    now = list(proto.value if proto.set_value else proto.default)[:1]
    value = rng.choice([v for v in range(5, 101, POINTS_STEP) if [float(v)] != now])
    tab.values[slider.id] = _slider_state(slider.id, value)
    await _press(tab, NEXT)
    if changed is not None:
        changed()
    await _to_review(tab, None)
    return False
