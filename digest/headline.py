"""Headlines for untitled stories ("Google to invest up to $40 billion in Anthropic").

A story's first words are usually a host's lead-in ("So, next story, ..."), so the headline is
built from the most central early sentence that names an entity and says what it did; spoken
filler is removed, a pronoun subject is replaced by the entity it refers to, and "has launched"
becomes headline-style "launches".
"""

from __future__ import annotations

import math
import re
from collections import Counter

from digest.segment import find_cue, is_unpunctuated, pseudo_sentences
from digest.text import content_words, split_sentences

MAX_CANDIDATES = 15  # the news is stated early; later sentences are discussion

# --- verbs ----------------------------------------------------------------------------------------

_REGULAR = """launch release announce unveil introduce debut raise invest acquire block ban sue file reject approve
agree sign partner plan open close cut hire fire report reveal publish ship expand delay drop join quit found
train warn claim propose pass vote rule fine settle secure land top post add end restart deploy adopt award grant
select offer allow require force push deny confirm accuse charge arrest test detect discover fail crash tip return
kill replace update upgrade rename merge list price value bid back fund support lift boost slash pause halt resume
cancel launch roll double triple overtake surpass outperform beat unveil demo open-source release finalize finalise
license buy sell win lose build make take give leave show say pay lay bring become begin hold lead spend strike
catch break find go declare issue order reach set face prevent avoid save survive trigger cause complete start
stop jump surge soar plunge rise grow gain name appoint elect acquire overhaul revamp expand touch clear shut
hit attack steal leak recall tighten loosen extend ease""".split()
_IRREGULAR = {  # base: (past, participle)
    "buy": ("bought", "bought"), "sell": ("sold", "sold"), "win": ("won", "won"), "lose": ("lost", "lost"),
    "build": ("built", "built"), "make": ("made", "made"), "take": ("took", "taken"), "give": ("gave", "given"),
    "leave": ("left", "left"), "show": ("showed", "shown"), "say": ("said", "said"), "pay": ("paid", "paid"),
    "lay": ("laid", "laid"), "bring": ("brought", "brought"), "become": ("became", "become"),
    "begin": ("began", "begun"), "hold": ("held", "held"), "lead": ("led", "led"), "spend": ("spent", "spent"),
    "strike": ("struck", "struck"), "catch": ("caught", "caught"), "break": ("broke", "broken"),
    "find": ("found", "found"), "go": ("went", "gone"), "cut": ("cut", "cut"), "quit": ("quit", "quit"),
    "beat": ("beat", "beaten"), "bid": ("bid", "bid"), "found": ("founded", "founded"), "set": ("set", "set"),
    "rise": ("rose", "risen"), "grow": ("grew", "grown"), "shut": ("shut", "shut"), "hit": ("hit", "hit"),
    "steal": ("stole", "stolen"),
}


