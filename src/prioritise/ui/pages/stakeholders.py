"""Stakeholders page: who takes part, their weights, how weights are combined, consensus."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import streamlit as st

from prioritise.scenario import HELIX_GROUPS, Scenario, Stakeholder
from prioritise.scoring.fast_values import METHODS
from prioritise.scoring.tree import weight_set_items
from prioritise.ui import i18n, number_box, state, widgets
from prioritise.ui.weights import editor as weights_editor
from prioritise.ui.weights.consensus_panel import consensus_panel

tr = i18n.page_text("stakeholders")


def new_id(name: str, taken: set[str]) -> str:
    """A valid, unused stakeholder id from a display name."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9]+", "_", plain).strip("_").lower()[:50] or "stakeholder"
    if not base[0].isalpha():
        base = f"s_{base}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def groups_of(scenario: Scenario) -> list[str]:
    """The quadruple-helix groups, then any other group in use."""
    used = [s.group for s in scenario.stakeholders]
    return [*HELIX_GROUPS, *dict.fromkeys(g for g in used if g not in HELIX_GROUPS)]


def _edit(change: Any, done: str) -> None:
    problems = state.apply_edit(change)
    if problems:
        widgets.show_problems(problems, tr("failed"), located=False)
    else:
        state.notify(done, "success")
        st.rerun()


def _settings(scenario: Scenario) -> None:
    priority = scenario.priority
    with st.expander(tr("settings")):
        cols = st.columns(4)
        method = cols[0].selectbox(
            tr("method"),
            METHODS,
            placeholder=i18n.t("choose_one"),
            index=METHODS.index(priority.method),
            format_func=i18n.labels_for(METHODS, i18n.method_label),
            help=tr("method_help"),
            key=state.choice_key("method"),
        )
        blend = cols[1].slider(
            tr("blend"),
            0,
            100,
            round(100 * priority.programme_blend),
            help=tr("blend_help"),
            key=state.widget_key("blend"),
        )
        aggregation = cols[2].radio(
            tr("aggregation"),
            ("arithmetic", "geometric"),
            index=("arithmetic", "geometric").index(priority.aggregation),
            format_func=i18n.labels_for(("arithmetic", "geometric"), lambda a: tr(f"agg_{a}")),
            key=state.choice_key("aggregation"),
        )
        count = cols[3].radio(
            tr("count"),
            ("stakeholder", "group"),
            index=("stakeholder", "group").index(priority.count),
            format_func=i18n.labels_for(("stakeholder", "group"), lambda c: tr(f"count_{c}")),
            key=state.choice_key("count"),
        )
    chosen = {
        "method": method,
        "programme_blend": blend / 100,
        "aggregation": aggregation,
        "count": count,
    }
    if any(getattr(priority, k) != v for k, v in chosen.items()):
        problems = state.apply_edit(lambda raw: raw["priority"].update(chosen))
        if problems:
            widgets.show_problems(problems, tr("failed"), located=False)
        else:
            st.rerun()


def _group_picker(scenario: Scenario, current: str, key: str) -> tuple[str, str]:
    options = groups_of(scenario)
    pick = st.selectbox(
        tr("group_pick"),
        options,
        placeholder=i18n.t("choose_one"),
        index=options.index(current) if current in options else 0,
        format_func=i18n.labels_for(options, i18n.group_label),
        key=state.choice_key(key, "pick"),
    )
    typed = st.text_input(tr("new_group"), key=state.widget_key(key, "new"))
    return pick, typed.strip()


def _add(scenario: Scenario) -> None:
    """The form for a new stakeholder. A refused form keeps what was typed; once someone is
    added the widgets' keys change with the number of stakeholders, so the form starts empty
    (clearing on every submit would also clear a refused form)."""
    count = len(scenario.stakeholders)
    popover = st.popover(tr("add"), icon=":material/person_add:")
    with popover, st.form(state.widget_key("add_form")):
        name = st.text_input(tr("name"), key=state.widget_key("add", count, "name"))
        organisation = st.text_input(tr("organisation"), key=state.widget_key("add", count, "org"))
        pick, typed = _group_picker(scenario, "public", f"add_group:{count}")
        influence = number_box.number_box(
            tr("influence"),
            1.0,
            key=state.widget_key("add", count, "influence"),
            help=tr("influence_help"),
        )
        submitted = st.form_submit_button(tr("add_button"), type="primary")
    if not submitted:
        return
    refused = number_box.problem_lines([influence])
    if not name.strip():
        refused = [f"- {tr('name')}: {tr('name_needed')}", *refused]
    if refused or influence.value is None:  # nothing applied; the form keeps what was typed
        with popover:  # under the form, which stays open, not hidden behind it
            widgets.show_lines(refused, tr("failed"))
        return
    ident = new_id(name, {s.id for s in scenario.stakeholders})
    person: dict[str, Any] = {
        "id": ident,
        "name": name.strip(),
        "group": typed or pick,
        "organisation": organisation.strip(),
        "influence": influence.value,
    }
    for weight_set in ("criteria", "enabling_areas", "regional_criteria"):
        items = weight_set_items(scenario, weight_set)
        if items:
            person[weight_set] = dict.fromkeys(items, 10.0)
    _edit(
        lambda raw: raw.setdefault("stakeholders", []).append(person),
        tr("added", name=name.strip()),
    )


