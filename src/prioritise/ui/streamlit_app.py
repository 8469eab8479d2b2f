"""Streamlit entry point inside the installed package (`prioritise app` without a checkout)."""

from prioritise.ui.main import run_app

run_app()
