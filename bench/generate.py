"""Generate a synthetic `drafts` collection of N versions, in the shipped format (SPEC §1, §2).

    python bench/generate.py OUT_DIR --versions 1000 [--seed 7]

writes OUT_DIR/drafts/agreement.yaml (12 terms of all five types, with weights),
OUT_DIR/drafts/v1.yaml .. vN.yaml (one day apart from 2001-01-01), OUT_DIR/seeds/sources.yaml
and 20 archived texts OUT_DIR/seeds/NNN_<hash>.txt (a few KB to ~50 KB of generated prose,
sha256 registered). Every quote is a verbatim span of its archive, sometimes with typographic
quotes or apostrophes straightened, which the quote check must forgive.

Terms change between versions by a seeded random walk: values move, summaries are reworded,
sources change, terms become absent, disputed (two claims), or drop out of the reports
(omitted, or written `status: not_reported`). The same N and seed give byte-identical output,
and the first M versions of a larger collection are the M versions of a smaller one.

Standard library only, so that it runs under any Python 3.11+.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

# --- the catalogue ---------------------------------------------------------------------

# name: (label, type, weight, help)
CATALOGUE: dict[str, tuple[str, str, str, str]] = {
    "fund_size": ("Fund size", "money", "headline", "Size of the joint investment fund."),
    "revenue_share": ("Revenue share", "percent", "headline", "Share of resource revenues paid into the fund."),
    "security_guarantees": ("Security guarantees", "flag", "headline", "Whether the deal carries security guarantees."),
    "debt_treatment": ("Treatment of past aid", "text", "headline", "Whether past aid is treated as a debt."),
    "ratification": ("Ratification", "flag", "major", "Whether parliament must ratify the agreement."),
    "resources": ("Resources covered", "list", "major", "Kinds of natural resources the agreement covers."),
    "scope": ("Scope", "text", "major", "Which deposits and developments the agreement reaches."),
    "control": ("Control", "text", "major", "Who controls the fund and its investments."),
    "deposit_share": ("Share of deposits", "percent", "major", "Share of deposits the partner would control."),
    "partners": ("Partners", "list", "minor", "Other states or bodies named as partners."),
    "export_access": ("Export access", "flag", "minor", "Whether the partner gets preferential export access."),
    "duration": ("Duration", "text", "minor", "How long the arrangement would last."),
}

PARTIES = ("Republic of Aldoria", "Federation of Borvia")
STAGES = ("proposal", "counter-proposal", "framework", "proposal", "counter-proposal", "final")

TEXT_VALUES: dict[str, tuple[str, ...]] = {
    "debt_treatment": (
        "repayment for past aid",
        "aid to be reimbursed",
        "past aid is not a debt",
        "aid written off",
        "half of past aid repaid",
        "repayment deferred for ten years",
    ),
    "scope": (
        "new mineral developments only",
        "all mineral resources, current and future",
        "rare earths and lithium",
        "state-owned deposits",
        "offshore oil and gas fields",
        "deposits in the eastern provinces",
    ),
    "control": (
        "joint fund set up by both countries",
        "partner control over investments",
        "board with equal seats",
        "national regulator keeps control",
        "near-total partner control",
    ),
    "duration": ("indefinite", "ten years", "twenty years", "until repayment", "five years, renewable"),
}
LIST_ITEMS: dict[str, tuple[str, ...]] = {
    "resources": ("minerals", "oil", "gas", "rare earths", "lithium", "titanium", "graphite", "uranium", "ports"),
    "partners": ("World Bank", "EBRD", "Japan", "European Union", "Canada", "Norway", "private investors"),
}
FLAG_DETAILS = ("by parliament", "after a referendum", "within a year", "under conditions", "in a separate deal")
MONEY_STEPS = (50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 750)
CLAIMANTS = ("Ministry of Finance", "Prime Minister Vell", "Opposition leader Dask", "Treasury officials", "Envoy Marr")

# --- the archived prose ----------------------------------------------------------------

OUTLETS = (
    "Northern Ledger", "Harbor Times", "Evening Courier", "Capital Wire", "Delta Review", "Meridian Post",
    "Kestrel News", "Plains Gazette", "Lantern Daily", "Riverside Monitor", "Signal Weekly", "Granite Herald",
)  # fmt: skip
SUBJECTS = (
    "The finance minister", "Officials in the capital", "A senior negotiator", "The treasury", "Two diplomats",
    "The parliament’s speaker", "Analysts at the institute", "The prime minister’s office", "An adviser to the envoy",
    "People familiar with the talks", "The opposition", "Industry lobbyists", "The central bank", "A spokesperson",
)  # fmt: skip
VERBS = (
    "said", "argued", "confirmed", "denied", "suggested", "warned", "insisted", "told reporters", "claimed",
    "acknowledged", "wrote", "stressed",
)  # fmt: skip
CLAUSES = (
    "the fund would be managed jointly by both countries",
    "revenues from new deposits would flow into the fund",
    "the draft did not include security guarantees",
    "parliament would have to ratify the text",
    "past aid would not be treated as a debt",
    "the agreement covers minerals, oil and gas",
    "the partner would gain preferential access to exports",
    "the board would have equal seats",
    "talks had reached their final stage",
    "a further deal would regulate the fund’s operations",
    "the figures in earlier drafts were never agreed",
    "the text had changed several times in a week",
    "no side had published the draft",
    "the deal would last for as long as the fund exists",
    "lithium and rare earths were the main prize",
    "the earlier version demanded half of all revenues",
    "the government was “not ready” to sign",
    "the sums quoted in public were “simply false”",
    "investors wanted a clearer legal framework",
    "the central bank had not been consulted",
)  # fmt: skip
TAILS = (
    "", "", "", " on Monday", " last week", " in a statement", " according to a copy seen by reporters",
    " – a claim others dispute", " in an interview", " after the meeting", " as negotiations continued",
)  # fmt: skip
NUMBERS = ("$500 billion", "$350 billion", "$100 billion", "50%", "25%", "ten years", "30 days")


@dataclass
class Archive:
    source_id: str
    outlet: str
    title: str
    published: str
    paragraphs: list[list[str]]  # words of each paragraph; the file wraps them onto lines
    file: str = ""
    sha256: str = ""


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    clause = rng.choice(CLAUSES)
    if kind < 0.55:
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that {clause}{rng.choice(TAILS)}."
    if kind < 0.75:
        return f"According to {rng.choice(SUBJECTS).lower()}, {clause}{rng.choice(TAILS)}."
    if kind < 0.9:
        return f"“{clause[0].upper()}{clause[1:]},” {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)}."
    return f"Earlier reports put the figure at {rng.choice(NUMBERS)}, while {clause}."


def prose(rng: random.Random, size: int) -> list[list[str]]:
    """Paragraphs (as word lists) of generated news prose, about `size` characters in all."""
    paragraphs: list[list[str]] = []
    total = 0
    while total < size:
        words = " ".join(_sentence(rng) for _ in range(rng.randint(3, 7))).split(" ")
        paragraphs.append(words)
        total += sum(len(w) + 1 for w in words) + 1
    return paragraphs


def render_archive(archive: Archive) -> str:
    head = [archive.title, f"{archive.outlet} – {archive.published}", ""]
    body = [textwrap.fill(" ".join(words), width=78) for words in archive.paragraphs]
    return "\n".join(head) + "\n" + "\n\n".join(body) + "\n"


def make_archives(rng: random.Random, count: int = 20) -> list[Archive]:
    archives = []
    for i in range(count):
        size = 3000 + (47000 * i) // max(count - 1, 1)  # 3 KB .. 50 KB
        outlet = OUTLETS[i % len(OUTLETS)]  # outlets repeat: several sources per outlet
        published = "unknown" if i % 7 == 3 else (dt.date(2001, 1, 1) + dt.timedelta(days=37 * i)).isoformat()
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that {rng.choice(CLAUSES)}"
        archives.append(Archive(f"s{i + 1:02d}", outlet, title, published, prose(rng, size)))
    return archives


def pick_quote(rng: random.Random, archive: Archive) -> str:
    """A verbatim span of 4-14 words of one paragraph (line breaks in the file become spaces)."""
    words = rng.choice(archive.paragraphs)
    length = min(len(words), rng.randint(4, 14))
    start = rng.randint(0, len(words) - length)
    quote = " ".join(words[start : start + length])
    if rng.random() < 0.15:  # typed on a plain keyboard: the checker forgives quote style
        quote = quote.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    return quote


# --- the versions ----------------------------------------------------------------------


@dataclass
class Claim:
    by: str
    status: str  # stated | absent
    value: object
    summary: str
    sources: list[tuple[str, str]]


@dataclass
class TermState:
    status: str = "not_reported"  # stated | absent | not_reported | disputed
    value: object = None  # the YAML form of the value
    summary: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)  # (source id, quote)
    claims: list[Claim] = field(default_factory=list)
    explicit: bool = False  # not_reported written out rather than omitted


def _money(rng: random.Random) -> object:
    amount = rng.choice(MONEY_STEPS)
    form = rng.random()
    if form < 0.6:
        return f"${amount} billion"
    if form < 0.8:
        return f"USD {amount}bn"
    if form < 0.9:
        return {"amount": amount * 10**9, "currency": "USD"}
    return f"${amount / 1000:g} trillion" if amount >= 1000 else f"${amount}bn"


def new_value(rng: random.Random, name: str) -> object:
    kind = CATALOGUE[name][1]
    if kind == "money":
        return _money(rng)
    if kind == "percent":
        number = rng.choice((10, 15, 20, 25, 30, 33, 40, 50, 60, 12.5))
        return f"{number}%" if rng.random() < 0.4 else number
    if kind == "flag":
        flag = rng.choice(("yes", "no"))
        return {"flag": flag, "detail": rng.choice(FLAG_DETAILS)} if rng.random() < 0.3 else flag
    if kind == "list":
        return rng.sample(LIST_ITEMS[name], rng.randint(1, 5))
    return rng.choice(TEXT_VALUES[name])


def value_words(value: object) -> str:
    if isinstance(value, dict):
        if "amount" in value:
            return f"{value['amount'] / 10**9:g} billion {value['currency']}"
        return f"{value['flag']}, {value['detail']}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


SUMMARY_OPENERS = (
    "According to {outlet},", "{outlet} reports that", "Sources cited by {outlet} say", "Per a copy seen by {outlet},",
    "Officials told {outlet} that",
)  # fmt: skip
SUMMARY_TAILS = (
    "", " in this draft", ", a change from earlier versions", ", though details remain unclear",
    ", which negotiators have not confirmed", " for now",
)  # fmt: skip


def summary(rng: random.Random, name: str, status: str, value: object, outlet: str) -> str:
    label = CATALOGUE[name][0].lower()
    opener = rng.choice(SUMMARY_OPENERS).format(outlet=outlet)
    tail = rng.choice(SUMMARY_TAILS)
    if status == "absent":
        return f"{opener} the draft contains no provision on {label}{tail}."
    if CATALOGUE[name][1] == "flag":
        flag, detail = (value["flag"], f" ({value['detail']})") if isinstance(value, dict) else (value, "")
        verb = "provides for" if flag == "yes" else "rules out"
        return f"{opener} the draft {verb} {label}{detail}{tail}."
    if CATALOGUE[name][1] == "list":
        return f"{opener} the {label} are {value_words(value)}{tail}."
    return f"{opener} the {label} is {value_words(value)}{tail}."


class Walk:
    """The seeded random walk from one version to the next."""

    def __init__(self, rng: random.Random, archives: list[Archive]) -> None:
        self.rng = rng
        self.archives = archives
        self.by_id = {a.source_id: a for a in archives}
        self.terms = {name: TermState() for name in CATALOGUE}

    def citations(self, count: int | None = None) -> list[tuple[str, str]]:
        """Usually two or three outlets; rarely one (the single-outlet warning)."""
        rng = self.rng
        count = count or (1 if rng.random() < 0.01 else rng.randint(2, 3))
        chosen: list[Archive] = []
        outlets: set[str] = set()
        while len(chosen) < count:
            archive = rng.choice(self.archives)
            if archive.outlet in outlets and count > 1:
                continue
            outlets.add(archive.outlet)
            chosen.append(archive)
        return [(a.source_id, pick_quote(rng, a)) for a in chosen]

    def outlet(self, sources: list[tuple[str, str]]) -> str:
        return self.by_id[sources[0][0]].outlet

    def state(self, name: str, status: str, value: object = None) -> TermState:
        sources = self.citations()
        if status == "absent":
            value = None
        return TermState(status, value, summary(self.rng, name, status, value, self.outlet(sources)), sources)

    def disputed(self, name: str, current: TermState) -> TermState:
        rng = self.rng
        by = rng.sample(CLAIMANTS, 2)
        claims = []
        for i, who in enumerate(by):
            status = "absent" if i == 1 and rng.random() < 0.3 else "stated"
            value = None
            if status == "stated":
                value = current.value if i == 0 and current.value is not None else new_value(rng, name)
            sources = self.citations(rng.randint(1, 2))
            claims.append(Claim(who, status, value, summary(rng, name, status, value, self.outlet(sources)), sources))
        top = f"Sources disagree on the {CATALOGUE[name][0].lower()}." if rng.random() < 0.5 else ""
        return TermState("disputed", None, top, [], claims)

    def step(self, first: bool) -> dict[str, TermState]:
        rng = self.rng
        for name, cur in list(self.terms.items()):
            r = rng.random()
            if first:
                nxt = self.state(name, "stated", new_value(rng, name)) if r < 0.75 else TermState()
            elif cur.status == "not_reported":
                if r < 0.25:
                    nxt = self.state(name, "stated", new_value(rng, name))
                elif r < 0.3:
                    nxt = self.state(name, "absent")
                else:
                    nxt = TermState(explicit=rng.random() < 0.2)
            elif r < 0.62:
                nxt = cur  # unchanged
            elif r < 0.74:  # the value (or status) changes
                nxt = self.state(name, "stated", new_value(rng, name))
            elif r < 0.82 and cur.status in ("stated", "absent"):  # reworded
                nxt = TermState(
                    cur.status,
                    cur.value,
                    summary(rng, name, cur.status, cur.value, self.outlet(cur.sources)),
                    cur.sources,
                )
            elif r < 0.88 and cur.status in ("stated", "absent"):  # re-sourced
                nxt = TermState(cur.status, cur.value, cur.summary, self.citations())
            elif r < 0.92:
                nxt = self.state(name, "absent")
            elif r < 0.96:
                nxt = self.disputed(name, cur)
            else:
                nxt = TermState(explicit=rng.random() < 0.3)  # dropped from reports
            self.terms[name] = nxt
        return dict(self.terms)


# --- writing YAML ----------------------------------------------------------------------


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(q(str(v)) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{k}: {yaml_value(v) if not isinstance(v, str) else q(v)}" for k, v in value.items()) + "}"
        )
    text = str(value)
    return text if text in ("yes", "no") else q(text)


def _sources(lines: list[str], sources: list[tuple[str, str]], indent: str) -> None:
    lines.append(f"{indent}sources:")
    for source_id, quote in sources:
        lines.append(f"{indent}  - source: {source_id}")
        lines.append(f"{indent}    quote: {q(quote)}")


def render_version(index: int, date: dt.date, stage: str, terms: dict[str, TermState]) -> str:
    lines = [
        f"title: {q(f'Draft {index}: {stage}')}",
        f"date: {date.isoformat()}",
        f"stage: {stage}",
    ]
    if index % 3:
        lines.append(f"proposed_by: {q(PARTIES[index % 2])}")
    if index % 10 == 0:
        lines.append(f"notes: {q(f'Version {index} is dated by the reports that describe it.')}")
    lines.append("terms:")
    for name, term in terms.items():
        if term.status == "not_reported":
            if term.explicit:
                lines += [f"  {name}:", "    status: not_reported"]
            continue
        lines.append(f"  {name}:")
        if term.status == "disputed":
            lines.append("    status: disputed")
            if term.summary:
                lines.append(f"    summary: {q(term.summary)}")
            lines.append("    claims:")
            for claim in term.claims:
                lines.append(f"      - by: {q(claim.by)}")
                if claim.status == "absent":
                    lines.append("        status: absent")
                else:
                    lines.append(f"        value: {yaml_value(claim.value)}")
                lines.append(f"        summary: {q(claim.summary)}")
                _sources(lines, claim.sources, "        ")
            continue
        if term.status == "absent":
            lines.append("    status: absent")
        else:
            lines.append(f"    value: {yaml_value(term.value)}")
        lines.append(f"    summary: {q(term.summary)}")
        _sources(lines, term.sources, "    ")
    return "\n".join(lines) + "\n"


def render_agreement(versions: int, seed: int) -> str:
    lines = [
        f"name: {q('Aldoria–Borvia resources agreement (synthetic)')}",
        f"parties: [{', '.join(q(p) for p in PARTIES)}]",
        f"description: {q(f'Synthetic benchmark collection: {versions} versions, seed {seed}.')}",
        "terms:",
    ]
    for name, (label, kind, weight, help_text) in CATALOGUE.items():
        lines += [f"  {name}:", f"    label: {q(label)}", f"    type: {kind}", f"    weight: {weight}"]
        lines.append(f"    help: {q(help_text)}")
    return "\n".join(lines) + "\n"


def render_sources(archives: list[Archive]) -> str:
    lines = ["# Synthetic source registry: every file below seeds/ is generated prose."]
    for a in archives:
        lines += [
            "",
            f"{a.source_id}:",
            f"  outlet: {q(a.outlet)}",
            f"  title: {q(a.title)}",
            f"  published: {a.published}",
            f"  url: {q(f'https://example.org/{a.source_id}')}",
            f"  file: {a.file}",
            f"  sha256: {a.sha256}",
        ]
    return "\n".join(lines) + "\n"


def generate(out: Path, versions: int, seed: int = 7) -> None:
    """Write the collection into `out` (its drafts/ and seeds/ are replaced)."""
    if versions < 1:
        raise ValueError("versions must be at least 1")
    rng = random.Random(seed)
    archives = make_archives(random.Random(f"{seed}-archives"))
    for d in ("drafts", "seeds"):
        shutil.rmtree(out / d, ignore_errors=True)
        (out / d).mkdir(parents=True)
    for i, archive in enumerate(archives):
        data = render_archive(archive).encode("utf-8")
        archive.sha256 = hashlib.sha256(data).hexdigest()
        archive.file = f"{i:03d}_{archive.sha256[:16]}.txt"
        (out / "seeds" / archive.file).write_bytes(data)
    (out / "seeds" / "sources.yaml").write_text(render_sources(archives), encoding="utf-8")
    (out / "drafts" / "agreement.yaml").write_text(render_agreement(versions, seed), encoding="utf-8")
    walk = Walk(rng, archives)
    start = dt.date(2001, 1, 1)
    for i in range(1, versions + 1):
        stage = STAGES[rng.randrange(len(STAGES))]
        terms = walk.step(first=i == 1)
        text = render_version(i, start + dt.timedelta(days=i - 1), stage, terms)
        (out / "drafts" / f"v{i}.yaml").write_text(text, encoding="utf-8")


def edited_copy(rng: random.Random, words: list[str], rate: float = 0.01) -> list[str]:
    """A lightly edited copy: about `rate` of the words replaced, deleted or followed by an insertion."""
    out: list[str] = []
    vocabulary = [w for c in CLAUSES for w in c.split()]
    for word in words:
        r = rng.random()
        if r < rate / 3:
            out.append(rng.choice(vocabulary))
        elif r < 2 * rate / 3:
            continue
        elif r < rate:
            out += [word, rng.choice(vocabulary)]
        else:
            out.append(word)
    return out


def text_pair(size: int = 100_000, seed: int = 7) -> tuple[str, str]:
    """Two texts of about `size` characters, the second a lightly edited copy of the first."""
    rng = random.Random(f"{seed}-text")
    paragraphs = prose(rng, size)
    old = "\n\n".join(" ".join(p) for p in paragraphs)
    new = "\n\n".join(" ".join(edited_copy(rng, p)) for p in paragraphs)
    return old, new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder to write drafts/ and seeds/ into")
    parser.add_argument("--versions", "-n", type=int, default=1000, help="number of versions (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    generate(args.out, args.versions, args.seed)
    print(f"wrote {args.versions} versions to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
