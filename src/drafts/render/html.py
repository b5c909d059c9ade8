"""The HTML page (SPEC §7): one self-contained file an editor can open, mail, print or publish.

The CLI hands these functions the library records, as it does JSON: the page needs more than a
view holds (the versions in between, the archived texts). `page.py` builds the report's view from
them and takes its words from it, as the records of `pagemodel.py`; the Jinja2 templates
under templates/ lay it out with autoescaping on, so every word from drafts and archives
reaches the page as text, never as markup. Control and bidirectional characters are shown
visibly escaped (`safe.clean`), as in every other format. The page's own style and script are
allowed by their hashes in a Content Security Policy: an injected element could neither run
nor fetch anything.

Jinja2 is imported here only, and this module only when html is asked for.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from drafts.render import page as pages
from drafts.render.pagemodel import Page
from drafts.render.safe import clean

if TYPE_CHECKING:
    from drafts.comparing.diff import VersionDiff
    from drafts.comparing.history import TermHistory
    from drafts.records.model import Collection, Version

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _shown(value: Any) -> Any:
    """Every value a template prints: control characters made visible; escaping is autoescape's.

    Markup is the output of the templates' own macros, whose values were shown this way already.
    A CRLF line ending (an archive saved on Windows) is a line break, not a control to show.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value.replace("\r\n", "\n"), multiline=True)
    return value


@cache
def environment() -> Environment:
    from drafts.render.words import quoted

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["quoted"] = quoted  # a quote in quotation marks that read clearly; escaped as any text
    return env


def _csp_hash(name: str) -> str:
    """The CSP source for an inline asset: the hash of exactly the text the page includes."""
    text = environment().get_template(name).render()
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(page: Page) -> str:
    from drafts import __version__

    numbered = {report.number: report for report in page.reports}
    return (
        environment()
        .get_template("page.html.j2")
        .render(
            page=page,
            numbered=numbered,
            version=__version__,
            style_hash=_csp_hash("page.css"),
            script_hash=_csp_hash("page.js"),
        )
    )


def log_html(collection: Collection, versions: Sequence[Version], steps: Sequence[VersionDiff]) -> str:
    return render_page(pages.log_page(collection, versions, steps))


def diff_html(collection: Collection, diff: VersionDiff, *, include_unchanged: bool = False) -> str:
    return render_page(pages.diff_page(collection, diff, include_unchanged=include_unchanged))


def show_html(collection: Collection, version: Version) -> str:
    return render_page(pages.show_page(collection, version))


def history_html(collection: Collection, history: TermHistory) -> str:
    return render_page(pages.history_page(collection, history))
