"""The LLM backend inside whole builds: its titles reach item files and pages, a person's title wins,
and answers given in place of a failed server are never cached or kept as if final."""

from __future__ import annotations

import html
from pathlib import Path

from digest import itemfile, uptodate
from digest.build import build
from digest.config import Config, load_config

SHOW = """\
# Chips and Models

**Podcast:** The Chip Brief
**Published:** 2026-05-03

## Transcript

Hello and welcome to The Chip Brief, the show about semiconductors and the people who make them.
I'm your host, Priya.
First up, Intel opened its new chip factory in Arizona on Tuesday.
The plant will make processors on the company's newest process, called 18A.
Intel says the factory cost about twenty billion dollars to build.
The first customer wafers are supposed to ship by the end of the year.
If this works, it's the first leading-edge fab in the country in years.
Next story, the Commerce Department tightened export rules on advanced chips to China.
The new rule covers memory chips and the machines used to make them.
Companies now need a license to ship high bandwidth memory to Chinese customers.
China's commerce ministry called the move economic bullying and promised a response.
The rule takes effect in thirty days.
That's all for this week, thanks for listening.
"""

NEWS = """\
# The Weekly Model

#### [Sparse experts all the way down](https://arxiv.example/abs/1)
A paper shows tiny experts beat dense layers at equal compute.

***

#### [Robots fold laundry](https://robots.example/fold)
A policy trained on teleoperation folds shirts at human speed.

***

#### [Open weights model tops coding benchmark](https://models.example/coder)
A new open model leads a popular coding benchmark by two points.
"""

INTEL_LLM = "First up Intel opened, by tiny-1"  # what the stub answers for the first story


def _project(project: Path, url: str, model: str = "tiny-1") -> Config:
    (project / "sources" / "show.md").write_text(SHOW, encoding="utf-8")
    (project / "sources" / "news.md").write_text(NEWS, encoding="utf-8")
    (project / "sources" / "news.md.meta.yaml").write_text("date: 2026-05-04\n", encoding="utf-8")
    (project / "digest.yaml").write_text(
        "title: Test digest\nsearch: false\n"
        f"summarizer:\n  backend: openai\n  base_url: {url}\n  model: {model}\n  retries: 0\n  timeout: 5\n",
        encoding="utf-8")
    return load_config(project / "digest.yaml")


def _item_file(project: Path, text: str) -> Path:
    [path] = [p for p in (project / "items").rglob("*.md") if text in p.read_text(encoding="utf-8")]
    return path


def _file_title(project: Path, text: str) -> str:
    return itemfile.parse(_item_file(project, text).read_text(encoding="utf-8")).meta["title"]


def _pages(project: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((project / "site").rglob("*.html")))


def test_llm_titles_reach_item_files_and_pages_and_a_rebuild_asks_nothing(project, stub) -> None:
    server = stub()
    cfg = _project(project, server.url)
    result = build(cfg)
    titles = {item.title for item in result.items}
    assert INTEL_LLM in titles and "Robots fold laundry" in titles and "Sparse experts all the way down" in titles
    assert len(server.title_requests()) == 2  # the two transcript stories; the newsletter's titles are its own
    assert not any("tiny experts" in text for text in server.title_requests())
    assert _file_title(project, "Arizona") == INTEL_LLM
    assert html.escape(INTEL_LLM) in _pages(project)
    assert not result.provisional

    asked = len(server.requests)
    again = build(load_config(project / "digest.yaml"))
    assert len(server.requests) == asked  # everything from the caches: no call at all
    assert {item.title for item in again.items} == titles


def test_a_persons_title_is_never_replaced(project, stub) -> None:
    server = stub()
    build(_project(project, server.url))
    path = _item_file(project, "Arizona")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(INTEL_LLM, "Arizona fab opens for Intel"), encoding="utf-8")
    result = build(_project(project, server.url, model="tiny-2"))  # a new model gives new headlines
    intel = [item for item in result.items if "Arizona" in item.body][0]
    assert intel.title == "Arizona fab opens for Intel" and intel.edited == ("title",) and not intel.title_generated
    assert _file_title(project, "Arizona") == "Arizona fab opens for Intel"
    assert "Arizona fab opens for Intel" in _pages(project)
    assert any("by tiny-2" in item.title for item in result.items)  # the other story did get a new one


def test_fallbacks_while_the_server_is_down_are_replaced_once_it_is_back(project, stub, capsys) -> None:
    server = stub("500")
    cfg = _project(project, server.url)
    down = build(cfg)
    intel = [item for item in down.items if "Arizona" in item.body][0]
    assert intel.title == "Intel opens its new chip factory in Arizona on Tuesday"  # the extractive headline
    assert "SUMMARY" not in intel.summary and "Intel" in intel.summary
    err = capsys.readouterr().err
    assert down.provisional and err.count("warning") == 1 and "using the extractive summarizer" in err
    assert len(server.requests) == 1  # one build, one client: the dead server is tried (and reported) once
    assert uptodate.check(cfg, cfg.output_dir.resolve()) is None  # `digest build` will not skip the next build
    assert not [p for p in (project / ".digest-cache" / "summaries").rglob("*") if p.is_file()]

    server.mode = "ok"
    up = build(load_config(project / "digest.yaml"))
    intel = [item for item in up.items if "Arizona" in item.body][0]
    assert (intel.title, intel.summary) == (INTEL_LLM, "SUMMARY by tiny-1.")
    assert _file_title(project, "Arizona") == INTEL_LLM
    assert not up.provisional and uptodate.check(cfg, cfg.output_dir.resolve()) is not None
