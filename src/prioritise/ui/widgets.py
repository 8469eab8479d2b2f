"""Small display helpers shared by pages: problem lists, provenance, money labels."""

from __future__ import annotations

import base64
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.runtime.uploaded_file_manager import UploadedFile

from prioritise.scenario import Problem, Scenario, grouped, location_text
from prioritise.scenario.summary import ILLUSTRATIVE
from prioritise.ui import i18n, state

PAGE_ICON = Path(__file__).resolve().parent / "icon.png"
"""The browser tab's icon, shipped with the package (an icon font would need the internet)."""
PAGE_ICON_URL = "data:image/png;base64," + base64.b64encode(PAGE_ICON.read_bytes()).decode()
"""The icon as the page is given it: a file path would be copied into the media store on every
script run of every session (one phone's page is run again at every tap)."""

tr = i18n.page_text("widgets")


def problem_lines(problems: Sequence[Problem], located: bool = True) -> list[str]:
    """Markdown bullets 'location: message', the location in code style; without `located`,
    the messages alone (for a change made on screen, where the place is the form itself and
    a field path of the file would mean nothing)."""
    lang = i18n.current_language()
    lines = []
    for problem, more in grouped(problems) if located else [(p, 0) for p in problems]:
        said = i18n.library_text(problem.message, lang)
        if not located:
            lines.append(f"- {said}")
            continue
        where = (
            location_text(problem.location, lang, problem.ids)
            if problem.location
            else tr("whole_file")
        )
        lines.append(f"- `{where}`{problem.aside(lang, more)}: {said}")
    return list(dict.fromkeys(lines))


def show_problems(
    problems: Sequence[Problem], heading: str, kept: bool = True, located: bool = True
) -> None:
    """Problems as a plain list, located in the file unless the change was made on screen
    (`located` false); says that nothing was lost."""
    show_lines(problem_lines(problems, located), heading, kept)


def show_notices(place: str | None = None) -> None:
    """The notices left for `place` by the run before (`state.notify`)."""
    for kind, notice in state.take_notices(place):
        {"success": st.success, "info": st.info}.get(kind, st.warning)(notice)


def show_lines(lines: Sequence[str], heading: str, kept: bool = True) -> None:
    """Problems already written as Markdown bullets ('- …') under `heading`; with `kept`,
    says that nothing was changed."""
    body = [f"**{heading}**", "", *lines]
    if kept:
        body += ["", tr("problems_kept")]
    st.error("\n".join(body), icon=":material/error:")


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def plain_markdown(text: str) -> str:
    """`text` shown as it is written: a cell's '$1,500' or '*' is not read as Markdown (nor
    '$…$' as a formula)."""
    return _MARKDOWN.sub(r"\\\1", text)


def is_illustrative(source_id: str | None) -> bool:
    return source_id is None or source_id == ILLUSTRATIVE


def provenance(scenario: Scenario, source_id: str | None, lang: str | None = None) -> str:
    """Where a figure comes from, or the illustrative marker."""
    if is_illustrative(source_id):
        return tr("illustrative_marker", lang)
    return scenario.source_title(source_id, lang or i18n.current_language()) or str(source_id)


def money(scenario: Scenario, amount: float | None, decimals: int = 1) -> str:
    meta = scenario.scenario
    return i18n.money(amount, meta.unit, meta.currency, decimals=decimals)


def lines_only_note(scenario: Scenario) -> None:
    """On a page that analyses the split: in a mixed scenario, say that it is the split of
    what the initiatives leave, with them held as chosen (`allocate.lines_scenario`)."""
    share = scenario.initiatives_share
    if not 0 < share < 1:
        return
    whole = float(scenario.budget.total)
    st.info(
        tr(
            "lines_only",
            initiatives=money(scenario, whole * share, 2),
            budget=money(scenario, whole, 2),
            lines=money(scenario, whole * (1 - share), 2),
        )
    )


def unit_label(scenario: Scenario) -> str:
    """'M USD' / 'MM USD' for column headers."""
    meta = scenario.scenario
    return i18n.money_unit(meta.unit, meta.currency)


def percent_of(decimals: int = 1, lang: str | None = None) -> Callable[[float], str]:
    lang = lang or i18n.current_language()
    return lambda value: i18n.percent(value, lang, decimals)


def points_as_percent(decimals: int = 1, lang: str | None = None) -> Callable[[float], str]:
    """A value already in percentage points (24.2) written as a percentage ('24,2 %')."""
    lang = lang or i18n.current_language()
    return lambda value: i18n.percent(None if value is None else value / 100, lang, decimals)


def number_of(decimals: int = 1, lang: str | None = None) -> Callable[[float], str]:
    """Plain numbers with fixed decimals, the language's way ('35,00')."""
    lang = lang or i18n.current_language()
    return lambda value: i18n.number(value, lang, decimals)


