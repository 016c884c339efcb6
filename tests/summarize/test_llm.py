"""The optional LLM backend against a local stub speaking the chat-completions protocol."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import digest.summarize.llm as llm
from digest.config import Config, ConfigError, SummarizerConfig, load_config
from digest.model import Issue, Item
from digest.summarize.enrich import add_ledes, enrich

BODY = ("Nvidia shipped its Rubin accelerators to three cloud providers this week, months ahead of "
        "schedule. Each rack draws about 120 kilowatts. Analysts expect supply to stay tight into next year.")


class Stub:
    """A chat-completions server on a free port; `mode` is "ok", "500" or "slow"."""

    def __init__(self, mode: str = "ok"):
        self.mode, self.requests = mode, []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append((self.path, self.headers.get("Authorization"), payload))
                if stub.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if stub.mode == "slow":
                    threading.Event().wait(1.0)
                user = payload["messages"][-1]["content"]
                kind = "LEDE" if user.startswith("Top stories") else "SUMMARY"
                answer = {"choices": [{"message": {"role": "assistant", "content": f"{kind} by {payload['model']}."}}]}
                data = json.dumps(answer).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    servers = []

    def start(mode: str = "ok") -> Stub:
        servers.append(Stub(mode))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(llm, "BACKOFF_SECONDS", 0.01)


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
