"""Streaming: transcripts, replay server, wire observer, annotator, cost (no Textual here)."""
