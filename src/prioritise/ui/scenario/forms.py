"""Forms that edit a scenario's constraints (the budget's is in `budget`), each change
validated before use.

Shares are shown as percentages (0–100) and stored as fractions; an empty cell means "no
limit". A submitted form whose result does not validate lists the problems and leaves the
scenario as it was, with the typed values still in the form to correct. Amounts with decimals
are typed in number boxes (`number_box`), which write them the reader's way ("0,25"), and
in tables whose number cells are text written and read the same way (`number_table`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.allocate import contradictions
from prioritise.scenario import Scenario
from prioritise.text import exact_decimals
from prioritise.ui import i18n, number_box, state, widgets
from prioritise.ui.scenario import number_table
from prioritise.ui.workshop import room

tr = i18n.page_text("scenario_forms")

PERCENT = number_box.Allowed(most=100.0, optional=True)
"""A share rule in percent: 0 to 100, or nothing (no such rule)."""
LINES = number_box.Allowed(least=1.0, optional=True, whole=True)
"""A line limit: a whole number of lines from 1, or nothing (no limit)."""
PLACE = "constraints"
"""Where the constraints form's notices show: under it."""
FIXED = ("programme", "enabling_area", "region", "year")
"""The columns of a commitment that name it (its amount is the one to type)."""
SHARE_SETTINGS = (
    "max_programme_share",
    "min_programme_share",
    "min_region_share",
    "max_region_share",
    "concentration",
    "continuity",
)


def number_or_none(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 6)


def _share(percent: Any) -> float | None:
    number = number_or_none(percent)
    return None if number is None else number / 100


def finish(problems: list, saved: str, failed: str, place: str, changed: bool = True) -> None:
    """After Apply: the problems that kept the scenario as it was, or `saved` in the page drawn
    again, under the form (`place`, whose notices the form shows: the top of a long page is
    out of view); when the form said what the scenario already said, that."""
    if problems:
        widgets.show_problems(problems, failed, located=False)
    elif not changed:
        st.info(tr("nothing_changed"), icon=":material/info:")
    else:
        state.notify(saved, "success", place)
        clash = contradictions(state.current())
        if clash:  # said at once, not only when the Portfolio page finds no split
            said = [f"- {i18n.library_text(note)}" for note in clash]
            state.notify("\n".join([tr("cannot_hold"), "", *said]), "warning", place)
        st.rerun()


# ---------------------------------------------------------------- constraints


def bounds_table(ids: list[str], names: list[str], bounds: dict) -> pd.DataFrame:
    """Rows of min/max percentages, indexed by id."""
    return pd.DataFrame(
        {
            "name": names,
            "min": [_pct(bounds[i].min) if i in bounds else None for i in ids],
            "max": [_pct(bounds[i].max) if i in bounds else None for i in ids],
        },
        index=pd.Index(ids, dtype=object),
    ).astype({"min": float, "max": float})


