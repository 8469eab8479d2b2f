"""The Sensitivity page's charts (`charts`): pure functions from tables to plotly figures."""
