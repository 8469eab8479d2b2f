"""Allows `python -m prioritise`."""

from prioritise.cli import main

raise SystemExit(main())
