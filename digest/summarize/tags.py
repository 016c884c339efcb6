"""Tags: named entities and keyphrases, normalised across the whole corpus.

Why corpus-wide: a tag is only useful if the same thing gets the same tag everywhere, so spellings
are merged before anything is chosen. Two mentions are one tag when they agree after lower-casing
and dropping spaces, hyphens, a possessive and a plural ("DeepSeek-R1" = "Deepseek R1", "GPUs" =
"GPU"), or when digest.yaml's `tag_aliases` maps one to the other ("cloud code" -> "Claude Code",
keys compared case-insensitively). The tag shown is the alias target, else the most frequent
spelling.

Entities are capitalised runs ("Kimi K2", "Claude Code", "GPT-5") whose words the corpus shows to
be names: written capitalised mid-sentence at least as often as in lower case, never written in
lower case at all, or carrying digits or inner capitals ("o3", "xAI"). So sentence-initial "The"
or "So" and Title Case headings do not make tags. Keyphrases are runs of content words. A text's
tags favour entities, what other texts also mention and what is salient in this one (TF-IDF, the
opening); words that most texts share ("AI") separate nothing and are dropped.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from digest.summarize.textmemo import TextMemo, text_key
from digest.text import STOPWORDS, slugify

MAX_ENTITY_TOKENS = 5
_DEMONYM_ENDINGS = ("ese", "ish", "ian", "ern", "ean", "ican")  # longer capitalised runs are titles, not names
LEAD_WORDS = 40  # a mention in the title or first sentence is salient
COMMON_SHARE = 0.5  # with 4+ texts, a tag found in more than this share of them is dropped
ENTITY_WEIGHT, PHRASE_WEIGHT, WORD_WEIGHT = 1.6, 1.0, 0.5

_TOKEN_RE = re.compile(r"[^\W_](?:[\w'’.+\-]*[^\W_]|\+)?")
_BREAK_RE = re.compile(r"[.,;:!?()\[\]\"“”—–\n…/|]|\s[-–]\s")
_SEGMENT_RE = re.compile(r"[.!?:;\n]+(?:\s+|$)|[\n\"“”]")
_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_SPEAKER_RE = re.compile(r"\*\*([^*\n]{1,40}?)\*\*\s*(?:\[[\d:.]+\])?\s*:|\*\*([^*\n]{1,40}?):\*\*")
_PLAIN_SPEAKER_RE = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}):\s+(?=\S)", re.M)
_GLUED_SENTENCE_RE = re.compile(r"(?<=[A-Za-z0-9%)][.!?])(?=[A-Z][a-z])")
_POSSESSIVE_RE = re.compile(r"['’]s$")
_STARTS_RE = re.compile(r"[.!?:;…\"“”()\[\]—–\n]\s*$")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_VERSION_RE = re.compile(r"\d+(?:\.\d+)*[a-zA-Z]?")
_LETTER_RE = re.compile(r"[a-z]")
# Capitalised words that are never tags by themselves: calendar and discourse words, job titles,
# and the words every text in an AI digest uses.
_CALENDAR = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight""".split()
)
_NEVER = _CALENDAR | frozenset(
    """mr mrs ms dr prof ceo cto cfo coo vp svp evp phd tl dr faq aka etc vs eg ie am pm us
    yeah yes no hello hi hey thanks thank please ok okay alright right well so now next first also
    however meanwhile overall finally instead still plus anyway oh wow hmm yup yep nope sure exactly
    absolutely totally great cool nice source sources link full story read more update updates
    ai llm llms""".split()
)
_EXTRA_STOP = frozenset(
    """across within without toward towards among around beyond via per upon onto despite versus amid
    along behind inside outside throughout unlike whether though although yet since thus hence rather
    already almost perhaps often ever never always quite enough far etc e.g i.e""".split()
)
# Words that make a keyphrase generic when they start or end it ("huge deal", "pretty impressive").
_GENERIC = frozenset(
    """huge big bigger biggest great good better best bad worse small smaller large larger whole entire
    specific certain different various several many much less least more most main key major minor
    real really pretty impressive interesting important crazy nice cool fun weird wild massive
    able first last next previous recent latest current same own every another else other
    high higher low lower long longer short full little plenty basic simple hard easy possible
    people person guy guys folks way ways time times year years week weeks day days month months
    today point points part parts piece bit lot lots kind sort type types thing things stuff
    case cases example examples question questions idea ideas story stories news episode podcast
    show post posts article company companies world number numbers level levels term terms sense
    fact use uses using used gets getting got make makes making made take takes come comes coming
    goes going want wants need needs think thinks know knows seems seem called end start side top
    sure okay right left half everyone everything someone something anyone anything nothing
    keep keeps kept give gives gave put puts let lets show shows showed shown find finds found try tries
    work works look looks feel feels felt become becomes became bring brings run runs drive drives
    driving help helps allow allows means say tell tells ask asks call calls move moves turn turns set
    sets leave leaves hold holds begin begins began saw see sees seen went gone put done does doing
    one two three four five six seven eight nine ten hundred thousand million billion trillion
    percent dozen dozens lot""".split()
)


