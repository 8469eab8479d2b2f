"""Streamlit entry point: `streamlit run app.py [-- --scenario FILE]` (or `prioritise app`)."""

from prioritise.ui.main import run_app

run_app()
