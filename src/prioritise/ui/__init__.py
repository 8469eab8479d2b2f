"""The Streamlit front end: the only part of prioritise that imports Streamlit.

- `main.run_app` draws the frame around every page: page setup, language switch, the
  session's scenario, navigation, and the guard that turns any error into a plain message.
- `pages` holds one module per page, registered in `pages.PAGES` (one line per page).
- `state` keeps the session's scenario (validated, with its TOML text) and URL settings.
- `i18n` has the shared Spanish and English strings, the page-string convention and number
  formats; `widgets` small display helpers; `charts` plotly figures built from DataFrames.
- `results` caches scores and allocations on the scenario's TOML text.
- `scenario_forms`, `weights_editor`, `weight_conversions` and `consensus_panel` are parts
  of the Scenario and Stakeholders pages.
"""
