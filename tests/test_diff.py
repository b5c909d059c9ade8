"""The differ: every change kind, blame across skipped drafts, ordering, and its properties."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafts.comparing.diff import classify, compare, compare_terms
from drafts.records.dates import PartialDate
from drafts.records.model import NOT_REPORTED, Agreement, Citation, Claim, Collection, Source, Term, TermSpec, Version
from drafts.records.values import Items, Money, Percent, Text, Value
from drafts.render.jsonout import diff_document, diff_json
from drafts.render.views import diff_view
from drafts.render.words import count_line

CITE = (Citation("src", "a quote"),)
OTHER = (Citation("src", "another quote"),)
FUND = TermSpec("fund_size", "Fund size", "money", "headline")


def stated(value: Value, summary: str = "s", sources: tuple[Citation, ...] = CITE) -> Term:
    return Term("stated", value, summary, sources)


def usd(billions: int) -> Money:
    return Money(Decimal(billions) * 10**9, "USD")


def test_added() -> None:
    assert classify(NOT_REPORTED, stated(usd(500))) == "added"
    assert classify(NOT_REPORTED, Term("absent", None, "s", CITE)) == "added"


def test_dropped_from_reports_is_not_removed() -> None:
    change = compare_terms(FUND, stated(usd(500)), NOT_REPORTED)
    assert change.kind == "dropped"


def test_changed_value_carries_delta() -> None:
    change = compare_terms(FUND, stated(usd(500)), stated(usd(350)))
    assert change.kind == "changed"
    assert change.delta is not None and change.delta.absolute == Decimal(-150) * 10**9
    assert change.delta.relative == Decimal(-30)


def test_changed_status() -> None:
    assert classify(stated(usd(500)), Term("absent", None, "s", CITE)) == "changed"


def test_reworded_and_resourced() -> None:
    assert classify(stated(usd(5), "old words"), stated(usd(5), "new words")) == "reworded"
    change = compare_terms(FUND, stated(usd(5), "a big fund"), stated(usd(5), "a small fund"))
    assert change.summary_diff is not None and change.summary_diff.inline
    assert classify(stated(usd(5)), stated(usd(5), sources=OTHER)) == "re-sourced"
    assert classify(stated(usd(5)), stated(usd(5))) == "unchanged"


def test_lists_compare_without_order_and_report_items() -> None:
    spec = TermSpec("resources", "Resources", "list")
    before = stated(Items(("minerals", "oil", "gas")))
    assert classify(before, stated(Items(("gas", "minerals", "oil")))) == "unchanged"
    change = compare_terms(spec, before, stated(Items(("minerals", "rare earths"))))
    assert change.items_added == ("rare earths",)
    assert change.items_removed == ("oil", "gas")


def test_text_values_get_a_word_diff() -> None:
    spec = TermSpec("control", "Control", "text")
    change = compare_terms(spec, stated(Text("joint control of the fund")), stated(Text("US control of the fund")))
    assert change.value_diff is not None


def claim(by: str, value: Value | None, summary: str = "s") -> Claim:
    return Claim("stated" if value else "absent", value, summary, CITE, by)


def disputed(*claims: Claim) -> Term:
    return Term("disputed", None, None, (), claims)


def test_disputed_terms_compare_claim_by_claim() -> None:
    spec = TermSpec("debt_treatment", "Debt", "text", "headline")
    before = disputed(claim("US", Text("debt")), claim("Ukraine", None))
    assert classify(before, disputed(claim("Ukraine", None), claim("US", Text("debt")))) == "unchanged"
    after = disputed(claim("US", Text("no debt")), claim("Ukraine", None))
    change = compare_terms(spec, before, after)
    assert change.kind == "changed"
    assert [(c.by, c.kind) for c in change.claims] == [("US", "changed"), ("Ukraine", "unchanged")]
    reworded = disputed(claim("US", Text("debt"), "other words"), claim("Ukraine", None))
    assert classify(before, reworded) == "reworded"
    third = disputed(claim("US", Text("debt")), claim("Ukraine", None), claim("EU", Text("grant")))
    assert classify(before, third) == "changed"


# A collection built in memory: blame needs the versions in between.
SPECS = {
    "fund_size": FUND,
    "revenue_share": TermSpec("revenue_share", "Revenue share", "percent", "headline"),
    "duration": TermSpec("duration", "Duration", "text", "minor"),
    "scope": TermSpec("scope", "Scope", "text", "major"),
}


def version(vid: str, day: int, **terms: Term) -> Version:
    full = {name: terms.get(name, NOT_REPORTED) for name in SPECS}
    return Version(vid, vid, PartialDate(2025, 1, day), "proposal", full)


SOURCES = {"src": Source("src", "Some Outlet", "A title", None)}


def collection(*versions: Version) -> Collection:
    return Collection(Path("."), Agreement("A", ("X", "Y"), SPECS), SOURCES, versions)


def test_since_names_the_draft_where_a_change_first_appeared() -> None:
    c = collection(
        version("v1", 1, fund_size=stated(usd(500)), duration=stated(Text("indefinite"))),
        version("v2", 2, fund_size=stated(usd(350)), duration=stated(Text("indefinite"))),
        version("v3", 3, fund_size=stated(usd(350)), duration=stated(Text("ten years"))),
    )
    diff = compare(c, c.versions[0], c.versions[2])
    by_term = {ch.term: ch for ch in diff.changes}
    assert by_term["fund_size"].since == "v2"
    assert by_term["duration"].since == "v3"
    neighbours = compare(c, c.versions[1], c.versions[2])
    assert {ch.term: ch.since for ch in neighbours.changed} == {"duration": "v3"}


def test_a_change_that_came_and_went_is_reported_as_reverted() -> None:
    c = collection(
        version("v1", 1),
        version("v2", 2, revenue_share=stated(Percent(Decimal(50)))),
        version("v3", 3),
    )
    change = next(ch for ch in compare(c, c.versions[0], c.versions[2]).changes if ch.term == "revenue_share")
    assert change.kind == "unchanged" and change.reverted
    assert [(s.version, s.kind) for s in change.steps] == [("v2", "added"), ("v3", "dropped")]


def test_headline_terms_first_then_catalogue_order() -> None:
    c = collection(
        version("v1", 1),
        version(
            "v2",
            2,
            duration=stated(Text("x")),
            scope=stated(Text("y")),
            revenue_share=stated(Percent(Decimal(5))),
            fund_size=stated(usd(1)),
        ),
    )
    diff = compare(c, *c.versions)
    assert [ch.term for ch in diff.changes] == ["fund_size", "revenue_share", "scope", "duration"]
    assert count_line(diff.counts) == "4 terms now reported; 0 unchanged"


def test_count_line_on_the_shipped_collection(shipped: Collection) -> None:
    diff = compare(shipped, shipped.resolve("v1"), shipped.resolve("v3"))
    # Revenue share and share of deposits are reported in neither v1 nor v3: silence on both sides is not "unchanged".
    assert count_line(diff.counts) == (
        "2 terms changed, 2 now reported, 6 no longer covered by reports; 0 unchanged, 2 not reported in either"
    )
    # v2 reports no fund size: the $500 billion is no longer covered from v2 on, never "not in this draft".
    fund = next(ch for ch in diff.changes if ch.term == "fund_size")
    assert fund.kind == "dropped" and fund.since == "v2"
    assert fund.steps == ()


ABSENT = Term("absent", None, "s", CITE)
P50, P40 = stated(Percent(Decimal(50))), stated(Percent(Decimal(40)))
DISPUTE = disputed(claim("US", usd(500)), claim("UA", None))
OTHER_DISPUTE = disputed(claim("US", usd(350)), claim("UA", None))


@pytest.mark.parametrize(
    ("chain", "kind", "since", "steps"),
    [
        # A kind of change is credited to the version where it first happened, even if the value moved later.
        ((NOT_REPORTED, P50, P40), "added", "v2", "added v2, changed v3"),
        ((NOT_REPORTED, NOT_REPORTED, P40), "added", "v3", ""),
        ((P50, NOT_REPORTED, NOT_REPORTED), "dropped", "v2", ""),
        ((P50, ABSENT, NOT_REPORTED), "dropped", "v3", "changed v2, dropped v3"),
        ((P50, DISPUTE, OTHER_DISPUTE), "changed", "v2", "changed v2, changed v3"),
        ((P50, ABSENT, ABSENT), "changed", "v2", ""),
        # Within one status, the change is the value: credited where B's value came.
        ((P50, P40, P40), "changed", "v2", ""),
        ((P50, stated(Percent(Decimal(45))), P40), "changed", "v3", "changed v2, changed v3"),
        # A change that came, went and came back is credited to its return.
        ((NOT_REPORTED, P50, NOT_REPORTED, P50), "added", "v4", "added v2, dropped v3, added v4"),
        ((P50, NOT_REPORTED, P50, NOT_REPORTED), "dropped", "v4", "dropped v2, added v3, dropped v4"),
        ((P50, stated(Percent(Decimal(50)), "t"), P50), "unchanged", None, "reworded v2, reworded v3"),
    ],
)
def test_since_over_chains_of_versions(chain: tuple[Term, ...], kind: str, since: str | None, steps: str) -> None:
    c = collection(*(version(f"v{i + 1}", i + 1, revenue_share=term) for i, term in enumerate(chain)))
    change = next(ch for ch in compare(c, c.versions[0], c.versions[-1]).changes if ch.term == "revenue_share")
    assert (change.kind, change.since) == (kind, since)
    assert ", ".join(f"{s.kind} {s.version}" for s in change.steps) == steps


def test_a_backwards_comparison_says_so_and_credits_no_draft() -> None:
    c = collection(version("v1", 1), version("v2", 2, revenue_share=P50), version("v3", 3, revenue_share=P40))
    diff = compare(c, c.versions[2], c.versions[0])
    assert diff.backwards and not compare(c, c.versions[0], c.versions[2]).backwards
    assert all(ch.since is None and not ch.steps for ch in diff.changes)
    view = diff_view(c, diff)
    assert view.version_changes[0] == "v3 is later than v1: this compares backwards in time"
    assert all("since" not in said.words for said in view.head)


def test_the_head_tells_the_middle_of_the_story() -> None:
    c = collection(
        version("v1", 1, fund_size=stated(usd(500))),
        version("v2", 2, fund_size=ABSENT, revenue_share=P50, scope=stated(Text("new developments"))),
        version("v3", 3, scope=stated(Text("all minerals"))),
    )
    head = {said.label: said.words for said in diff_view(c, compare(c, c.versions[0], c.versions[2])).head}
    assert head == {
        "Fund size": "$500 billion → no longer covered by reports, since v3 (v2: not in this draft)",
        "Revenue share": "reported in v2 only (50%)",
        "Scope": "now reported: all minerals, since v2 (v2: new developments)",
    }


# Properties, over terms drawn from a small vocabulary so collisions happen often.
values = st.sampled_from([usd(500), usd(350), usd(100)])
summaries = st.sampled_from(["a", "b"])
sources = st.sampled_from([CITE, OTHER])
terms = st.one_of(
    st.just(NOT_REPORTED),
    st.builds(stated, values, summaries, sources),
    st.builds(lambda s, c: Term("absent", None, s, c), summaries, sources),
    st.builds(lambda a, b: disputed(claim("US", a), claim("UA", b)), values, values),
)


@given(terms)
def test_a_term_against_itself_is_unchanged(term: Term) -> None:
    assert compare_terms(FUND, term, term).kind == "unchanged"


@given(terms, terms)
def test_swapping_sides_swaps_added_and_dropped_and_inverts_deltas(a: Term, b: Term) -> None:
    forward, backward = compare_terms(FUND, a, b), compare_terms(FUND, b, a)
    swapped = {"added": "dropped", "dropped": "added"}
    assert backward.kind == swapped.get(forward.kind, forward.kind)
    if forward.delta is not None:
        assert backward.delta is not None and backward.delta.absolute == -forward.delta.absolute


@given(st.lists(st.dictionaries(st.sampled_from(list(SPECS)), terms), min_size=2, max_size=5))
def test_every_catalogue_term_appears_once(drafts: list[dict[str, Term]]) -> None:
    c = collection(*(version(f"v{i}", i + 1, **d) for i, d in enumerate(drafts)))
    diff = compare(c, c.versions[0], c.versions[-1])
    assert sorted(ch.term for ch in diff.changes) == sorted(SPECS)
    assert compare(c, c.versions[0], c.versions[0]).changed == ()
    for change in diff.changed:
        assert change.since in {v.id for v in c.versions[1:]}


@given(st.lists(st.dictionaries(st.sampled_from(list(SPECS)), terms), min_size=2, max_size=4))
def test_the_json_round_trips(drafts: list[dict[str, Term]]) -> None:
    c = collection(*(version(f"v{i}", i + 1, **d) for i, d in enumerate(drafts)))
    diff = compare(c, c.versions[0], c.versions[-1])
    document = diff_document(c, diff, include_unchanged=True)
    parsed = json.loads(diff_json(c, diff, include_unchanged=True))
    assert parsed == {"schema_version": 2, **document}
    assert [change["term"] for change in parsed["changes"]] == [change.term for change in diff.changes]
    silent = "not-reported-in-either"  # its own kind, as in `counts`: silence on both sides is not "unchanged"
    assert [change["kind"] for change in parsed["changes"]] == [
        silent if change.before.status == change.after.status == "not_reported" else change.kind
        for change in diff.changes
    ]
    kinds = [change["kind"] for change in parsed["changes"]]
    assert kinds.count("unchanged") == parsed["counts"]["unchanged"]
    assert kinds.count(silent) == parsed["counts"]["not_reported_in_either"]


@given(st.lists(st.dictionaries(st.sampled_from(list(SPECS)), terms), min_size=2, max_size=5), st.data())
def test_the_heads_counts_add_up_to_the_catalogue(drafts: list[dict[str, Term]], data: st.DataObject) -> None:
    """Every catalogue term is counted once: changed, newly reported, no longer reported, unchanged or neither."""
    c = collection(*(version(f"v{i}", i + 1, **d) for i, d in enumerate(drafts)))
    a = data.draw(st.sampled_from(c.versions))
    b = data.draw(st.sampled_from(c.versions))
    diff = compare(c, a, b)
    counts = diff.counts
    assert counts.total == len(SPECS)
    real = counts.changed + counts.reworded + counts.resourced
    assert real + counts.now_reported + counts.no_longer_reported == len(diff.changed)
    silent = [ch for ch in diff.changes if ch.before.status == ch.after.status == "not_reported"]
    assert counts.not_reported_in_either == len(silent)
    assert counts.unchanged == sum(ch.kind == "unchanged" for ch in diff.changes) - len(silent)
    view = diff_view(c, diff)
    # One line per term: every change, and every term that moved on the way and came back, once.
    told = [ch for ch in diff.changes if ch.kind != "unchanged" or ch.reverted]
    assert len(view.head) + len(view.no_longer_reported) == len(told)
    assert len(view.no_longer_reported) <= counts.no_longer_reported
    line = view.count_line
    assert "added" not in line and "removed" not in line and "dropped" not in line
    if counts.not_reported_in_either:
        assert f"{counts.not_reported_in_either} not reported in either" in line


def test_count_line_singular_and_plural() -> None:
    from drafts.comparing.diff import Counts

    assert count_line(Counts(1, 1, 1, 0, 0, 1, 1)) == (
        "1 term changed, 1 now reported, 1 no longer covered by reports; 1 unchanged, 1 not reported in either"
    )
    assert count_line(Counts(0, 0, 0, 0, 0, 3, 9)) == "no term changes; 3 terms unchanged, 9 not reported in either"
    assert count_line(Counts(0, 0, 0, 0, 0, 1, 0)) == "no term changes; 1 term unchanged"
    assert count_line(Counts(4, 1, 1, 0, 0, 3, 2)) == (
        "4 terms changed, 1 now reported, 1 no longer covered by reports; 3 unchanged, 2 not reported in either"
    )
