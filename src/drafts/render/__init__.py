"""Rendering: one view per report, laid out as plain text, Markdown, JSON, rich terminal output or the HTML page."""