def points_change(decimals: int = 2, lang: str | None = None) -> Callable[[float], str]:
    """A change between two shares, in percentage points with its sign ('+1,25')."""
    lang = lang or i18n.current_language()
    return lambda value: i18n.number(100 * value, lang, decimals, signed=True)


def plain_number(lang: str | None = None) -> Callable[[float], str]:
    lang = lang or i18n.current_language()
    return lambda value: i18n.plain(value, lang)


def styled(frame: pd.DataFrame, formats: Mapping[str, Callable[[float], str]]) -> Styler:
    """A table whose numbers read the language's way while staying numbers (for sorting). The
    grid shows a missing number as "None", whatever the styler says: a column with one is
    written out, with a dash there (it sorts as text)."""
    present = {column: words for column, words in formats.items() if column in frame.columns}
    gaps = [column for column in present if frame[column].isna().any()]
    if gaps:
        frame = frame.copy()
        for column in gaps:
            words = present.pop(column)
            frame[column] = [i18n.DASH if pd.isna(v) else words(v) for v in frame[column]]
    return frame.style.format(present, na_rep=i18n.DASH)


def _css_string(words: str) -> str:
    """`words` as a quoted CSS string (for `content:`)."""
    escaped = words.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


NARROW_PX = 640
"""Widest screen taken for a phone by the layout rules (as on the Initiatives page)."""
PHONE_NAME_PX = 140
"""Width of a table's name column on a phone: a long name ("Encadenamientos con el resto de
la economía") took 280 of the 358 pixels and left one number in view; cut short, it is read
whole by touching its cell. Elsewhere the column is as wide as its longest name."""
PHONE_NUMBER_PX = 88
"""Width of a column of short numbers ("12,5") on a phone, header included ("Máximo %"): with
`PHONE_NAME_PX`, a name and two of them fit a 390-pixel screen without a swipe."""


ROW_PX = 35
"""Height of a table row (and of its header) in Streamlit's grid."""
WHOLE_ROWS = 25
"""The most rows a table shows at once: a list of programmes, areas or regions (up to 25 in a
country of that size) shows whole; a longer one scrolls inside this height."""


def table_height(rows: int, most: int = WHOLE_ROWS) -> int:
    """Pixels that show a table of `rows` rows whole (up to `most`), with its header and
    border. Streamlit's own height shows ten rows and scrolls the rest out of sight, where a
    phone draws no scroll bar: the default scenario's thirteen programmes lost three."""
    return ROW_PX * (min(max(rows, 1), most) + 1) + 3


TEXT_CHAR_PX = 7.2
"""Width of an average character in the grid's 14-pixel font (accents and capitals included)."""
TEXT_PADDING_PX = 30
"""A cell's padding and the room its header keeps for the sort arrow."""
WIDEST_TEXT_PX = 440
"""The widest a text column is made: a longer text is cut there, and read whole in its cell."""


def text_columns(
    frame: pd.DataFrame,
    configs: Mapping[str, Any] | None = None,
    most: int = WIDEST_TEXT_PX,
) -> dict[str, Any]:
    """`configs` (Streamlit column configurations by column) with every text column of `frame`
    as wide as its longest text, header included, up to `most` pixels. Streamlit sizes a column
    from its first rows and caps it: 'Financiada en parte' in row 18 of the initiatives read
    'Financiada en pa', and 'Especialización regional (cociente de localización)' lost its end
    in a results table the room reads from a projector."""
    found: dict[str, Any] = dict(configs or {})
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        longest = max([len(str(column))] + [len(str(v)) for v in values if not pd.isna(v)])
        width = min(most, round(longest * TEXT_CHAR_PX + TEXT_PADDING_PX))
        found[str(column)] = {**found.get(str(column), {}), "width": width}
    return found


def wide_or_narrow_css(wide_key: str, narrow_key: str) -> str:
    """Two versions of one view are both sent, in containers keyed `wide_key` and
    `narrow_key`: this CSS shows the narrow one on a phone and the wide one elsewhere."""
    return (
        "<style>\n"
        f"@media (max-width: {NARROW_PX}px) {{ .st-key-{wide_key} {{ display: none; }} }}\n"
        f"@media (min-width: {NARROW_PX + 1}px) {{ .st-key-{narrow_key} {{ display: none; }} }}\n"
        "</style>"
    )


FITTING_TABLES = (
    "budget_years",
    "cons_regions",
    "cons_programmes",
    "cons_areas",
    "rank_table",
    "weights_given",
    "weights_effect",
)
"""The keys (or their beginnings) of the tables laid out to fit a phone (`PHONE_NAME_PX`,
`PHONE_NUMBER_PX`), or of the containers around them: no line above them says to swipe."""


