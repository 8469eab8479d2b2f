"""Streamlit's own words on screen, in the reader's language.

Streamlit writes the words of its own controls in English only, fixed in its browser code: the
table toolbar ("Download as CSV", "Search", "Fullscreen"), the "Help for …" a screen reader
reads on every help icon, the sidebar's and a password box's buttons, the chart toolbar's
"Download plot as a PNG", and the tooltips that show them. No option changes them. So every
page carries a small script that puts the catalogue's words in their place, as the browser
draws them: an attribute a reader or a screen reader meets (`aria-label`, `title`, a chart
button's `data-title`) and the text of a tooltip, and only where the whole text is one of
Streamlit's (or begins "Help for "). It keeps each original, so a switch of language writes
the other language's words, and it re-applies them when Streamlit redraws a control.
"""

from __future__ import annotations

import json

from prioritise.ui import i18n

tr = i18n.page_text("streamlit_words")

WORDS = {
    "Download as CSV": "download_csv",
    "Search": "search",
    "Fullscreen": "fullscreen",
    "Close fullscreen": "close_fullscreen",
    "Show/hide columns": "show_columns",
    "Add row": "add_row",
    "Delete row(s)": "delete_rows",
    "Copy to clipboard": "copy",
    "Copied": "copied",
    "Collapse sidebar": "collapse_sidebar",
    "Expand sidebar": "expand_sidebar",
    "Show password": "show_password",
    "Hide password": "hide_password",
    "file upload": "file_upload",
    "Help": "help",
    "Clear all": "clear_all",
    "Clear value": "clear_value",
    "Open": "open",
    "Close": "close",
    "Skip to main content": "skip_to_content",
    "Download plot as a PNG": "download_png",
    "Running...": "running",
}
"""Streamlit's words, exactly as its browser code writes them, and the catalogue key of each."""
HELP_FOR = "Help for "
"""How Streamlit begins the label of a help icon: "Help for " and the widget's label."""

HIDDEN = (
    '<style>[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > #prioritise-words)'
    " { display: none; }</style>"
)
"""The script's element takes no room: it would push the page down by the gap between elements."""

SCRIPT = """<script id="prioritise-words">(() => {
  const W = window;
  W.__prioritiseWords = {words: WORDS_JSON, prefix: PREFIX_JSON, helpFor: HELP_JSON};
  const ATTRS = ["aria-label", "title", "data-title"];
  const PLACES = '[data-testid="stTooltipContent"], [data-testid="stStatusWidget"], ' +
    '[data-testid="stSkipToContent"]';
  const said = (text) => {
    const {words, prefix, helpFor} = W.__prioritiseWords;
    if (Object.hasOwn(words, text)) return words[text];
    if (text.startsWith(prefix)) return helpFor.replace("{label}", text.slice(prefix.length));
    return null;
  };
  const fixAttrs = (el) => {
    for (const name of ATTRS) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const mark = "data-prioritise-" + name;
      const was = el.getAttribute(mark + "-shown") === value ? el.getAttribute(mark) : value;
      const shown = said(was);
      if (shown === null) continue;
      el.setAttribute(mark, was);
      el.setAttribute(mark + "-shown", shown);
      if (value !== shown) el.setAttribute(name, shown);
    }
  };
  const texts = new WeakMap();
  const fixText = (node) => {
    const value = node.nodeValue, known = texts.get(node);
    const was = known && known[1] === value ? known[0] : value.trim();
    const shown = said(was);
    if (shown === null) return;
    texts.set(node, [was, shown]);
    if (value !== shown) node.nodeValue = shown;
  };
  const fixTexts = (place) => {
    const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
  };
  const fix = (root) => {
    if (root.nodeType === Node.TEXT_NODE) {
      if (root.parentElement && root.parentElement.closest(PLACES)) fixText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttrs(root);
    for (const el of root.querySelectorAll("[aria-label], [title], [data-title]")) fixAttrs(el);
    const inside = root.closest(PLACES);
    for (const place of inside ? [inside] : root.querySelectorAll(PLACES)) fixTexts(place);
  };
  if (!W.__prioritiseObserver) {
    W.__prioritiseObserver = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") fixAttrs(record.target);
        else if (record.type === "characterData") fix(record.target);
        else record.addedNodes.forEach(fix);
      }
    });
    W.__prioritiseObserver.observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ATTRS,
    });
  }
  fix(document.body);
})();</script>"""


def words_in(lang: str) -> dict[str, str]:
    """Each of Streamlit's words as the catalogue writes it in `lang`."""
    return {english: tr(key, lang) for english, key in WORDS.items()}


def streamlit_words_html(lang: str) -> str:
    """The script that writes Streamlit's words in `lang` (for `st.html` with
    `unsafe_allow_javascript`); the same script in English writes them back."""
    words = json.dumps(words_in(lang), ensure_ascii=False)
    help_for = json.dumps(tr("help_for", lang, label="{label}"), ensure_ascii=False)
    return HIDDEN + (
        SCRIPT.replace("WORDS_JSON", words)
        .replace("PREFIX_JSON", json.dumps(HELP_FOR))
        .replace("HELP_JSON", help_for)
    )
