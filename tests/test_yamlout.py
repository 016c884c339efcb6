"""Item frontmatter written by hand reads back unchanged, in PyYAML (1.1) and ruamel (1.2)."""

import io

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from digest.yamlout import dump, scalar

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
SCALAR = st.one_of(TEXT, st.booleans(), st.integers(-10**6, 10**6), st.none())
META = st.dictionaries(
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    st.one_of(SCALAR, st.lists(TEXT, max_size=4), st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), SCALAR, max_size=3),
              st.lists(st.fixed_dictionaries({"source": TEXT, "url": TEXT}), max_size=2)),
    max_size=8,
)


def ruamel_load(text):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


@settings(max_examples=300, deadline=None)
@given(META)
def test_every_mapping_reads_back_the_same_in_both_yaml_versions(meta):
    text = dump(meta)
    assert (yaml.safe_load(text) or {}) == meta
    assert (ruamel_load(text) or {}) == meta


def test_quiet_strings_stay_plain_and_tricky_ones_are_quoted():
    assert scalar("OpenAI ships a model") == "OpenAI ships a model"
    for tricky in ("yes", "No", "null", "~", "2026-04-08", "1e3", "0o17", "12", "3.5", "key: value", "a #b",
                   "- item", "[x]", "", " lead", "trail ", "line\nbreak", "it's", 'say "hi"', "\u2028", "\x85"):
        out = scalar(tricky)
        assert out != tricky or tricky == ""
        assert yaml.safe_load(f"k: {out}")["k"] == tricky


def test_a_question_mark_is_quoted_inside_flow_collections_only():
    meta = {"title": "Why?", "tags": ["Why?", "a?b"], "origin": {"file": "q?.txt"}}
    text = dump(meta)
    assert text.startswith("title: Why?\n")  # block context: plain is fine
    assert yaml.safe_load(text) == meta and ruamel_load(text) == meta
