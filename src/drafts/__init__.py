"""drafts: follow a negotiated agreement as its reported drafts change."""

__version__ = "0.1.0"
