from digest.formats import essays
from tests.conftest import doc

FILLER = " ".join(["The argument continues with more careful detail about models and data."] * 25)


def test_one_item_per_line_with_glued_url_and_slug_title():
    text = (
        f"https://blog.example.com/p/why-deepseek-moments-matterDeepSeek changed the field. {FILLER}\n"
        f"Untitled essays also appear. OpenAI shipped a model.{FILLER}\n"
    )
    result = essays.parse(doc(text))
    assert len(result.segments) == 2
    first, second = result.segments
    assert first.url == "https://blog.example.com/p/why-deepseek-moments-matter"
    assert first.body.startswith("DeepSeek changed the field.")
    assert first.title == "Why DeepSeek moments matter"
    assert second.url == "" and second.title
    assert second.title_generated and not first.title_generated  # the slug is the author's title
    assert not second.title.startswith("Untitled essays also appear")
    assert (first.start_line, first.end_line) == (1, 1)
    assert (second.start_line, second.end_line) == (2, 2)
    assert "model.\n\nThe argument" in second.body  # a lost paragraph break is restored


def test_month_year_line_starts_an_essay_and_dates_it():
    text = f"March 2026\nThe essay body starts here. {FILLER}\n"
    result = essays.parse(doc(text))
    assert len(result.segments) == 1
    segment = result.segments[0]
    assert (segment.start_line, segment.end_line) == (1, 2)
    assert segment.date.isoformat() == "2026-03-01"


def test_score():
    text = f"https://x.org/p/a-bAn essay. {FILLER}\nAnother essay. {FILLER}\n"
    assert essays.score(doc(text)) > 0.6
    assert essays.score(doc("short line\nanother short line\n")) == 0.0


def test_replaced_and_trailing_date_lines_are_recorded_as_skipped():
    essay = "An essay " + "with many words " * 100 + "ends here."
    d = doc(f"March 2026\nApril 2026\n{essay}\nMay 2026\n")
    result = essays.parse(d)
    assert [(s.start_line, s.end_line) for s in result.segments] == [(2, 3)]
    assert result.segments[0].date.month == 4
    assert [(s.start_line, s.end_line, s.reason) for s in result.skipped] == [(1, 1, "date line"), (4, 4, "date line")]
