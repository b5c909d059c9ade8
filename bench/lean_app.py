"""The lean floor: a one-command typer app that imports only what `drafts diff` needs to start.

    python bench/lean_app.py A B

typer, PyYAML and diff-match-patch, and nothing else: no rich, no pydantic. `drafts diff` on
the shipped collection is held to 1.15x this app's whole-process time (issue 14).
"""

import diff_match_patch  # noqa: F401
import typer
import yaml  # noqa: F401

app = typer.Typer()


@app.command()
def main(a: str, b: str) -> None:
    """Compare A with B (does nothing)."""


if __name__ == "__main__":
    app()
