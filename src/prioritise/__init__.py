"""prioritise: multi-criteria priority setting and budget allocation for innovation policy."""

__version__ = "0.1.0"
