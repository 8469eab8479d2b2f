"""Streamlit entry point inside the installed package (`prioritise app` without a checkout)."""

from prioritise.ui.main import run_app
from prioritise.ui.server_tuning import read_settings_without_lock

# Streamlit runs this file as __main__; worker processes that re-import it must not start the app.
if __name__ == "__main__":
    read_settings_without_lock()
    run_app()
