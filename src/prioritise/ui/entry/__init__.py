"""The app's entry script, in a folder of its own.

Streamlit takes a `pages` folder beside the entry script for an old-style multipage app: until
the app's own navigation first ran in a server, opening a page's address (a shared link, a
reload) would run that page alone, without the app around it. Here no such folder is beside it.
"""
