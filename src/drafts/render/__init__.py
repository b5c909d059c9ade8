"""Renderers: the same results as plain text, Markdown, JSON, or rich terminal output."""
