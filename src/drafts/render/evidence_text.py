"""Plain text for `drafts quote` and `drafts archive`: what was found or kept, and the next step."""

from __future__ import annotations

import json

from drafts.evidence.archive import Archived
from drafts.evidence.lookup import Found, QuoteSearch
from drafts.evidence.matcher import SIMILARITY_FLOOR
from drafts.records.text import fold
from drafts.render.safe import clean, is_clean


def quote_text(search: QuoteSearch) -> str:
    lines: list[str] = []
    for rank, found in enumerate(search.found):
        if rank:
            lines.append("")
        lines += _found_lines(found)
    return "\n".join(lines) + "\n"


def nothing_close_text(search: QuoteSearch) -> str:
    if not search.searched:
        return "no source has an archived text to search\n   hint: archive one first: drafts archive ID FILE|URL\n"
    where = (
        f"seeds/{clean(search.searched[0].file or '')}"
        if len(search.searched) == 1
        else f"{len(search.searched)} archive(s)"
    )
    return (
        f"nothing in {where} is close to these words (similarity under {SIMILARITY_FLOOR:.0%})\n"
        "   hint: look for a shorter run of words the report really has, or check the source\n"
    )


def _found_lines(found: Found) -> list[str]:
    passage = found.passage
    source = found.source
    words = fold(passage.text)
    kind = "exact words" if passage.similarity >= 1 else f"closest passage, similarity {passage.similarity:.0%}"
    return [
        f"{clean(source.id)} (seeds/{clean(source.file or '')}): {kind}",
        f"  {clean(found.before)}[{clean(words)}]{clean(found.after)}",
        "",
        f"- source: {source.id}",
        f"  quote: {yaml_scalar(words)}",
    ]


def yaml_scalar(text: str) -> str:
    """The words as a YAML scalar that reads back as exactly these words, typographic quotes and all."""
    from drafts.errors import DataError
    from drafts.reading import yamlsafe

    if is_clean(text) and text.strip() == text:
        try:
            if yamlsafe.load(f"quote: {text}\n", "quote") == {"quote": text}:
                return text
        except DataError:
            pass
    return json.dumps(text, ensure_ascii=not is_clean(text))  # a JSON string is a YAML double-quoted one


def archived_text(result: Archived) -> str:
    if result.duplicate_of is not None:
        return (
            f"already archived: this text is registered as {clean(result.duplicate_of)} "
            f"(seeds/{clean(result.text_file)}); nothing written\n"
            f'next: drafts quote {clean(result.duplicate_of)} "{_sample(result.text)}"\n'
        )
    kept = f" (the page as captured: seeds/{clean(result.raw_file)})" if result.raw_file else ""
    meta = result.metadata
    return (
        f"archived {clean(result.source_id)}: seeds/{clean(result.text_file)}{kept}\n"
        f"registered in seeds/sources.yaml with its sha256\n"
        f"  outlet: {clean(meta.outlet)}\n"
        f"  title: {clean(meta.title)}\n"
        f"  published: {clean(meta.published)}\n"
        + (
            "   hint: check these against the report; correct them in seeds/sources.yaml\n"
            if "unknown" not in meta
            else "   hint: where the report says what is unknown here, write it in seeds/sources.yaml\n"
        )
        + "next: find the words to cite, ready to paste into a draft:\n"
        f'  drafts quote {clean(result.source_id)} "{_sample(result.text)}"\n'
    )


def _sample(text: str, words: int = 8) -> str:
    """A few words of the report's body to try drafts quote with: the first line long enough to be prose."""
    lines = [line.split() for line in text.splitlines()]
    body = next((line for line in lines if len(line) >= 12), None) or next((line for line in lines if line), [])
    sample = " ".join(body[:words]).replace('"', "").replace("\\", "").replace("$", "").replace("`", "")
    return clean(sample)
