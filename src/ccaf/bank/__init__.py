"""The question bank: the content model, YAML loading and validation (no Textual here)."""