def _details(scenario: Scenario, person: Stakeholder) -> None:
    with st.expander(tr("details")):
        with st.form(state.widget_key("details", person.id)):
            cols = st.columns(2)
            lang = i18n.current_language()
            shown = i18n.label(person, lang)  # the name as this language shows it
            name = cols[0].text_input(  # keyed by it: a name worded otherwise shows afresh
                tr("name"), value=shown, key=state.widget_key("name", person.id, shown)
            )
            organisation = cols[1].text_input(
                tr("organisation"),
                value=person.organisation,
                key=state.widget_key("organisation", person.id, person.organisation),
            )
            with cols[0]:
                pick, typed = _group_picker(scenario, person.group, f"group:{person.id}")
            influence = number_box.number_box(  # its key follows the influence saved
                tr("influence"),
                float(person.influence),
                key=number_box.shown_key(person.influence, lang, "influence", person.id),
                help=tr("influence_help"),
                where=cols[1],
            )
            submitted = st.form_submit_button(tr("save_details"))
        refused = number_box.problem_lines([influence]) if submitted else []
        if submitted and not name.strip():
            refused = [f"- {tr('name')}: {tr('name_needed')}", *refused]
        if refused:  # nothing applied; the form keeps what was typed
            widgets.show_lines(refused, tr("failed"))
        elif submitted:
            values = {
                "organisation": organisation.strip(),
                "group": typed or pick,
                "influence": influence.value,
            }

            def change(raw: dict[str, Any]) -> None:
                entry = next(p for p in raw["stakeholders"] if p["id"] == person.id)
                entry.update(values)
                if lang in (entry.get("names") or {}):  # the name this language showed
                    entry["names"][lang] = name.strip()
                else:
                    entry["name"] = name.strip()

            _edit(change, tr("details_saved"))
        shown = i18n.label(person)
        with st.popover(tr("remove", name=shown), icon=":material/person_remove:"):
            if st.button(
                tr("remove_confirm", name=shown),
                type="primary",
                key=state.widget_key("remove", person.id),
            ):
                _edit(
                    lambda raw: raw.__setitem__(
                        "stakeholders", [p for p in raw["stakeholders"] if p["id"] != person.id]
                    ),
                    tr("removed", name=shown),
                )


def _groups(scenario: Scenario) -> None:
    with st.expander(tr("groups")):
        members: dict[str, list[str]] = {}
        for person in scenario.stakeholders:
            members.setdefault(person.group, []).append(i18n.label(person))
        for group, names in members.items():
            st.markdown(
                "- " + tr("group_members", group=i18n.group_label(group), members=", ".join(names))
            )
        if not members:
            return
        with st.form(state.widget_key("rename_group")):
            old = st.selectbox(
                tr("from_group"),
                list(members),
                placeholder=i18n.t("choose_one"),
                format_func=i18n.labels_for(members, i18n.group_label),
                key=state.choice_key("group_old_name"),
            )
            new = st.text_input(tr("to_group"), key=state.widget_key("group_new_name"))
            submitted = st.form_submit_button(tr("rename_button"))
        if submitted and new.strip():

            def change(raw: dict[str, Any]) -> None:
                for person in raw["stakeholders"]:
                    if person.get("group", "public") == old:
                        person["group"] = new.strip()

            _edit(change, tr("renamed"))


def render() -> None:
    scenario = state.current()
    st.title(tr("title"))
    st.caption(tr("intro"))
    _settings(scenario)
    top = st.columns([1, 3])
    with top[0]:
        _add(scenario)
    _groups(scenario)
    if not scenario.stakeholders:
        st.info(i18n.t("no_stakeholders"))
        return
    # Keyed, so that the tabs keep their identity when the page is drawn again with a notice
    # above them: without a key, saving a stakeholder's details opened the first stakeholder.
    tabs = st.tabs([i18n.label(s) for s in scenario.stakeholders], key="stakeholder_tabs")
    for tab, person in zip(tabs, scenario.stakeholders, strict=True):
        with tab:
            st.caption(
                f"{i18n.group_label(person.group)} · {tr('influence')} "
                f"{i18n.number(person.influence, decimals=1)}"
                + (f" · {person.organisation}" if person.organisation else "")
            )
            _details(scenario, person)
            weights_editor.weights_section(scenario, person)
    st.divider()
    consensus_panel(scenario)


if __name__ in ("__main__", "__page__"):
    render()
