"""The floor (SPEC §5): a one-command typer app that imports the required stack and does nothing.

    python bench/floor_app.py A B

Whatever `drafts diff A B` costs above this app's whole-process time is the cost of drafts itself.
"""

import diff_match_patch  # noqa: F401
import pydantic  # noqa: F401
import rich  # noqa: F401
import typer
import yaml  # noqa: F401

app = typer.Typer()


@app.command()
def main(a: str, b: str) -> None:
    """Compare A with B (does nothing)."""


if __name__ == "__main__":
    app()
