"""Spoken boilerplate that is not news: the intro, sponsor reads, subscription plugs, the outro.

Works on the lines of a transcript (time prefixes already stripped). Everything here is phrase
evidence plus position: an intro can only be at the start, an outro only in the last stretch, a
sponsor read runs from its announcement to its call to action ("go to box.com").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.segment import find_cue


@dataclass(frozen=True)
class Span:
    """Lines start..end (indexes into the caller's list, inclusive) that are not a story."""

    start: int
    end: int
    reason: str  # "intro", "sponsor", "outro"


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_SHOW = r"(?:episode|show|video|podcast|program|programme|segment|edition|broadcast)"
SPONSOR_START_RE = _re(
    rf"\b(?:this|today's|this week's|tonight's) {_SHOW}(?: of [\w' ]{{1,40}}?)? (?:is|was|has been|comes) "
    r"(?:also |again |proudly )?(?:brought to you|sponsored|supported|presented|made possible|powered)\b"
    r"|\b(?:today's|this week's|our) sponsors? (?:is|are|today|this week)\b"
    r"|\b(?:a|quick) word from (?:our|this week's|today's) sponsors?"
    r"|\b(?:thank you|thanks|a (?:quick |big )?(?:thank you|thanks|shout-?out)) to (?:our|this week's|today's) "
    r"sponsors?\b"
    rf"|\bsupport for (?:this|the|today's) {_SHOW} comes from\b|\bthanks to [\w .']{{1,40}} for sponsoring\b"
    r"|\b(?:we'll|we will|we're going to) be (?:right )?back (?:right )?after (?:this|a|these|the)\b"
    r"|\b(?:let's|we'll|we're going to) take a (?:quick|short) (?:break|pause)\b"
    r"|^\W*(?:(?:and|but|so|okay)\W+)?(?:first|before we (?:start|begin|get into it))?\W*"
    r"(?:brought to you|sponsored) by\b"
)
SPONSOR_END_RE = _re(
    r"\b[\w-]+\.(?:com|io|ai|org|net|co|fm|app|us)\b|\b[\w-]+ dot (?:com|io|ai|org|net|co)\b"
    r"|\b(?:promo|discount|offer) code\b|\buse (?:the )?code\b|\bfree trial\b|\b(?:percent|%) off\b"
    r"|\blearn more at\b|\bback to (?:the|our) (?:show|episode|program|conversation|news)\b"
)
OUTRO_RE = _re(
    r"\b(?:that's|that is|that'll be|that wraps) (?:it|all|about it|up|everything) "
    r"for (?:this|today|the|now|our|us)\b"
    r"|\bthanks? (?:you )?(?:so much |all |again |everyone |guys )?for (?:listening|watching|tuning in|joining us)\b"
    r"|\b(?:see|catch|talk to) (?:you|ya) (?:all |guys )?(?:next (?:week|time)|tomorrow|soon|in the next)\b"
    r"|\buntil next (?:week|time)\b|\band with that,? we(?:'re| are| will)\b|\bthat's a wrap\b"
    r"|\bwe(?:'re| are) (?:done|out of time) (?:with|for)\b|\bsigning off\b"
    rf"|\bthat's (?:our|the|it for the) {_SHOW}\b"
    r"|\b(?:we'll|we will) be back (?:next|on|tomorrow|in)\b|^\W*(?:take care|bye|goodbye|see you)\b"
    r"|\bthat's all (?:we have|we've got|the time)\b"
)
PLUG_RE = _re(
    r"\b(?:subscribe|subscribing|rate (?:and|&) review|leave (?:us )?a (?:review|rating)|five[- ]star"
    r"|like button|hit (?:the|that) like|notification bell|patreon|follow (?:us|the show) on|join (?:our|the) discord"
    rf"|share (?:this|the) {_SHOW} with|let (?:us|me) know in the comments|sign up for (?:our|the) newsletter)\b"
)
INTRO_RE = _re(
    r"\bwelcome (?:back )?to\b|\bi'm your (?:\w+ )?(?:host|co-?host)\b|\bmy name is\b|\b(?:co-?hosts?|your hosts?)\b"
    r"|\bjoined (?:as always |today )?by\b|\bwith me (?:today|as always|as usual)\b"
    rf"|\b(?:in|on) (?:this|today's|this week's) {_SHOW}\b|\b(?:this|today's) {_SHOW} (?:we|is)\b"
    r"|\b(?:this week|today) (?:we(?:'ve| have)? got|we(?:'ll| will| are going to) (?:talk|cover|discuss|look))\b"
    r"|\bwe(?:'ve| have)(?: got)? a (?:lot|bunch|busy|big|full|packed|great)\b"
    r"|\blet's (?:get into it|dive in|jump in|get started)\b"
    rf"|\b(?:on|in) (?:the|today's) {_SHOW} today\b|\btoday on the {_SHOW}\b"
    r"|\b(?:hey|hi|hello),? (?:everyone|everybody|folks|guys|and welcome)\b|^\W*(?:hey|hi|hello)\b"
    r"|^\W*(?:and )?i'm [\w .'-]{2,30}[.!]?$|\bi'm \w+ and (?:this|i'm)\b|\bpreview\b"
)
# Hosts open the first story with one of these; earlier lines are the intro.
OPENER_RE = _re(
    r"\b(?:first up|first story|our first (?:story|item|headline)"
    r"|(?:we|let's) (?:begin|start|kick (?:things )?off) with"
    r"|kicking (?:things|us) off|to kick (?:things|us) off|let's start with|starting (?:off )?with"
    r"|(?:our|the) (?:top|lead|leading|biggest|big) (?:story|news|headline)|leading (?:off|the show))\b"
)

SPONSOR_MAX_GAP = 12  # lines of ad copy between the announcement and a call to action
SPONSOR_NO_END = 4  # lines kept after an announcement with no call to action and no story cue


def is_plug(line: str) -> bool:
    """A subscribe/rate/review request: never news, wherever it sits."""
    return bool(PLUG_RE.search(line))


def sponsor_spans(lines: list[str]) -> list[Span]:
    """Each sponsor read, from its announcement to its last call to action."""
    spans: list[Span] = []
    i = 0
    while i < len(lines):
        if not SPONSOR_START_RE.search(lines[i]):
            i += 1
            continue
        end = _sponsor_end(lines, i)
        spans.append(Span(i, end, "sponsor"))
        i = end + 1
    return spans


def _sponsor_end(lines: list[str], start: int) -> int:
    last_close = None
    for j in range(start, len(lines)):
        if j > start and find_cue(lines[j]) >= 0.9:
            break  # the next story is announced
        if j > start and last_close is not None and SPONSOR_START_RE.search(lines[j]):
            break  # a second read begins; it gets its own span
        if SPONSOR_END_RE.search(lines[j]):
            last_close = j
        if j - (last_close if last_close is not None else start) >= SPONSOR_MAX_GAP:
            break
    if last_close is not None:
        return last_close
    end = start
    for j in range(start + 1, min(len(lines), start + SPONSOR_NO_END + 1)):
        if find_cue(lines[j]) >= 0.9:
            break
        end = j
    return end


def intro_lines(lines: list[str], sponsors: list[Span]) -> list[int]:
    """Indexes of intro lines: before the first story opener, or the opening run of intro talk."""
    limit = max(12, len(lines) // 4)
    in_sponsor = {i for span in sponsors for i in range(span.start, span.end + 1)}
    opener = next((i for i in range(min(limit, len(lines)))
                   if i not in in_sponsor and _opens_story(lines[i])), None)
    first_sponsor = min((span.start for span in sponsors), default=None)
    if opener is None and first_sponsor is not None and first_sponsor < limit:
        opener = next((i for i in range(first_sponsor, len(lines)) if i not in in_sponsor), len(lines))
    if opener is not None:
        before = [i for i in range(opener) if i not in in_sponsor]
        if before and (len(before) <= 3 or any(INTRO_RE.search(lines[i]) for i in before)):
            return before
        return []
    # No announced first story: the intro is the opening run of intro talk (small gaps allowed).
    end, gap = -1, 0
    for i in range(min(limit, len(lines))):
        if INTRO_RE.search(lines[i]) or is_plug(lines[i]):
            end, gap = i, 0
        else:
            gap += 1
            if gap > 2 or end < 0:
                break
    return list(range(end + 1))


def _opens_story(line: str) -> bool:
    return bool(OPENER_RE.search(line)) or find_cue(line) >= 0.9


def outro_start(lines: list[str]) -> int | None:
    """First line of the sign-off, looked for only near the end; plugs just before it join it."""
    window = max(6, len(lines) // 8)
    start = next((i for i in range(max(0, len(lines) - window), len(lines)) if OUTRO_RE.search(lines[i])), None)
    if start is None:
        return None
    while start > 0 and is_plug(lines[start - 1]):
        start -= 1
    return start


def find_boilerplate(lines: list[str]) -> list[Span]:
    """Intro, sponsor and outro spans, sorted and non-overlapping."""
    sponsors = sponsor_spans(lines)
    spans = list(sponsors)
    outro = outro_start(lines)
    if outro is not None:
        spans = [s for s in spans if s.end < outro] + [Span(outro, len(lines) - 1, "outro")]
        spans += [Span(s.start, outro - 1, "sponsor") for s in sponsors if s.start < outro <= s.end]
    intro = intro_lines(lines, sponsors)
    for run_start, run_end in _runs(i for i in intro if outro is None or i < outro):
        spans.append(Span(run_start, run_end, "intro"))
    return sorted(spans, key=lambda span: span.start)


def _runs(indexes) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