@dataclass
class _Token:
    text: str  # possessive and trailing dots trimmed
    offset: int  # word offset in the text
    starts_sentence: bool
    after_break: bool  # punctuation or a line break separates it from the previous token
    in_heading: bool  # inside a Title Case segment, where capitals prove nothing


class _Mention(NamedTuple):  # immutable: a text's mentions are shared between builds (TextMemo)
    surface: str
    key: str
    kind: str  # "entity", "phrase" (2-3 words) or "word"
    position: int  # word offset in its text
    in_heading: bool = False


@dataclass
class _TagStats:
    surfaces: dict[str, int]  # spelling -> mentions
    texts: set[int]  # indexes of the texts that mention it
    entity: bool
    in_prose: bool  # seen outside Title Case headings at least once
    display: str


def tag_slug(tag: str) -> str:
    """The tag's URL segment ("Claude Code" -> "claude-code")."""
    return slugify(tag)


@functools.lru_cache(maxsize=65536)
def tag_key(tag: str) -> str:
    """What two spellings of one tag share: case, spaces, hyphens, a possessive, a plural."""
    text = tag.lower().replace("’", "'")
    text = re.sub(r"'s\b|'", "", text)
    parts = [p for p in re.split(r"[\s\-_/]+", text.strip(" .,;:!?\"()[]")) if p]
    if not parts:
        return ""
    if re.fullmatch(r"[A-Z][A-Z0-9]+s", tag.split()[-1] if tag.split() else ""):
        parts[-1] = parts[-1][:-1]  # "GPUs", "LLMs": an acronym's plural
        return "".join(parts)
    last = parts[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")) and last[-2].isalpha():
        parts[-1] = last[:-3] + "y" if last.endswith("ies") and len(last) > 4 else last[:-1]
    return "".join(parts)


def extract_tags(texts: list[str], aliases: dict[str, str], max_tags: int = 5,
                 memo: TextMemo | None = None) -> list[list[str]]:
    """Per text up to max_tags tags, most salient first; deterministic for the same corpus.
    memo: a text's mentions from an earlier call, reused when the words of it the corpus counts as
    names and as lower case are the same (proper and common names are looked up by the text's
    lower-cased words alone: they are all the corpus adds to reading it)."""
    if not texts:
        return []
    if max_tags <= 0:
        return [[] for _ in texts]
    aliases = {k: v.strip() for k, v in (aliases or {}).items() if k.strip() and v and v.strip()}
    alias_map = {tag_key(k): v for k, v in aliases.items()}
    alias_map.update({tag_key(v): v for v in aliases.values()})
    alias_patterns = _alias_patterns(aliases)
    prepared = [_prepare(text) for text in texts]
    speakers = {tag_key(name) for text in prepared for name in text.speakers}
    cleaned = [text.cleaned for text in prepared]
    token_lists = [text.tokens for text in prepared]
    proper, common = _proper_words(prepared)

    alias_key = tuple(aliases.items())  # in order: of two aliases for one spelling, the later wins
    mentions: list[list[_Mention]] = []
    for raw, text, tokens, vocabulary in zip(texts, cleaned, token_lists, (p.vocabulary for p in prepared)):
        def read() -> tuple[_Mention, ...]:
            return _resolve(_entities(tokens, proper) + _keyphrases(tokens, proper, common)
                            + _alias_mentions(text, alias_patterns), alias_map)

        if memo is None:
            found = read()
        else:  # the key is only worth its hashing with a memo to look in
            key = ("tags", text_key(raw), _set_key(proper & vocabulary), _set_key(common & vocabulary), alias_key)
            found = memo.remember(key, len(raw), read)  # type: ignore[assignment]
        mentions.append([m for m in found if m.key not in speakers])

    stats = _stats(mentions, set(alias_map.values()))
    mentions = [_drop_lowercase_names(text_mentions, stats, tokens)
                for text_mentions, tokens in zip(mentions, token_lists)]
    return [_choose(text_mentions, stats, len(texts), max_tags) for text_mentions in mentions]


def _set_key(words: set[str]) -> bytes:
    """A set of words as a short hash: a text's common words as a frozenset were most of a key's memory."""
    return hashlib.sha1("\0".join(sorted(words)).encode("utf-8", "surrogatepass")).digest()


def _resolve(found: list[_Mention], alias_map: dict[str, str]) -> tuple[_Mention, ...]:
    """Aliases applied; one-letter keys and repeats at one position dropped."""
    resolved, seen = [], set()
    for m in found:
        if m.key in alias_map:
            target = alias_map[m.key]
            m = _Mention(target, tag_key(target), "entity", m.position)
        if len(m.key) > 1 and (m.key, m.position) not in seen:
            seen.add((m.key, m.position))  # an alias match and an entity run can be one mention
            resolved.append(m)
    return tuple(resolved)


def _stats(mentions: list[list[_Mention]], alias_targets: set[str]) -> dict[str, _TagStats]:
    # Gathered in plain dicts and sets first: a _TagStats, a Counter and a set for every key met
    # were most of this function's time (a Counter is slow to make).
    texts: dict[str, set[int]] = defaultdict(set)
    entity_surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    phrase_surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    in_prose: set[str] = set()
    for index, text_mentions in enumerate(mentions):
        for m in text_mentions:
            counts = (entity_surfaces if m.kind == "entity" else phrase_surfaces)[m.key]
            counts[m.surface] = counts.get(m.surface, 0) + 1
            texts[m.key].add(index)
            if not m.in_heading:
                in_prose.add(m.key)
    targets = {tag_key(t): t for t in alias_targets}
    stats: dict[str, _TagStats] = {}
    for key, found_in in texts.items():
        entity = key in entity_surfaces
        surfaces = entity_surfaces[key] if entity else phrase_surfaces[key]
        # Names keep their capitals ("Claude Code"), phrases read in lower case ("open models").
        capitals = -1 if entity else 1
        display = targets.get(key) or (next(iter(surfaces)) if len(surfaces) == 1 else min(
            surfaces, key=lambda s: (-surfaces[s], capitals * sum(map(str.isupper, s)), s)))
        stats[key] = _TagStats(surfaces, found_in, entity, key in in_prose, display)
    return stats


def _drop_lowercase_names(text_mentions: list[_Mention], stats: dict[str, _TagStats],
                          tokens: list[_Token]) -> list[_Mention]:
    """In prose a name is written with capitals: a lower-case "windows" in a text that never writes
    "Windows" is the common word. Caption-style text (all lower case) keeps its matches."""
    prose = sum(t.text[0].isupper() for t in tokens) >= 0.05 * max(1, len(tokens))
    if not prose:
        return text_mentions
    named = {m.key for m in text_mentions if m.kind == "entity"}
    return [m for m in text_mentions if m.kind == "entity" or not stats[m.key].entity or m.key in named]


def _choose(text_mentions: list[_Mention], stats: dict[str, _TagStats], n_texts: int, max_tags: int) -> list[str]:
    counts = Counter(m.key for m in text_mentions)
    first: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for m in text_mentions:
        first[m.key] = min(first.get(m.key, m.position), m.position)
        if m.kind == "entity" or m.key not in kinds:
            kinds[m.key] = m.kind
    too_common = max(2, int(COMMON_SHARE * n_texts)) if n_texts >= 4 else n_texts + 1
    scored = []
    for key, count in counts.items():
        df = len(stats[key].texts)
        in_lead = first[key] < LEAD_WORDS
        kind = "entity" if stats[key].entity else kinds[key]
        if df > too_common or not (stats[key].entity or stats[key].in_prose):
            continue  # everywhere, or a phrase only ever seen in a heading ("Models Generate")
        if kind == "word" and not (count >= 3 or (df >= 2 and count >= 2)):
            continue  # a lone common word is rarely what a story is about
        if df < 2 and count < 2:
            continue  # said once and nowhere else: not what the story is about, and a tag page of one
        weight = {"entity": ENTITY_WEIGHT, "phrase": PHRASE_WEIGHT, "word": WORD_WEIGHT}[kind]
        idf = math.log((n_texts + 1) / (df + 1)) + 1.0
        score = (1.0 + math.log(count)) * idf * weight * (1.5 if in_lead else 1.0) * (1.3 if df >= 2 else 1.0)
        scored.append((score, key))
    scored.sort(key=lambda item: (-item[0], -len(stats[item[1]].display.split()), item[1]))
    chosen: list[str] = []
    for score, key in scored:
        # Of "Elon" and "Elon Musk", or "brain damage" and "maximal brain damage", show the longer
        # unless it is much weaker.
        longer = [(s2, k2) for s2, k2 in scored if k2 != key and s2 >= 0.5 * score
                  and _overlaps(stats[key].display, stats[k2].display)
                  and len(stats[k2].display.split()) > len(stats[key].display.split())]
        if longer:
            key = max(longer, key=lambda item: (item[0], item[1]))[1]
        if key in chosen or any(_overlaps(stats[key].display, stats[other].display) for other in chosen):
            continue
        chosen.append(key)
        if len(chosen) == max_tags:
            break
    return [stats[key].display for key in chosen]


def _overlaps(tag: str, other: str) -> bool:
    """"Kimi" next to "Kimi K2", or "model" next to "open models": keep only the stronger one."""
    mine, theirs = _word_keys(tag), _word_keys(other)
    return mine <= theirs or theirs <= mine


@functools.lru_cache(maxsize=65536)  # every pair of a text's candidate tags is compared
def _word_keys(tag: str) -> frozenset[str]:
    return frozenset(tag_key(w) for w in re.split(r"[\s\-]+", tag) if w)


def _speakers(text: str) -> set[str]:
    """Show-script speakers ("**Maya**:"): their names are on every turn but are not the story."""
    names = {(m.group(1) or m.group(2) or "").strip() for m in _SPEAKER_RE.finditer(text)}
    plain = Counter(m.group(1) for m in _PLAIN_SPEAKER_RE.finditer(text))
    turns = [name for name, n in plain.most_common(4) if n >= 2]
    if len(turns) >= 2 and sum(plain[name] for name in turns) >= 4:
        names.update(turns)
    return {name for name in names if name}


def _clean(text: str) -> str:
    text = _SPEAKER_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _GLUED_SENTENCE_RE.sub(" ", text)
    return re.sub(r"[*_`#>]+", " ", text)


def _heading_offsets(text: str) -> set[int]:
    """Word offsets inside Title Case segments (titles, headings, list labels)."""
    offsets: set[int] = set()
    position = 0
    for segment in _SEGMENT_RE.split(text):
        words = _TOKEN_RE.findall(segment)
        # Title Case: every longer content word capitalised ("The Three Pillars of the SLM Argument").
        long_words = [w for w in words if len(w) > 3 and w[0].isalpha() and w.lower() not in STOPWORDS]
        if len(long_words) >= 2 and all(w[0].isupper() for w in long_words):
            offsets.update(range(position, position + len(words)))
        position += len(words)
    return offsets


class _Prepared(NamedTuple):
    """What extract_tags reads of one text on its own. Callers must not change it."""

    cleaned: str
    tokens: list[_Token]
    speakers: frozenset[str]
    vocabulary: frozenset[str]  # its words, lower-cased
    # Lower-cased word -> times written capitalised mid-sentence, capitalised outside headings,
    # and in lower case (what _proper_words adds up over the corpus).
    mid: dict[str, int]
    anywhere: dict[str, int]
    lowercase: dict[str, int]


@functools.lru_cache(maxsize=4096)  # `digest serve`: after one edit, only the edited text is read again
def _prepare(text: str) -> _Prepared:
    cleaned = _clean(text)
    tokens = _tokens(cleaned)
    mid: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    lowercase: Counter[str] = Counter()
    for token in tokens:
        word = token.text.lower()
        if token.text[0].islower():
            lowercase[word] += 1
        elif not token.in_heading:
            anywhere[word] += 1
            if not token.starts_sentence:
                mid[word] += 1
    return _Prepared(cleaned, tokens, frozenset(_speakers(text)), frozenset(t.text.lower() for t in tokens),
                     dict(mid), dict(anywhere), dict(lowercase))


def _tokens(text: str) -> list[_Token]:
    headings = _heading_offsets(text)
    out: list[_Token] = []
    previous_end = 0
    for offset, match in enumerate(_TOKEN_RE.finditer(text)):
        gap = text[previous_end: match.start()]
        previous_end = match.end()
        token = _POSSESSIVE_RE.sub("", match.group(0).replace("’", "'")).rstrip(".'")
        if not token:
            continue
        before = text[max(0, match.start() - 8): match.start()]
        starts = not out or bool(_STARTS_RE.search(before))
        out.append(_Token(token, offset, starts, not out or bool(_BREAK_RE.search(gap)), offset in headings))
    return out


def _proper_words(prepared: list[_Prepared]) -> tuple[set[str], set[str]]:
    """Lower-cased words the corpus treats as names (capitalised mid-sentence at least as often as
    written in lower case, or capitalised outside headings and never in lower case), and the
    words it writes in lower case at all."""
    mid: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    lowercase: Counter[str] = Counter()
    for text in prepared:  # each text's counts, made once per text (_prepare)
        mid.update(text.mid)
        anywhere.update(text.anywhere)
        lowercase.update(text.lowercase)
    names = {w for w, n in mid.items() if n >= lowercase[w]}
    # Never in lower case, even if only ever sentence-initial ("Cloudflare launched..."), unless it
    # looks like an inflected common word ("Addresses data efficiency...").
    names |= {w for w, n in anywhere.items() if n >= 2 and not lowercase[w] and not w.endswith(("ed", "ing", "ly", "es"))}
    names = {w for w in names if w not in STOPWORDS and w not in _NEVER and w not in _GENERIC
             and any(ch.isalpha() for ch in w) and not _is_abbreviation(w)}
    return names, set(lowercase)


def _is_abbreviation(word: str) -> bool:
    return "." in word and not any(ch.isdigit() for ch in word)  # U.S, D.C, e.g


@functools.lru_cache(maxsize=65536)
def _is_strong(token: str) -> bool:
    """Looks like a name wherever it stands: letters then digits (o3, GPT-5, QwQ-32B), inner
    capitals (xAI, DeepSeek, MoE) or an acronym (CUDA)."""
    if _is_abbreviation(token):
        return False
    if token[0].isalpha() and any(ch.isdigit() for ch in token):
        return True
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and any(ch.isupper() for ch in token[1:])


@functools.lru_cache(maxsize=65536)
def _is_version(token: str) -> bool:
    return bool(_VERSION_RE.fullmatch(token))


def _entities(tokens: list[_Token], proper: set[str]) -> list[_Mention]:
    mentions: list[_Mention] = []
    run: list[_Token] = []
    for token in tokens:
        capital = token.text[0].isupper() or _is_strong(token.text)
        if token.text.lower() in _CALENDAR or _is_abbreviation(token.text) or _YEAR_RE.fullmatch(token.text):
            capital = False  # calendar words, "U.S.", years: never part of a name
        if run and not token.after_break and not token.starts_sentence and (
            capital or (_is_version(token.text) and not _YEAR_RE.fullmatch(token.text))
        ):
            run.append(token)
            continue
        mentions.extend(_entity_span(run, proper))
        run = [token] if capital else []
    mentions.extend(_entity_span(run, proper))
    return mentions


def _entity_span(run: list[_Token], proper: set[str]) -> list[_Mention]:
    """The name inside a capitalised run: a sentence-initial common word before it goes ("The",
    "So"), the rest stays whole ("Claude Code", "Grok Voice Think Fast 1.0")."""
    def is_name(token: _Token) -> bool:
        word = token.text.lower()
        return word not in _NEVER and (_is_strong(token.text) or word in proper)

    span = list(run)
    while span and not is_name(span[0]) and (
        span[0].starts_sentence or span[0].text.lower() in STOPWORDS or len(span) == 1
    ):
        span = span[1:]
    if not span or len(span) > MAX_ENTITY_TOKENS or all(_is_version(t.text) for t in span):
        return []
    if not any(is_name(t) for t in span):
        return []
    if any(t.in_heading for t in span) and not all(is_name(t) or _is_version(t.text) for t in span):
        return []  # in a Title Case heading only a run of proven names counts
    surface = " ".join(t.text for t in span)
    if len(span) == 1 and (surface.lower().endswith(_DEMONYM_ENDINGS) or (len(surface) <= 2 and not _is_strong(surface))):
        return []  # "Chinese", "Western": adjectives, not subjects
    surface = sys.intern(surface)  # one string per spelling: mentions are kept between builds (TextMemo)
    return [_Mention(surface, tag_key(surface), "entity", span[0].offset)]


def _keyphrases(tokens: list[_Token], proper: set[str], common: set[str]) -> list[_Mention]:
    """Runs of content words (no stop word, number or punctuation inside), as 1-3 word phrases."""
    mentions: list[_Mention] = []
    run: list[_Token] = []
    for token in tokens:
        word = token.text.lower().replace("’", "'")
        content = (word not in STOPWORDS and word not in _NEVER and word not in _EXTRA_STOP and "'" not in word
                   and len(word) > 1 and not _is_abbreviation(word)
                   and not _is_version(word) and bool(_LETTER_RE.search(word)))
        if token.after_break or not content:
            _emit(run, mentions, proper, common)
            run = []
        if content:
            run.append(token)
    _emit(run, mentions, proper, common)
    return mentions


def _emit(run: list[_Token], mentions: list[_Mention], proper: set[str], common: set[str]) -> None:
    words = [t.text.lower() for t in run]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if gram[0] in _GENERIC or gram[-1] in _GENERIC or any(w.endswith("ly") for w in gram):
                continue
            if gram[-1].endswith("ed") or (n == 1 and (len(gram[0]) < 4 or gram[0].endswith(("ing",) + _DEMONYM_ENDINGS))):
                continue  # verbs, participles and "Chinese" end few good tags
            # A phrase reads in lower case except for its names ("sparse attention", "Llama models").
            gram_tokens = run[i : i + n]
            named = gram_tokens[0].text.lower() in proper or _is_strong(gram_tokens[0].text)
            surface = " ".join(t.text if _is_strong(t.text) or (named and t.text.lower() in proper) else t.text.lower()
                               for t in gram_tokens)
            if all(t.text[0].isupper() for t in run[i : i + n]) and not any(t.text.lower() in common for t in run[i : i + n]):
                surface = " ".join(t.text for t in run[i : i + n])  # "Andrew Rabinovich": never written lower case
            kind = "word" if n == 1 else "phrase"
            in_heading = any(t.in_heading for t in run[i : i + n])
            surface = sys.intern(surface)  # one string per spelling: mentions are kept between builds (TextMemo)
            mentions.append(_Mention(surface, tag_key(surface), kind, run[i].offset, in_heading))


def _alias_patterns(aliases: dict[str, str]) -> list[tuple[re.Pattern[str], str]]:
    """Every spelling digest.yaml names (and every alias target) is found whatever its case."""
    spellings: dict[str, str] = {}
    for source, target in sorted(aliases.items()):
        spellings.setdefault(source.strip().lower(), target)
        spellings.setdefault(target.lower(), target)
    patterns = []
    for spelling in sorted(spellings, key=lambda s: (-len(s), s)):
        body = r"[\s\-_]*".join(re.escape(p) for p in re.split(r"[\s\-_]+", spelling) if p)
        patterns.append((re.compile(rf"(?<![\w-]){body}(?:['’]?s)?(?![\w-])", re.IGNORECASE), spellings[spelling]))
    return patterns


def _alias_mentions(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> list[_Mention]:
    if not patterns:
        return []
    starts = [match.start() for match in _TOKEN_RE.finditer(text)]
    mentions = []
    for pattern, target in patterns:
        for match in pattern.finditer(text):
            offset = bisect.bisect_left(starts, match.start())
            mentions.append(_Mention(target, tag_key(target), "entity", offset))
    return mentions
