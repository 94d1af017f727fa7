"""The Textual app: it shows the plain-Python study objects and forwards key presses."""
