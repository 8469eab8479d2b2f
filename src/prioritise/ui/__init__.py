"""The Streamlit front end: the only part of prioritise that imports Streamlit.

- `main.run_app` draws the frame around every page: page setup, language switch, the
  session's scenario, navigation, and the guard that turns any error into a plain message.
- `pages` holds one module per page, registered in `pages.PAGES` (one line per page).
- `state` keeps the session's scenario (validated, with its TOML text) and URL settings.
- `i18n` has the shared Spanish and English strings, the page-string convention and number
  formats; `widgets` small display helpers; `charts` plotly figures built from DataFrames.
- `results` caches scores and allocations on the scenario's TOML text.
- `optimising` runs the optimiser and the trade-off analyses for the pages that show them.
- The parts of the larger pages are grouped like the library: `scenario` (the Scenario page's
  forms), `weights` (the Stakeholders page's weights editor and consensus panel), `portfolio`,
  `tradeoffs`, `robustness` and `workshop` (charts, tables and views of their pages).

This package imports none of its parts on import: Streamlit runs `main` (through
`entry.streamlit_app` or the repository's app.py) and the page files themselves.
"""