def _past(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ied"
    if base in {"ban", "plan", "drop", "ship", "top", "tip"}:  # doubled final consonant
        return base + base[-1] + "ed"
    return base + "ed"


def _third_person(base: str) -> str:
    if base == "go":
        return "goes"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def _inflections() -> dict[str, str]:
    """Past, participle and third-person forms of each news verb, mapped to the base form."""
    forms: dict[str, str] = {}
    for base in _REGULAR:
        past, participle = _IRREGULAR.get(base, (_past(base), _past(base)))
        for form in (past, participle, _third_person(base)):
            forms.setdefault(form, base)
    return forms


_BASE_OF = _inflections()
_VERB_FORMS = frozenset(_BASE_OF) | frozenset(_REGULAR)


# --- entities -------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[A-Za-z0-9$][\w$’'&.\-]*[\w%]|[A-Za-z0-9$%]")
_COMMON_STARTERS = frozenset(
    """soon later today yesterday tomorrow meanwhile however instead still overall interestingly notably
    unfortunately fortunately finally first second third last again anyway perhaps maybe also plus then there here
    what which where why how some many most every each both all any another other such much more less few several
    people everyone nobody someone something nothing everything great good nice cool wow exactly absolutely
    totally sure right well okay yeah imagine think look remember consider""".split()
)
_NOT_ENTITIES = frozenset(
    """i i'm i've i'd i'll yeah yes so and but or okay ok well now then the a an this that these those it it's its we
    we're you your they their he she his her there here what when where why how who if also just like next first one
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december ai ml llm llms gpu gpus cpu cpus api ceo cto us usa uk tv american
    americans chinese european british french german japanese korean indian russian canadian danish norwegian
    swedish dutch italian spanish israeli western eastern english""".split()
)


_NAME_SHAPE_RE = re.compile(r"[a-z][A-Z]|[A-Z].*\d|\d.*[A-Z]|^[A-Z]{2,}")


def _bare(token: str) -> str:
    """The token without a possessive or a trailing dot or quote ("OpenAI's" -> "OpenAI"). String
    tests, not re.sub: this runs for every word of a transcript, twice."""
    if token.endswith(("'s", "’s")):
        return token[:-2]
    return token[:-1] if token.endswith((".", "'", "’")) else token


def _is_entity(token: str, sentence_initial: bool, known: frozenset[str]) -> bool:
    bare = _bare(token)
    if not bare or bare.lower() in _NOT_ENTITIES or bare.isdigit():
        return False
    if _NAME_SHAPE_RE.search(bare):
        return True  # OpenAI, xAI, GPT-5.5, ERCOT: names however placed
    if not bare[0].isupper():
        return False
    if sentence_initial and bare.lower().endswith(("ing", "ed")):
        return False  # "Switching gears", "Announced today": verbs, not names
    # At the start of a sentence a capital proves nothing: it is a name if the text capitalises it elsewhere too.
    return not sentence_initial or (bare in known and bare.lower() not in _COMMON_STARTERS)


def known_names(text: str) -> frozenset[str]:
    """Capitalised words that are names in this text: capitalised inside a sentence somewhere, or
    never written in lower case and not shaped like an inflected common word."""
    found: set[str] = set()
    openers: set[str] = set()
    for sentence in split_sentences(text):
        tokens = [_bare(token) for token in _TOKEN_RE.findall(sentence)]
        found.update(token for token in tokens[1:] if token[:1].isupper())
        openers.update(tokens[:1])
    lower = set(re.findall(r"\b[a-z][\w'-]*", text))
    found.update(
        word for word in openers
        if word[:1].isupper() and len(word) >= 4 and word.lower() not in lower
        and not word.lower().endswith(("s", "ing", "ed", "ly", "al", "ive", "ous", "ful", "ic"))
    )
    return frozenset(found)


def entities(sentence: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised names in a sentence; runs of them ("David Silver", "Grok Voice") are joined."""
    out: list[str] = []
    run: list[str] = []
    for k, token in enumerate(_TOKEN_RE.findall(sentence)):
        if _is_entity(token, k == 0, known):
            run.append(token)
            continue
        if run:
            out.append(" ".join(run))
            run = []
    if run:
        out.append(" ".join(run))
    return out


# --- cleaning -------------------------------------------------------------------------------------

_FILLER_RE = re.compile(
    r"(?:,\s*)?\b(?:you know|i mean|i think|i guess|kind of|sort of|basically|actually|apparently|essentially|"
    r"literally|obviously|of course|um|uh|just|really|pretty much|so-called)\b(?:,\s*)?|\blike,\s*",
    re.IGNORECASE,
)
_LEAD_WORD_RE = re.compile(
    r"^(?:and|so|okay|ok|alright|all right|well|now|yeah|right|also|but|then|lastly|finally|meanwhile|anyway|plus|"
    r"oh|um|uh|first|second|third|next|because|quickly|briefly|today|yesterday|(?:this|last) (?:week|morning|month)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b[,.:]?\s+",
    re.IGNORECASE,
)
# A leading clause that only announces the story: "On to business", "speaking of Meta", "next story".
_LEAD_CLAUSE_RE = re.compile(
    r"^(?:(?:and|so|now|okay|next)\s+)*(?:speaking of\b|starting (?:up |off )?with\b|(?:now )?on ?to\b|over to\b|"
    r"moving (?:\w+ )?on\b|(?:the |our )?next\b|first up\b|(?:the |and )?(?:one|another) (?:more|last|final)\b|"
    r"(?:the )?last\b|in other news\b|(?:we|let's) (?:begin|start)\b|this (?:week|story)\b|here's\b|story\b|"
    r"(?:on|this|last|earlier) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year)\b|"
    r"(?:from|starting|as of|since) (?:this|next|last|today)\b|"
    r"(?:quickly |briefly )?before we (?:wrap|go|close|finish)\b|"
    r"(?:our|the) (?:top|lead|biggest|big) (?:story|headline|news)\b|(?:here's|here is) (?:one|a story|something)\b)",
    re.IGNORECASE,
)
# Words that only present what follows: "It's X", "We have X", "There was a scoop where X".
_PRESENTATIONAL_RE = re.compile(
    r"^(?:there (?:was|is|were|are|has been) (?:a |an |this )?(?:(?:\w+ ){0,2}(?:scoop|report|story|news|update) "
    r"(?:where|that|about|saying) )?|(?:so )?(?:this|it) is (?:a |an |the )?(?=\w+ \w+ \w+)|it's (?:a |an |the )?"
    r"|we(?:'ve)? (?:have|got|saw) (?:a |an |the |some )?|(?:we begin|let's start|we start) with (?:a |an |the |some )?"
    r"|(?:the |an? )?(?:article|paper|story|report|study|piece|title|headline)(?: is)? (?:titled|called)[,:]?\s+"
    r"|(?:a|an|the) (?:company|startup|firm|group|team|lab|model|tool|paper|benchmark) (?:called|named) "
    r"|(?:as (?:we|you) (?:mentioned|said)[^,]{0,30}, ))",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT_RE = re.compile(r"^(?:they|it|the company|the startup|the firm|the lab)\s+(?=\w)", re.I)
_FIRST_PERSON_START_RE = re.compile(r"^(?:i|i'm|i've|i'll|we|we're|we've|we'll|you|you're|let's|there's)\b", re.I)
_PERSONAL_RE = re.compile(r"\b(?:i|i'm|i've|i'll|me|my|we|we're|we've|us|our|you|you're|your)\b", re.IGNORECASE)
_CONTEXTUAL_RE = re.compile(r"^(?:that|that's|this|these|those|which|because|or|if|when|what|where|here|there|like|"
                            r"similar|perhaps|maybe|instead|again|anyway)\b", re.IGNORECASE)
_GENERIC_SUBJECT_RE = re.compile(
    r"^the (?:network|agency|company|firm|group|startup|lab|plant|team|deal|move|rule|program|plan|study|report|"
    r"model|paper|court|judge|government|plant|project)\b", re.IGNORECASE)
_BACKSTORY_RE = re.compile(r"\b(?:recap|back in|at the time|last year|previously|used to|originally|years ago|"
                           r"soon after|after that|before that)\b",
                           re.IGNORECASE)
_DANGLING_RE = re.compile(r"\b(?:is|are|was|like|the|a|an|of|to|that|which|and|or|but|with|for)\W*$", re.I)


_ON_TO_RE = re.compile(r"^(?:(?:and|so|now)\s+)*(?:now )?on ?to (?:the )?(?=\w)", re.IGNORECASE)


def _strip_lead_in(sentence: str) -> str:
    text = sentence.strip().strip("\"'“”‘’")
    stripped_clause = False
    for _ in range(6):
        before = text
        label, colon, rest = text.partition(": ")  # "Our top story this week: the FDA has cleared ..."
        if colon and len(label.split()) <= 8 and _LEAD_CLAUSE_RE.match(_LEAD_WORD_RE.sub("", label)) \
                and len(rest.split()) >= 3:
            text = rest
            continue
        head, sep, rest = text.partition(", ")
        if sep and len(head.split()) <= 8 and len(rest.split()) >= 3 and (
            _LEAD_CLAUSE_RE.match(head) or find_cue(head) > 0
        ) or (sep and stripped_clause and re.match(r"^(?:or|and)\b", head, re.I) and len(head.split()) <= 14):
            text, stripped_clause = rest, True
        elif _ON_TO_RE.match(text):  # "And now on to the legal drama between X and Y"
            text = _ON_TO_RE.sub("", text, count=1)
        else:
            cue = re.match(r"^.{0,60}?\b(?:next (?:story|up)|moving (?:\w+ )?on to [\w\s]{0,30}?|let's start with|"
                           r"we begin with|one (?:more|last) (?:\w+ ){0,2}story(?: here)?)\b\s*", text, re.IGNORECASE)
            clause = re.match(r"^[^,]{0,80}?\b(?:moving (?:\w+ )?on to|on ?to)\b[^,]*,\s*(?:where|with|and)?\s*",
                              text, re.IGNORECASE)
            if clause and len(text[clause.end():].split()) >= 3:
                text = text[clause.end():]
            elif cue and "," not in cue.group(0) and len(text[cue.end():].split()) >= 4:
                text = text[cue.end():]
                topic = re.match(r"^(?:\S+ ){0,3}?because (?=\S+ \S+ \S+)", text)  # "google because google released"
                text = text[topic.end():] if topic else text
            else:
                text = _LEAD_WORD_RE.sub("", text, count=1)
                stripped = _PRESENTATIONAL_RE.sub("", text, count=1)
                if len(stripped.split()) >= 2:
                    text = stripped
        text = text.lstrip(" ,;:-—")
        if text == before:
            break
    return text


def _tidy(text: str) -> str:
    text = _FILLER_RE.sub(" ", text)
    text = re.sub(r"(?:\.\.\.|…)", " ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?%])", r"\1", text)
    return text.strip(" ,;:-—")


def _headline_verbs(text: str, known: frozenset[str] = frozenset()) -> str:
    """'Google plans to invest' -> 'Google to invest'; 'China has blocked' -> 'China blocks'."""
    text = re.sub(r"\b(?:plans|is planning|is set|is going|intends|aims|has agreed|have agreed) to\b(?= \w)",
                  lambda m: "agrees to" if "agreed" in m.group(0) else "to", text, count=1)

    def present(match: re.Match[str]) -> str:
        subject, verb = match.group(1), match.group(3)
        base = _BASE_OF.get(verb.lower())
        if not base:
            return match.group(0)
        return f"{subject} {base if match.group(2) == 'have' else _third_person(base)}"

    converted = re.sub(r"\b(\S+) (has|have) (?:just |now |already |finally |officially |also )?([a-z]+)\b",
                       present, text, count=1)
    if converted != text:
        return converted
    words = text.split()
    for k, word in enumerate(words[1:10], 1):
        base = _BASE_OF.get(word.lower())
        if base and word.lower() not in (base, _third_person(base)) and entities(" ".join(words[:k]), known):
            plural = " and " in " ".join(words[:k])
            words[k] = base if plural else _third_person(base)
            return " ".join(words)
        if base or word.lower() in {"is", "are", "was", "were", "has", "have", "to", "will", "can", "that", "which"}:
            break
    return text


_FUNCTION_WORDS = frozenset(
    """the a an of and or but to in for with on at by from that which who is are was were its their his her as like
    via than about into over after before without across through under between against toward towards per this
    these those so because while when where some be been being might could would will can""".split()
)


def _trim(text: str, max_chars: int) -> str:
    text = text.rstrip(" .!?…,;:")
    if len(text) > max_chars:
        text = _drop_appositive(text)
    if len(text) <= max_chars:
        return text
    window = text[: max_chars + 1]
    for mark in (", which", ", where", ", who", " — ", "; ", ", and", ", but", ", after", ", so", ", as", ", ",
                 " because ", " after ", " as ", " which ", " where ", " when ", " that ", " so ", " and ", " in ",
                 " at ", " on ", " for ", " with ", " from ", " this week", " to "):
        head = window.rsplit(mark, 1)[0] if mark in window else ""
        if len(head) >= max_chars * 0.55:
            return _drop_dangling(head)
    return _drop_dangling(window.rsplit(" ", 1)[0])


_APPOSITIVE_RE = re.compile(
    r"^((?:\S+ ){0,3}\S+), ([^,]{3,70}), (?=(?:is|are|was|were|has|have|had|will|can)\b|[a-z]+(?:ed|es|s)\b)")


def _drop_appositive(text: str) -> str:
    """'CISA, America's lead cyber agency, is lacking' -> 'CISA is lacking';
    'The network, Lakeview Health, runs' -> 'Lakeview Health runs' (keep whichever part is the name)."""
    match = _APPOSITIVE_RE.match(text)
    if not match:
        return text
    head, inner = match.group(1), match.group(2)
    if entities(head):
        return f"{head} {text[match.end():]}"
    if all(word[:1].isupper() for word in inner.split()):
        return f"{inner} {text[match.end():]}"
    return text


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten twenty thirty forty fifty hundred "
                          "thousand million billion trillion".split())


def _drop_dangling(text: str) -> str:
    """A cut headline must not end on 'of', 'the' or half a number ('four' of 'four billion euros')."""
    words = text.rstrip(" ,;:").split()
    while len(words) > 3 and (words[-1].lower().strip(",;:") in _FUNCTION_WORDS | _NUMBER_WORDS
                              or re.fullmatch(r"[$€£]?[\d.,]+", words[-1])):
        words.pop()
    return " ".join(words).rstrip(" ,;:")


def _capitalise(text: str) -> str:
    first = text.split(" ", 1)[0]
    if re.search(r"[a-z][A-Z]", first):
        return text  # xAI, iPhone, eBay keep their spelling
    return text[:1].upper() + text[1:]


# --- choosing the sentence ------------------------------------------------------------------------


_CLAUSE_RE = re.compile(r"\s+(?=(?:and|so|but|because|which|now|then|okay|anyway|honestly)\s)")


def _clauses(text: str) -> list[str]:
    """Unpunctuated speech cut at clause starters into pieces of 6 to ~25 words."""
    pieces: list[str] = []
    for part in _CLAUSE_RE.split(text):
        if pieces and len(pieces[-1].split()) < 6:
            pieces[-1] += " " + part
        else:
            pieces.append(part)
    return [chunk for piece in pieces for chunk in pseudo_sentences(piece, 25)]


def _candidates(text: str) -> list[str]:
    out: list[str] = []
    for sentence in split_sentences(text):
        out.extend(_clauses(sentence) if is_unpunctuated(sentence) else [sentence])
        if len(out) >= MAX_CANDIDATES:
            break
    return out[:MAX_CANDIDATES]


def _vector(text: str) -> Counter[str]:
    return Counter(content_words(text))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b[word] for word, count in a.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def make_title(text: str, max_chars: int = 80) -> str:
    """A headline of at most max_chars naming the story's main entity and what happened."""
    head = " ".join(text.split()[:3000])
    known = known_names(head)  # once: it reads every sentence of the head
    ranked = _ranked(text, head, known)
    if not ranked:
        return "Untitled"
    title = _trim(_headline_verbs(ranked[0][1], known), max_chars)
    return _capitalise(title) if title else "Untitled"


def _ranked(text: str, head: str, known: frozenset[str]) -> list[tuple[float, str]]:
    """Cleaned candidate sentences, best headline first (head: the text's first 3,000 words,
    known: their known_names)."""
    sentences = _candidates(text)
    whole = _vector(head)
    mentions = Counter(name for s in split_sentences(head) for name in entities(s, known))
    main = {name for name, _ in mentions.most_common(2)}
    scored: list[tuple[float, str]] = []
    for position, sentence in enumerate(sentences):
        if sentence.rstrip().endswith("?"):
            continue  # a question to the co-host is not news
        cleaned, substituted = _tidy(_strip_lead_in(sentence)), False
        if _PRONOUN_SUBJECT_RE.match(cleaned) and position:
            subject = _subject_of(sentences[position - 1], known)
            if subject:
                cleaned, substituted = _substitute(cleaned, subject), True
        score = _score(cleaned, position, whole, main, known, substituted)
        if find_cue(sentence) > 0 and (len(cleaned.split()) >= 6 or _has_verb(cleaned)):
            score += 0.7  # the host is announcing the story: this sentence names it
        if score > -math.inf:
            scored.append((score, cleaned))
    if not scored and sentences:
        scored.append((0.0, _tidy(_strip_lead_in(sentences[0])) or sentences[0]))
    return sorted(scored, key=lambda item: -item[0])


def _substitute(sentence: str, subject: str) -> str:
    """'They have launched X' -> 'xAI has launched X': the name, with the verb agreeing."""
    rest = _PRONOUN_SUBJECT_RE.sub("", sentence, count=1)
    if " and " not in subject:
        rest = re.sub(r"^(?:have|are|were|'ve)\b", lambda m: {"have": "has", "are": "is", "were": "was"}.get(
            m.group(0).lower(), "has"), rest, count=1)
    return f"{subject} {rest}"


def _subject_of(sentence: str, known: frozenset[str]) -> str:
    """What 'they'/'it' most likely refers to: the previous sentence's names ("OpenAI and Microsoft")."""
    names = entities(sentence, known)
    if len(names) >= 2 and f"{names[-2]} and {names[-1]}" in sentence:
        return f"{names[-2]} and {names[-1]}"
    return names[0] if len(names) == 1 else ""


_SUBJECT_NOUNS = frozenset("it he she company startup firm government court judge agency lab regulator "
                           "commission team study report survey who".split())


def _has_verb(text: str) -> bool:
    """An inflected news verb ("raised", "blocks"), or a base form after to/will/can ("to invest")."""
    raw = text.split()[:14]
    words = [word.lower().strip(",.") for word in raw]
    for k, word in enumerate(words[1:], 1):
        if word in _BASE_OF and word not in _REGULAR and (
            not word.endswith("s") or raw[k - 1][:1].isupper() or words[k - 1] in _SUBJECT_NOUNS
        ):
            return True  # "releases" after "model" is a noun; after "DeepSeek" a verb
        if word in {"has", "have", "is", "are"} and raw[k - 1][:1].isupper():
            return True  # "the CDC has new guidance", "Measles is back"
        if word in _VERB_FORMS and words[k - 1] in {"to", "will", "can", "could", "may", "might", "would", "now"}:
            return True
    return False


def _score(cleaned: str, position: int, whole: Counter[str], main: set[str], known: frozenset[str],
           substituted: bool) -> float:
    """How good a headline the cleaned sentence makes: central, named, with a verb, early, impersonal."""
    words = cleaned.split()
    names = entities(cleaned, known)
    if len(words) < 2 or (len(words) < 3 and not names) or len(content_words(cleaned)) < 2:
        return -math.inf
    has_verb = _has_verb(cleaned)
    return (
        1.5 * _cosine(_vector(cleaned), whole)
        + 0.8 * bool(names)
        + 0.4 * bool(main & set(names))
        + 0.5 * has_verb
        + (0.3 if names and cleaned.startswith(names[0]) else 0.0)
        + (0.2 if len(cleaned) <= 90 else 0.0)
        - 0.2 * position
        - (0.1 if substituted else 0.0)
        - (1.5 if _FIRST_PERSON_START_RE.match(cleaned) else 0.5 if _PERSONAL_RE.search(cleaned) else 0.0)
        - (0.8 if _CONTEXTUAL_RE.match(cleaned) or _PRONOUN_SUBJECT_RE.match(cleaned) else 0.0)
        - (0.5 if _BACKSTORY_RE.search(cleaned) else 0.0)
        - (0.4 if _GENERIC_SUBJECT_RE.match(cleaned) else 0.0)  # "The network ..." refers back
        - (0.4 if _DANGLING_RE.search(cleaned) else 0.0)
        - 0.5 * min(1.0, max(0, len(cleaned) - 90) / 90)  # needs heavy trimming to fit
    )
