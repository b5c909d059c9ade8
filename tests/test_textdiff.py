"""The word-level diff: by word, deterministic, inline for edits, whole for rewrites."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafts.comparing.textdiff import render_inline, word_diff


def test_small_edit_is_inline_and_by_word() -> None:
    diff = word_diff("a $500 billion fund to compensate for aid", "a $350 billion fund to compensate for aid")
    assert diff.inline
    assert render_inline(diff) == "a $[-500-]{+350+} billion fund to compensate for aid"


def test_words_are_not_split_into_letters() -> None:
    diff = word_diff("the fund is controlled jointly", "the fund is controlled unilaterally")
    assert render_inline(diff) == "the fund is controlled [-jointly-]{+unilaterally+}"


def test_wholly_different_text_is_replaced_whole() -> None:
    diff = word_diff("no security guarantees", "Ukraine must ratify the deal in parliament")
    assert not diff.inline
    assert [s.op for s in diff.segments] == ["delete", "insert"]


def test_identical_text_has_no_change() -> None:
    assert not word_diff("same words", "same words").changed


words = st.lists(st.sampled_from(["fund", "aid", "debt", "50%", "US", "Ukraine", "the", "a", ","]), max_size=30)


@given(words, words)
def test_segments_rebuild_both_texts(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), " ".join(b)
    diff = word_diff(old, new)
    assert "".join(s.text for s in diff.segments if s.op != "insert") == old
    assert "".join(s.text for s in diff.segments if s.op != "delete") == new
    assert word_diff(old, new) == diff  # deterministic


def test_long_texts_are_aligned_by_sentence_then_by_word() -> None:
    sentence = "The fund will hold {} billion dollars for reconstruction of the {} region. "
    old = "".join(sentence.format(i, "eastern") for i in range(400))
    new = old.replace("hold 7 billion", "hold 8 billion").replace("the eastern region. The fund will hold 399", "x")
    diff = word_diff(old, new)
    assert diff.inline
    assert "".join(s.text for s in diff.segments if s.op != "insert") == old
    assert "".join(s.text for s in diff.segments if s.op != "delete") == new
    assert next(s.text for s in diff.segments if s.op == "delete") == "7"


def test_long_wholly_different_texts_are_replaced_whole() -> None:
    old = "".join(f"Alpha {i} beta gamma. " for i in range(2000))
    new = "".join(f"Delta {i} epsilon zeta. " for i in range(2000))
    diff = word_diff(old, new)
    assert not diff.inline
    assert [s.op for s in diff.segments] == ["delete", "insert"]
