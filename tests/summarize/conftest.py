"""A local stub speaking the chat-completions protocol, for the optional LLM backend's tests."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import digest.summarize.llm as llm


class Stub:
    """A chat-completions server on a free port; `mode` is "ok", "500" or "slow" and may change.

    It answers "SUMMARY by <model>." and "LEDE by <model>."; a headline prompt gets the first four
    words of the text, wrapped the way models do ('"Headline: ..., by <model>."'), or `title_answer`.
    """

    def __init__(self, mode: str = "ok"):
        self.mode, self.requests = mode, []
        self.title_answer: str | None = None
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
                answer = {"choices": [{"message": {"role": "assistant", "content": stub.answer(payload)}}]}
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

    def answer(self, payload: dict) -> str:
        system, user, model = payload["messages"][0]["content"], payload["messages"][-1]["content"], payload["model"]
        if "headline" in system:
            if self.title_answer is not None:
                return self.title_answer
            words = re.findall(r"[A-Za-z]+", user.split("Text:", 1)[-1])[:4]
            return f'"Headline: {" ".join(words)}, by {model}."'
        return f"{'LEDE' if user.startswith('Top stories') else 'SUMMARY'} by {model}."

    def title_requests(self) -> list[str]:
        """The texts headlines were asked for."""
        return [p["messages"][-1]["content"] for _, _, p in self.requests if "headline" in p["messages"][0]["content"]]

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
