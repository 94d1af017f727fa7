"""Study sessions as plain Python: drill, self-check, flashcards, exams (no Textual here)."""
