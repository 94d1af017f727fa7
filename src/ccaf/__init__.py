"""ccaf: a terminal study app for the Claude Certified Architect – Foundations exam."""

__version__ = "0.1.0"
