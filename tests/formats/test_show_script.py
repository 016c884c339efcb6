import datetime as dt

from digest.formats import show_script
from tests.conftest import doc

SCRIPT = """
# Model Minutes — March 3, 2026

## Cold Open

**Ana**: Welcome back, everyone.

**Ben**: Great to be here.

---

## Stories

**Ana**: Nvidia announced a new datacenter chip with twice the memory bandwidth of its predecessor.

**Ben**: The memory bandwidth is what inference customers have been asking for.

---

**Ben** [00:12:30]: The European Parliament voted on the AI liability directive today.

**Ana**: Companies will now carry liability for harms caused by their models in some cases.

**Break:**

**Ana**: Meanwhile Mistral released an open-weight coding model under Apache 2.0.

---

## Quick Hits

**Ana**: Rapid fire now.

**Ben**: FlashWidget. A kernel library that speeds attention by 30% on consumer GPUs. Open source.

**Ana**: Nice.

**Ben**: LongBench Pro. A benchmark for million-token contexts with real documents. Hard for everyone.

**Ana**: Good, we needed it.

---

## Outro

**Ana**: That's the show. See you tomorrow.
"""


def test_header_gives_show_and_date():
    result = show_script.parse(doc(SCRIPT))
    assert result.doc_title == "Model Minutes"
    assert result.doc_date == dt.date(2026, 3, 3)


def test_stories_and_quick_hits_are_items_cold_open_and_outro_are_not():
    result = show_script.parse(doc(SCRIPT))
    bodies = [s.body for s in result.segments]
    assert len(result.segments) == 5
    assert "Nvidia" in bodies[0] and "European Parliament" in bodies[1] and "Mistral" in bodies[2]
    assert result.segments[3].title.startswith("FlashWidget")
    assert result.segments[4].title.startswith("LongBench Pro")
    assert all(s.title_generated for s in result.segments)  # all cut from speech: the LLM may do better
    assert "Nice." in bodies[3]  # the co-host's reaction stays with its hit
    assert not any("Welcome back" in b or "See you tomorrow" in b for b in bodies)
    reasons = {s.reason for s in result.skipped}
    assert {"header", "intro", "outro", "section intro"} <= reasons


def test_turn_with_timestamp_is_parsed_and_every_line_is_accounted_for():
    d = doc(SCRIPT)
    result = show_script.parse(d)
    assert "**Ben**: The European Parliament" in result.segments[1].body
    covered = set()
    for start, end in [(s.start_line, s.end_line) for s in result.segments] + [(k.start_line, k.end_line) for k in result.skipped]:
        lines = set(range(start, end + 1))
        assert not (covered & lines), "ranges overlap"
        covered |= lines
    non_blank = {n for n, line in enumerate(d.lines, 1) if line.strip()}
    assert non_blank <= covered


def test_score():
    assert show_script.score(doc(SCRIPT)) > 0.8
    assert show_script.score(doc("Plain prose line one.\nAnd two.\nAnd three.\n")) == 0.0
