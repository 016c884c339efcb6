"""Optional LLM backend: any OpenAI-compatible chat-completions server writes summaries, titles and ledes.

Why this shape: a rebuild must be byte-identical and make no calls, so every answer is cached on
disk by (content, model, prompt) hash; a slow or broken server must never stop a build, so calls
have a timeout, are retried with exponential backoff, and on failure the caller falls back to the
extractive summarizer with one clear message. Prompts are Jinja2 templates in templates/prompts/
(a project's own folder first) so a person can edit them. Only the standard library talks HTTP.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import jinja2

from digest.config import Config, SummarizerConfig
from digest.fileio import write_file

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "prompts"
BACKOFF_SECONDS = 1.0  # first retry waits this long, then 2x, 4x ...


class LLMError(Exception):
    """The server could not give an answer (after retries)."""


def _prompt_env(root: Path) -> jinja2.Environment:
    dirs = [str(d) for d in (root / "templates" / "prompts", PROMPTS_DIR) if d.is_dir()]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(dirs), autoescape=False,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


class LLMClient:
    """Chat-completions client with an on-disk answer cache; `calls` counts real HTTP requests."""

    def __init__(self, settings: SummarizerConfig, root: Path, cache_dir: Path | None = None):
        self.settings = settings
        self.cache_dir = cache_dir or root / ".digest-cache" / "llm"
        self.env = _prompt_env(root)
        self.calls = 0
        self.failed: str = ""  # first failure message; later requests go straight to the fallback
        self.warned = False

    @classmethod
    def from_config(cls, cfg: Config) -> LLMClient | None:
        return cls(cfg.summarizer, cfg.root) if cfg.summarizer.backend == "openai" else None

    def render(self, template: str, **context: object) -> list[dict[str, str]]:
        tpl = self.env.get_template(template)
        return [{"role": role, "content": tpl.render(part=role, **context).strip()} for role in ("system", "user")]

    def complete(self, template: str, **context: object) -> str:
        """The model's answer for this prompt, from the cache when it was asked before."""
        messages = self.render(template, **context)
        key = hashlib.sha256(json.dumps([self.settings.model, messages], ensure_ascii=False).encode()).hexdigest()
        path = self.cache_dir / key[:2] / f"{key}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))["answer"]
        if self.failed:
            raise LLMError(self.failed)
        try:
            answer = self._post(messages)
        except LLMError as error:
            self.failed = str(error)
            raise
        write_file(path, json.dumps({"model": self.settings.model, "answer": answer}, ensure_ascii=False), atomic=True)
        return answer

    def _post(self, messages: list[dict[str, str]]) -> str:
        url = self.settings.base_url.rstrip("/") + "/chat/completions"
        body = json.dumps({"model": self.settings.model, "messages": messages, "temperature": 0}).encode()
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.settings.api_key_env, "") if self.settings.api_key_env else ""
        if key:
            headers["Authorization"] = f"Bearer {key}"
        last = ""
        for attempt in range(self.settings.retries + 1):
            if attempt:
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            self.calls += 1
            try:
                request = urllib.request.Request(url, data=body, headers=headers, method="POST")
                with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                    data = json.loads(response.read().decode("utf-8"))
                answer = str(data["choices"][0]["message"]["content"]).strip()
                if answer:
                    return answer
                last = "empty answer"
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}"
                if error.code in (400, 401, 403, 404):  # retrying will not help
                    break
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                last = f"{getattr(error, 'reason', error)}"
            except (ValueError, KeyError, IndexError, TypeError):
                last = "answer is not a chat completion"
        raise LLMError(f"LLM server {url} failed after {attempt + 1} attempt(s): {last}")


def warn_fallback(client: LLMClient) -> None:
    """Once per client: a build shares one, so a dead server is reported (and waited for) once."""
    if client.warned:
        return
    client.warned = True
    print(f"digest: warning: {client.failed}; using the extractive summarizer and headlines instead", file=sys.stderr)
