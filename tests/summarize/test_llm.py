"""The optional LLM backend against a local stub speaking the chat-completions protocol."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.config import Config, ConfigError, SummarizerConfig, load_config
from digest.model import Issue, Item
from digest.summarize.enrich import add_ledes, enrich

BODY = ("Nvidia shipped its Rubin accelerators to three cloud providers this week, months ahead of "
        "schedule. Each rack draws about 120 kilowatts. Analysts expect supply to stay tight into next year.")


def _cfg(tmp_path: Path, url: str, **kw) -> Config:
    cfg = Config(root=tmp_path)
    cfg.summarizer = SummarizerConfig(backend="openai", base_url=url, model="tiny-1", api_key_env="DIGEST_TEST_KEY",
                                      timeout=kw.pop("timeout", 5.0), retries=kw.pop("retries", 1))
    return cfg


def _items() -> list[Item]:
    return [Item(id="a", title="Rubin ships", date=dt.date(2026, 4, 7), source="s", kind="story", body=BODY,
                 format="transcript")]


def test_summaries_and_ledes_come_from_the_server_and_are_cached(tmp_path, stub, monkeypatch) -> None:
    monkeypatch.setenv("DIGEST_TEST_KEY", "sekrit")
    server = stub()
    cfg = _cfg(tmp_path, server.url)
    items = _items()
    enrich(items, cfg)
    assert items[0].summary == "SUMMARY by tiny-1."
    path, auth, payload = server.requests[0]
    assert path == "/v1/chat/completions" and auth == "Bearer sekrit"
    assert payload["model"] == "tiny-1" and "Rubin accelerators" in payload["messages"][-1]["content"]
    issue = Issue("2026-W15", 2026, 15, dt.date(2026, 4, 6), dt.date(2026, 4, 12), lead=items, sections=[])
    add_ledes([issue], cfg)
    assert issue.lede == "LEDE by tiny-1." and len(server.requests) == 2

    again = _items()  # a rebuild: same content, model and prompt -> no calls at all
    enrich(again, cfg)
    issue.lede = ""
    add_ledes([issue], cfg)
    assert again[0].summary == "SUMMARY by tiny-1." and issue.lede == "LEDE by tiny-1."
    assert len(server.requests) == 2
    assert list((tmp_path / ".digest-cache" / "llm").rglob("*.json"))


def test_an_edited_prompt_asks_again(tmp_path, stub) -> None:
    server = stub()
    cfg = _cfg(tmp_path, server.url)
    enrich(_items(), cfg)
    prompts = tmp_path / "templates" / "prompts"
    prompts.mkdir(parents=True)
    (prompts / "summary.j2").write_text("{% if part == 'system' %}Be brief.{% else %}{{ text }}{% endif %}")
    enrich(_items(), cfg)
    assert len(server.requests) == 2
    assert server.requests[1][2]["messages"][0]["content"] == "Be brief."


@pytest.mark.parametrize("mode, timeout", [("500", 5.0), ("slow", 0.2)])
def test_a_failing_server_falls_back_to_extractive_with_a_message(tmp_path, stub, capsys, mode, timeout) -> None:
    server = stub(mode)
    items = _items() + [Item(id="b", title="Two", date=dt.date(2026, 4, 7), source="s", kind="story", body=BODY)]
    enrich(items, _cfg(tmp_path, server.url, timeout=timeout, retries=2))
    assert all(item.summary and "SUMMARY" not in item.summary for item in items)
    assert "Rubin" in items[0].summary
    assert len(server.requests) == 3  # one call and two retries, then no more calls for the other item
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and server.url in err and "extractive" in err
    assert not (tmp_path / ".digest-cache" / "llm").exists()


def test_summarizer_config_is_validated(tmp_path) -> None:
    path = tmp_path / "digest.yaml"
    path.write_text("summarizer:\n  backend: openai\n  base_url: http://localhost:8080/v1\n  model: m\n"
                    "  timeout: 5\n  retries: 3\n", encoding="utf-8")
    cfg = load_config(path)
    assert cfg.summarizer.backend == "openai" and cfg.summarizer.retries == 3 and cfg.summarizer.timeout == 5.0
    assert load_config(None, root=tmp_path).summarizer.backend == "extractive"
    path.write_text("summarizer:\n  backend: gpt\n  timeout: soon\n  colour: red\nlead_items: zero\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = " ".join(info.value.errors)
    assert "summarizer.backend" in text and "summarizer.timeout" in text and "summarizer.colour" in text
    assert "lead_items" in text
    path.write_text("summarizer:\n  backend: openai\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "summarizer.base_url" in " ".join(info.value.errors) and "summarizer.model" in " ".join(info.value.errors)


def _untitled(**kw) -> Item:
    """An item whose title the machine made from its text (a transcript story)."""
    return Item(id="u", title="Nvidia shipped its Rubin accelerators", date=dt.date(2026, 4, 7), source="s",
                kind="story", body=BODY, format="transcript", title_generated=True, **kw)


def test_a_machine_made_title_is_replaced_by_the_models_headline_cleaned(tmp_path, stub) -> None:
    server = stub()
    given, made, edited = _items()[0], _untitled(), _untitled(edited=("title",))
    enrich([given, made, edited], _cfg(tmp_path, server.url))
    assert made.title == "Nvidia shipped its Rubin, by tiny-1"  # label, quotes and period gone
    assert given.title == "Rubin ships" and edited.title == "Nvidia shipped its Rubin accelerators"
    assert len(server.title_requests()) == 1 and "Rubin accelerators" in server.title_requests()[0]
    assert "spoken podcast" in server.title_requests()[0]
    prompts = [p["messages"] for _, _, p in server.requests]
    summaries = [m[-1]["content"] for m in prompts if "headline" not in m[0]["content"]]
    assert any(s.startswith("Title: Nvidia shipped its Rubin, by tiny-1\n") for s in summaries)  # read the new title


@pytest.mark.parametrize("answer", ["", "Headline:\nNvidia ships Rubin", "1. Nvidia ships\n2. Rubin is here", "...",
                                    "Nvidia " * 40])
def test_a_junk_headline_keeps_the_extractive_title(tmp_path, stub, answer) -> None:
    server = stub()
    server.title_answer = answer
    item = _untitled()
    enrich([item], _cfg(tmp_path, server.url))
    assert item.title == "Nvidia shipped its Rubin accelerators"


def test_a_failing_server_keeps_the_extractive_title_and_says_so_once(tmp_path, stub, capsys) -> None:
    server = stub("500")
    items = [_untitled(), _untitled()]
    assert enrich(items, _cfg(tmp_path, server.url, retries=0)) is True  # fallbacks stand in
    assert [item.title for item in items] == ["Nvidia shipped its Rubin accelerators"] * 2
    assert len(server.requests) == 1 and capsys.readouterr().err.count("warning") == 1


@pytest.mark.parametrize("answer, title", [
    ('"Nvidia ships Rubin early."', "Nvidia ships Rubin early"),
    ("**Title: “Nvidia ships Rubin”**", "Nvidia ships Rubin"),
    ("# Nvidia\u202e ships\tRubin\x00 ", "Nvidia ships Rubin"),
    ('Nvidia ships "Rubin" early', 'Nvidia ships "Rubin" early'),
    ("OpenAI's agent, Operator, books flights on its own now and people are already using it",
     "OpenAI's agent, Operator, books flights on its own now and people are already"),
    ("x" * 81, ""),
    ("Sure! Here is a headline:\nNvidia ships Rubin", ""),
])
def test_clean_title(answer, title) -> None:
    from digest.summarize.titles import clean_title

    assert clean_title(answer) == title
    assert len(clean_title(answer)) <= 80
