"""Adding, renaming and removing stakeholders and groups on the Stakeholders page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prioritise import scenario as scenario_io
from prioritise.scenario import load
from prioritise.text import name_of
from tests.ui.apptools import assert_clean, error_text, go, start, submit_form

ROOT = Path(__file__).parents[2]


def _name_box(at, person: str):
    """The details form's name box: its key ends with the name it shows (a name worded
    otherwise in the other language shows afresh after a switch)."""
    (box,) = [b for b in at.text_input if b.key and b.key.startswith(f"w:1:name:{person}:")]
    return box


def _scenario(at):
    return scenario_io.loads(at.session_state["scenario_text"])


def test_add_a_stakeholder_with_equal_weights_in_a_new_group() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    at.text_input(key="w:1:add:3:name").set_value("Región de Los Ríos")  # 3 stakeholders
    at.text_input(key="w:1:add_group:3:new").set_value("regional councils")
    at.text_input(key="w:1:add:3:influence").set_value("2")
    at.button(key="FormSubmitter:w:1:add_form-Add").click().run()
    assert_clean(at)
    added = _scenario(at).stakeholders[-1]
    assert added.id == "region_de_los_rios"
    assert added.name == "Región de Los Ríos" and added.group == "regional councils"
    assert added.influence == 2.0
    assert added.criteria == {"growth": 10.0, "exports": 10.0, "jobs": 10.0}
    assert "Región de Los Ríos" in [tab.label for tab in at.tabs]
    assert any("was added" in s.value for s in at.success)


def _errors_in_popovers(node: Any, inside: bool = False) -> list[str]:
    """The errors drawn inside a popover, anywhere under `node` of AppTest's tree."""
    proto = getattr(node, "proto", None)
    if proto is not None and proto.DESCRIPTOR.name == "Block":
        inside = inside or proto.WhichOneof("type") == "popover"
    found = [node.value] if inside and type(node).__name__ == "Error" else []
    children = getattr(node, "children", None)
    for child in children.values() if isinstance(children, dict) else ():
        found += _errors_in_popovers(child, inside)
    return found


def test_a_stakeholder_needs_a_name() -> None:
    """Said inside the popover of the form, which stays open: below its button the open form
    would cover it."""
    at = go(start("tutorial", "en"), "stakeholders")
    before = at.session_state["scenario_text"]
    at.button(key="FormSubmitter:w:1:add_form-Add").click().run()
    assert "- Name: a stakeholder needs a name" in "\n".join(_errors_in_popovers(at._tree))
    assert at.session_state["scenario_text"] == before


def test_rename_and_remove_a_stakeholder() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    _name_box(at, "industry").set_value("Chamber of industry")
    at.button(key="FormSubmitter:w:1:details:industry-Save details").click().run()
    at.run()
    assert _scenario(at).stakeholders[1].name == "Chamber of industry"
    at.button(key="w:1:remove:industry").click().run()
    at.run()
    assert_clean(at)
    assert [s.id for s in _scenario(at).stakeholders] == ["ministry", "university"]


def test_merging_groups_moves_every_member() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    at.selectbox(key="w:1:group_old_name").set_value("academia")
    at.text_input(key="w:1:group_new_name").set_value("public")
    at.button(key="FormSubmitter:w:1:rename_group-Rename").click().run()
    at.run()
    assert_clean(at)
    assert [s.group for s in _scenario(at).stakeholders] == ["public", "private", "public"]


def test_new_ids_are_valid_and_unused() -> None:
    from prioritise.ui.pages.stakeholders import new_id

    assert new_id("Ñuble — Gobierno Regional", set()) == "nuble_gobierno_regional"
    assert new_id("CORFO", {"corfo"}) == "corfo_2"
    assert new_id("2030 Agenda", set()) == "s_2030_agenda"
    assert new_id("???", set()) == "stakeholder"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_stakeholders_are_named_in_the_page_s_language(lang: str) -> None:
    """Tabs, groups and the remove button name each stakeholder in the page's language."""
    at = go(start("chile_transforma_2017", lang), "stakeholders")
    assert_clean(at)
    people = load(ROOT / "scenarios" / "chile_transforma_2017.toml").stakeholders
    names = [name_of(p, lang) for p in people]
    assert [tab.label for tab in at.tabs] == names
    other = [name_of(p, "en" if lang == "es" else "es") for p in people]
    shown = " ".join(m.value for m in at.markdown)
    assert not [n for n, o in zip(names, other, strict=True) if n != o and o in shown]
    assert any(n in shown for n in names)


def test_a_name_changed_on_a_spanish_screen_is_the_spanish_name() -> None:
    """The form shows the name in the page's language and saves it there: a file with names
    per language keeps the other language's name, and the tab shows the new one."""
    at = go(start("chile_transforma_2017", "es"), "stakeholders")
    before = _scenario(at).stakeholders[0]
    box = _name_box(at, "corfo")
    assert box.value == before.names["es"] != before.name
    box.set_value("CORFO — Gerencia Transforma")
    at = submit_form(at, "details:corfo")
    at.run()
    after = _scenario(at).stakeholders[0]
    assert after.names["es"] == "CORFO — Gerencia Transforma"
    assert after.name == before.name  # the English name, untouched
    assert "CORFO — Gerencia Transforma" in [tab.label for tab in at.tabs]


def test_a_stakeholder_s_name_cannot_be_emptied() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    before = at.session_state["scenario_text"]
    _name_box(at, "industry").set_value("  ")
    at = submit_form(at, "details:industry")
    assert "- Name: a stakeholder needs a name" in error_text(at)
    assert at.session_state["scenario_text"] == before
