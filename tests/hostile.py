"""A small collection whose every piece of text tries to attack the terminal or the page."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Console markup, an ANSI escape, raw HTML and a Markdown link: each must print literally.
EVIL = "[bold red]x[/] \x1b[31m <script>alert(1)</script> [link](http://evil)"
EVIL_YAML = '"[bold red]x[/] \\e[31m <script>alert(1)</script> [link](http://evil)"'
ARCHIVE = f"An archived report. The fund is {EVIL} and it is big. Revenue is split 50%.\n"


def _indent(text: str, by: int) -> str:
    return "\n".join(" " * by + line for line in text.splitlines())


def write_hostile_collection(root: Path) -> Path:
    (root / "drafts").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "drafts" / "agreement.yaml").write_text(
        f"""name: {EVIL_YAML}
parties: [A, B]
terms:
  fund_size:
    label: {EVIL_YAML}
    type: money
    weight: headline
  revenue_share:
    label: Revenue share
    type: percent
  control:
    label: Control
    type: text
""",
        encoding="utf-8",
    )
    data = ARCHIVE.encode("utf-8")
    (root / "seeds" / "evil.txt").write_bytes(data)
    (root / "seeds" / "sources.yaml").write_text(
        f"""evil:
  outlet: {EVIL_YAML}
  title: {EVIL_YAML}
  published: 2025-03-01
  url: "http://evil/<script>"
  file: evil.txt
  sha256: {hashlib.sha256(data).hexdigest()}
  note: {EVIL_YAML}
unused:
  outlet: {EVIL_YAML}
  title: Unused
  published: unknown
""",
        encoding="utf-8",
    )
    citation = f"""      - source: evil
        quote: {EVIL_YAML}
        note: {EVIL_YAML}"""
    (root / "drafts" / "v1.yaml").write_text(
        f"""title: {EVIL_YAML}
date: 2025-02
stage: proposal
terms:
  fund_size:
    value: $500 billion
    summary: {EVIL_YAML}
    sources:
{citation}
  control:
    value: {EVIL_YAML}
    summary: {EVIL_YAML}
    sources:
{citation}
""",
        encoding="utf-8",
    )
    (root / "drafts" / "v2.yaml").write_text(
        f"""title: {EVIL_YAML}
date: 2025-03
stage: counter-proposal
terms:
  fund_size:
    value: $350 billion
    summary: {EVIL_YAML}
    sources:
{citation}
  revenue_share:
    value: 50%
    summary: Revenue is split.
    sources:
      - source: evil
        quote: Revenue is split 50%
  control:
    status: disputed
    claims:
      - by: {EVIL_YAML}
        value: {EVIL_YAML}
        summary: {EVIL_YAML}
        sources:
{_indent(citation, 4)}
      - by: B
        status: absent
        summary: No control.
        sources:
          - source: evil
            quote: it is big
""",
        encoding="utf-8",
    )
    return root
