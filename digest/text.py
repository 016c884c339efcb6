"""Small text helpers shared by the loader and the summarizer (sentences, words, slugs)."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further get got had hadn't has hasn't have haven't having
    he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in
    into is isn't it it's its itself just let's like me more most mustn't my myself no nor not now of off
    on once only or other ought our ours ourselves out over own really right same shan't she she'd she'll
    she's should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who
    who's whom why why's will with won't would wouldn't yeah yes you you'd you'll you're you've your yours
    yourself yourselves okay ok um uh oh well kind sort thing things lot going gonna know think mean
    actually basically pretty much even still one two way something stuff guess yep sure maybe say said
    says see look go make made new""".split()
)

_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-\.]*[A-Za-z0-9]|[A-Za-z0-9]")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and whitespace,
# unless the period belongs to a common abbreviation or a single initial.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e inc ltd co corp fig no approx dept est u.s a.k.a".split()
)
_SENT_END_RE = re.compile(r"([.!?…]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, keeping internal hyphens and dots (gpt-4.5, r1)."""
    tokens = _WORD_RE.findall(text)
    if not tokens:
        return []
    # One lower()/replace() over the joined tokens (ASCII plus ’, never a space) instead of one per word.
    return " ".join(tokens).lower().replace("’", "'").split(" ")


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences; good enough for news text, no model download."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _SENT_END_RE.finditer(text):
        end = match.end(1)
        candidate = text[start:end]
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".").lower()
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


@functools.lru_cache(maxsize=65536)
def text_digest(text: str) -> str:
    """A hash that stands for a long text (an item's body) in the keys of item files, enrichment
    and pages. Why cached: those keys are taken for every item in every build, and `digest serve`
    hands each build the same body objects: looking one up costs no pass over its characters."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}


@functools.lru_cache(maxsize=65536)  # every link to an item, tag or source page slugs its name
def slugify(text: str, max_length: int = 60) -> str:
    """ASCII slug safe as a file name on every OS and as a URL path segment."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    if slug in _WINDOWS_RESERVED:
        slug += "-x"  # 'con.html' cannot be created on Windows, whatever the extension
    return slug or "item"


def truncate_words(text: str, limit: int) -> str:
    parts = text.split()
    if len(parts) <= limit:
        return text.strip()
    return " ".join(parts[:limit]).rstrip(",;:") + "…"