def bounds_from_table(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The non-empty rows of a min/max percentage table, as share bounds by id."""
    result: dict[str, dict[str, float]] = {}
    for ident, row in table.iterrows():
        entry = {k: s for k in ("min", "max") if (s := _share(row[k])) is not None}
        if entry:
            result[str(ident)] = entry
    return result


def crossed_bounds(table: pd.DataFrame, name: str, lang: str) -> list[str]:
    """The rows of a read min/max table (percentages) whose minimum is above their maximum,
    as Markdown bullets naming the table and the row, in percent: the scenario's own check
    would say "min (0.05) is above max (0.03)", with neither."""
    lines = []
    for row, low, high in zip(table["name"], table["min"], table["max"], strict=True):
        if math.isnan(low) or math.isnan(high) or low <= high:
            continue
        decimals = max(1, exact_decimals([low, high], 4))
        said = {
            "table": name,
            "row": widgets.plain_markdown(str(row)),
            "low": i18n.percent(low / 100, lang, decimals),
            "high": i18n.percent(high / 100, lang, decimals),
        }
        lines.append("- " + tr("crossed", lang, **said))
    return lines


def fixed_from_table(table: pd.DataFrame, ids: dict[str, dict[str, str]]) -> list[dict]:
    """Committed amounts from the editor's rows; display names turned back into ids."""
    fixed = []
    for _, row in table.iterrows():
        if all(
            row[k] is None or (isinstance(row[k], float) and math.isnan(row[k])) for k in row.index
        ):
            continue
        entry: dict[str, Any] = {}
        for key in ("programme", "enabling_area", "region"):
            name = row[key]
            if name not in ids[key]:
                raise ValueError(tr("unknown_name", name=name))
            entry[key] = ids[key][name]
        entry["year"] = int(row["year"])
        entry["amount"] = number_or_none(row["amount"])
        fixed.append(entry)
    return fixed


def _bounds_editor(
    title: str, table: pd.DataFrame, key: str, lang: str
) -> Callable[[str], number_table.TableReading]:
    """The table to edit; what it gives reads the edits, given the table's name for messages."""
    st.markdown(f"**{title}**")
    min_max = {"min": tr("col_min"), "max": tr("col_max")}
    columns = {k: number_table.Column(label, PERCENT, decimals=1) for k, label in min_max.items()}
    phone = room.on_phone()  # a name and both bounds in view, without a swipe
    name_px, number_px = (widgets.PHONE_NAME_PX, widgets.PHONE_NUMBER_PX) if phone else (None,) * 2
    edited = st.data_editor(
        number_table.shown(table, columns, lang),
        hide_index=True,
        column_config={
            "name": st.column_config.TextColumn(" ", disabled=True, width=name_px),
            **{
                k: number_table.text_column(column, lang, width=number_px)
                for k, column in columns.items()
            },
        },
        key=state.widget_key(key),
        placeholder="—",
        height=widgets.table_height(len(table)),
    )
    return lambda name: number_table.read_table(edited, columns, lang, name, ["name"], table)


def constraints_form(scenario: Scenario) -> None:
    lang = i18n.current_language()
    cons = scenario.constraints
    unit = widgets.unit_label(scenario)
    st.subheader(tr("cons_head"))
    regions = scenario.regions_north_to_south()
    with st.form(state.widget_key("constraints_form")):
        spend_all = st.checkbox(
            tr("spend_all"), value=cons.spend_all, key=state.widget_key("spend_all")
        )
        st.caption(tr("empty_means_none"))
        shares: dict[str, number_box.Reading] = {}
        columns = st.columns(3)
        for index, name in enumerate(SHARE_SETTINGS):
            help_text = tr(f"{name}_help") if name in ("concentration", "continuity") else None
            percent = _pct(getattr(cons, name))
            shares[name] = number_box.number_box(  # empty: no such rule
                tr(name),
                percent,
                key=number_box.shown_key(percent, lang, "cons", name),
                allowed=PERCENT,
                help=help_text,
                where=columns[index % 3],
                placeholder=i18n.t("none"),
            )
        left, right = st.columns(2)
        min_ticket = number_box.number_box(  # empty: no minimum ticket
            tr("min_ticket", unit=unit),
            cons.min_ticket,
            key=number_box.shown_key(cons.min_ticket, lang, "cons_ticket"),
            allowed=number_box.OPTIONAL_AMOUNT,
            help=tr("min_ticket_help"),
            where=left,
            placeholder=i18n.t("none"),
        )
        limit = None if cons.max_lines is None else float(cons.max_lines)
        max_lines = number_box.number_box(  # empty: no line limit
            tr("max_lines"),
            limit,
            key=number_box.shown_key(limit, lang, "cons_lines"),
            allowed=LINES,
            where=right,
            placeholder=i18n.t("none"),
        )
        read_regions = _bounds_editor(
            tr("region_table"),
            bounds_table(
                [r.id for r in regions], [i18n.label(r, lang) for r in regions], cons.region_share
            ),
            "cons_regions",
            lang,
        )
        read_programmes = _bounds_editor(
            tr("programme_table"),
            bounds_table(
                scenario.programme_ids,
                [i18n.label(p, lang) for p in scenario.programmes],
                cons.programme_share,
            ),
            "cons_programmes",
            lang,
        )
        read_areas = _bounds_editor(
            tr("area_table"),
            bounds_table(
                scenario.area_ids,
                [i18n.label(a, lang) for a in scenario.enabling_areas],
                cons.enabling_share,
            ),
            "cons_areas",
            lang,
        )
        names = {
            "programme": {i18n.label(p, lang): p.id for p in scenario.programmes},
            "enabling_area": {i18n.label(a, lang): a.id for a in scenario.enabling_areas},
            "region": {i18n.label(r, lang): r.id for r in regions},
        }
        label_of = {key: {v: k for k, v in table.items()} for key, table in names.items()}
        fixed = pd.DataFrame(
            [
                {
                    "programme": label_of["programme"].get(f.programme, f.programme),
                    "enabling_area": label_of["enabling_area"].get(
                        f.enabling_area, f.enabling_area
                    ),
                    "region": label_of["region"].get(f.region, f.region),
                    "year": f.year,
                    "amount": f.amount,
                }
                for f in cons.fixed
            ],
            columns=["programme", "enabling_area", "region", "year", "amount"],
        )
        st.markdown(f"**{tr('fixed_table', unit=unit)}**")
        amount = {"amount": number_table.Column(tr("col_amount"), number_box.AMOUNT, decimals=2)}
        fixed_edited = st.data_editor(
            number_table.shown(fixed, amount, lang),
            num_rows="dynamic",
            hide_index=True,
            placeholder="—",
            column_config={
                "programme": st.column_config.SelectboxColumn(
                    i18n.t("programme"), options=list(names["programme"])
                ),
                "enabling_area": st.column_config.SelectboxColumn(
                    i18n.t("enabling_area"), options=list(names["enabling_area"])
                ),
                "region": st.column_config.SelectboxColumn(
                    i18n.t("region"), options=list(names["region"])
                ),
                "year": st.column_config.SelectboxColumn(i18n.t("year"), options=scenario.years),
                "amount": number_table.text_column(amount["amount"], lang),
            },
            key=state.choice_key("cons_fixed"),  # its cells hold worded names
        )
        submitted = st.form_submit_button(tr("apply"), type="primary")
    widgets.show_notices(PLACE)
    if not submitted:
        return
    fixed_name = tr("fixed_name", unit=unit)
    tables = [
        read_regions(tr("region_name")),
        read_programmes(tr("programme_name")),
        read_areas(tr("area_name")),
        number_table.read_table(fixed_edited, amount, lang, fixed_name, FIXED, fixed),
    ]
    lines = number_box.problem_lines([*shares.values(), min_ticket, max_lines])
    lines += [line for table in tables for line in table.problems]
    needed = {key: i18n.t(key) for key in FIXED}  # the amount is read with the tables
    lines += number_table.missing_cells(fixed_edited, needed, fixed_name, FIXED, lang)
    if not lines:
        named = zip(
            tables[:3], (tr("region_name"), tr("programme_name"), tr("area_name")), strict=True
        )
        lines = [
            line for table, name in named for line in crossed_bounds(table.numbers, name, lang)
        ]
    if lines:  # nothing applied; the boxes and the tables keep what was typed
        widgets.show_lines(lines, tr("cons_failed"))
        return
    regions_read, programmes_read, areas_read, fixed_read = (t.numbers for t in tables)

    def change(raw: dict[str, Any]) -> None:
        target = raw.setdefault("constraints", {})
        target["spend_all"] = bool(spend_all)
        for name, reading in shares.items():
            target[name] = _share(reading.value)
        target["min_ticket"] = min_ticket.value
        target["max_lines"] = None if max_lines.value is None else int(max_lines.value)
        target["region_share"] = bounds_from_table(regions_read)
        target["programme_share"] = bounds_from_table(programmes_read)
        target["enabling_share"] = bounds_from_table(areas_read)
        target["fixed"] = fixed_from_table(fixed_read, names)
        for key in [k for k, v in target.items() if v is None]:
            del target[key]

    before = state.current()
    problems = state.apply_edit(change)
    finish(problems, tr("cons_saved"), tr("cons_failed"), PLACE, state.current() is not before)
