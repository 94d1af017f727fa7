"""The SQLite progress store (no Textual here)."""
