import datetime as dt

from digest.dedupe import merge_duplicates
from digest.loader import load_sources
from digest.model import Item, Origin

STORY_A = (
    "Lab releases open weights for Falcon Nine\n"
    "The Falcon Nine model weights are now open under Apache license, trained on twelve trillion tokens "
    "with a mixture of experts design and a long context window of one million tokens. Source: https://a.example/falcon\n"
)
STORY_A_SHORT = (
    "Falcon Nine weights released openly\n"
    "Falcon Nine model weights are open under an Apache license, trained on twelve trillion tokens "
    "with mixture of experts. Source: https://b.example/falcon\n"
)


def _item(title, body, file, source, url="", date=dt.date(2026, 4, 8)):
    return Item(id="", title=title, date=date, source=source, kind="story", body=body, url=url,
                origin=Origin(file, 1, 2))


def test_same_story_from_two_sources_becomes_one_item_listing_both(tmp_path):
    (tmp_path / "one.txt").write_text(
        "What caught my attention in W15.\n" + STORY_A
        + "Chip prices\nAccelerator prices fell sharply this quarter according to a market survey of cloud vendors. Source\n",
        encoding="utf-8")
    (tmp_path / "two.txt").write_text(
        "What caught my attention in W15.\n" + STORY_A_SHORT
        + "Robot folds laundry\nA household robot folds shirts at human speed after teleoperation training data. Source\n",
        encoding="utf-8")
    for name, source in (("one", "Alpha"), ("two", "Beta")):
        (tmp_path / f"{name}.txt.meta.yaml").write_text(f"source: {source}\nyear: 2026\n", encoding="utf-8")
    items = load_sources(tmp_path).items
    assert len(items) == 3
    falcon = [item for item in items if "Falcon" in item.title]
    assert len(falcon) == 1
    assert falcon[0].source == "Alpha" and falcon[0].url == "https://a.example/falcon"
    assert falcon[0].also_in == [{"source": "Beta", "url": "https://b.example/falcon"}]
    assert all(not item.also_in for item in items if item is not falcon[0])


def test_different_stories_same_topic_are_not_merged():
    items = [
        _item("New open model", "A lab released open model weights for a language model trained on web text.", "a", "A"),
        _item("New chip", "A vendor announced a new accelerator chip for training language models faster.", "b", "B"),
    ]
    assert len(merge_duplicates(items)) == 2


def test_same_text_in_other_week_or_same_document_is_kept():
    body = "Falcon Nine model weights are open under Apache license trained on twelve trillion tokens."
    other_week = [_item("Falcon", body, "a", "A"), _item("Falcon", body, "b", "B", date=dt.date(2026, 5, 20))]
    same_doc = [_item("Falcon", body, "a", "A"), _item("Falcon", body, "a", "A")]
    assert len(merge_duplicates(other_week)) == 2
    assert len(merge_duplicates(same_doc)) == 2


def test_the_cached_build_path_merges_duplicates_too(tmp_path):
    from digest.cache import Cache
    from digest.cache import load_sources as cached_load_sources

    test_same_story_from_two_sources_becomes_one_item_listing_both(tmp_path)  # writes the two documents
    for _ in range(2):  # cold, then from the cache
        items = cached_load_sources(Cache(tmp_path / ".cache"), tmp_path).items
        assert len(items) == 3
        assert [len(item.also_in) for item in items if "Falcon" in item.title] == [1]


def test_two_documents_of_the_same_source_are_never_merged():
    one = _item("Falcon Nine weights", STORY_A, "one.txt", "Alpha")
    two = _item("Falcon Nine weights again", STORY_A_SHORT, "two.txt", "alpha ")
    assert merge_duplicates([one, two]) == [one, two]


def test_native_notes_are_never_merged():
    one = _item("Falcon Nine weights", STORY_A, "one.md", "Alpha")
    two = _item("Falcon Nine weights again", STORY_A_SHORT, "two.md", "Beta")
    one.format = two.format = "native"
    assert merge_duplicates([one, two]) == [one, two]