def table_swipe_css(lang: str, phone: bool = False) -> str:
    """On a phone a table wider than the screen scrolls sideways, and touch screens hide the
    scroll bar that would say so: a line above every table says it (phone widths only), with
    room below it for the table's toolbar, which shows above the table once it is touched."""
    table = (
        '[data-testid="stElementContainer"]'
        ':has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"])'
    )
    hint = _css_string(tr("table_swipe", lang))
    # Laid out to fit only where the browser says it is a phone (a narrowed desktop window is
    # not): there the line is empty, and its room for the toolbar stays.
    # a table editor carries its key's class; a table shown only, the container keyed for it
    fitting = ", ".join(
        f'{table}[class*="-{key}"]::before, [class*="-{key}"] {table}::before'
        for key in FITTING_TABLES
    )
    emptied = f'  {fitting} {{ content: ""; }}\n' if phone else ""
    return (
        f"<style>\n@media (max-width: {NARROW_PX}px) {{\n"
        f"  {table}::before {{ content: {hint}; display: block; font-size: 0.8rem; "
        "opacity: 0.7; margin-bottom: 2rem; }\n"
        f"{emptied}"
        # a table given a height gets a container of that height: the line above would push
        # the table's last rows under whatever follows it
        f"  {table} {{ height: auto !important; flex: 0 0 auto !important; }}\n}}\n</style>"
    )


def _swap_rules(swaps: Mapping[str, str], size: str) -> str:
    """CSS that hides the text of each element `swaps` selects and shows its words instead, at
    font size `size` (the text is hidden by a zero font size, so the words take its place)."""
    rules = [
        f"{where} {{ font-size: 0; }}\n"
        f"{where}::after {{ content: {_css_string(words)}; font-size: {size}; }}"
        for where, words in swaps.items()
    ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def uploader_css(box: str, types: Sequence[str], megabytes: float, lang: str) -> str:
    """Streamlit writes its uploader's own words (the button, the size limit, the hint while a
    file is dragged) in English only; this puts the catalogue's words in their place, for the
    uploader inside the container keyed `box`."""
    zone = f'.st-key-{box} [data-testid="stFileUploaderDropzone"]'
    limit = tr(
        "upload_limit",
        lang,
        megabytes=i18n.plain(megabytes, lang, 1),
        types=", ".join(t.upper() for t in types),
    )
    swaps = {
        f'{zone} button [data-testid="stMarkdownContainer"] > p': tr("upload_button", lang),
        f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span': limit,
        f"{zone} > div:not([data-testid]) > span": tr("upload_drop", lang),
    }
    return _swap_rules(swaps, "0.875rem")


ENTER_HINT = '[data-testid="InputInstructions"] > span:first-child'
"""Where Streamlit writes "Press Enter to apply" (or "… to submit form") under a text or number
input being edited: the first of its instructions, before the character count of an input with
`max_chars`. Outside a form the count can stand alone (before anything is typed), and would be
taken for the hint: every text input with `max_chars` sits in a form (tests/ui check it)."""


def input_hints_css(lang: str) -> str:
    """Streamlit's hint under an input being edited, in the reader's language (for the whole
    page: inside a form Enter submits the form, elsewhere it applies what was typed)."""
    swaps = {
        ENTER_HINT: tr("enter_apply", lang),
        f'[data-testid="stForm"] {ENTER_HINT}': tr("enter_submit", lang),
    }
    return _swap_rules(swaps, "0.75rem")


def file_uploader(
    label: str,
    *,
    key: str,
    box: str,
    types: Sequence[str],
    help: str | None = None,
    on_change: Callable[[], None] | None = None,
) -> UploadedFile | None:
    """`st.file_uploader` with every word on it in the reader's language (`uploader_css`).

    `types` are named in its words but not handed to Streamlit: Streamlit refuses a file of
    another type only with an English tooltip on a red icon, so every file reaches the page,
    whose reader says in the reader's language which files it takes."""
    with st.container(key=box):
        megabytes = float(st.get_option("server.maxUploadSize"))
        st.html(uploader_css(box, types, megabytes, i18n.current_language()))
        return st.file_uploader(label, type=None, help=help, key=key, on_change=on_change)


@st.cache_data(show_spinner=False)
def shipped_title(path: str, modified: float, lang: str) -> str:
    """A shipped file's scenario name in `lang` where it gives one, read without validating
    the whole file."""
    try:
        with Path(path).open("rb") as stream:
            meta = tomllib.load(stream)["scenario"]
        names = meta.get("names")
        named = names.get(lang) if isinstance(names, dict) else None
        return str(named if isinstance(named, str) and named else meta["name"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return Path(path).stem


def shipped_label(path: Path) -> str:
    """'Chile Transforma 2017 (chile_transforma_2017.toml)': the name, then the file."""
    title = shipped_title(str(path), path.stat().st_mtime, i18n.current_language())
    return f"{title} ({path.name})"
