"""digest.yaml: a typed schema that collects every error before a build starts (as MkDocs does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest.topics import Topic

DEFAULT_TOPICS: tuple[Topic, ...] = (
    Topic("models", "Models", "Model releases and capabilities."),
    Topic("research", "Research", "Papers, methods and training."),
    Topic("safety", "Safety", "Alignment, interpretability and misuse."),
    Topic("policy", "Policy & society", "Government, law, society and jobs."),
    Topic("business", "Business", "Companies, deals and funding."),
    Topic("compute", "Compute", "Chips, datacenters and hardware."),
    Topic("open", "Open models", "Open weights and open source."),
    Topic("agents", "Agents & tools", "Agentic products, coding agents and developer tools."),
)


class ConfigError(Exception):
    """Raised with every problem found in the config file, not just the first."""

    def __init__(self, path: Path, errors: list[str]):
        self.path = path
        self.errors = errors
        super().__init__(f"{path}: " + "; ".join(errors))


@dataclass
class SummarizerConfig:
    """Who writes summaries and ledes: the offline extractive summarizer, or an OpenAI-compatible
    chat-completions server (Ollama, llama.cpp, vLLM, OpenAI) with the extractive one as fallback."""

    backend: str = "extractive"
    base_url: str = ""  # e.g. http://localhost:11434/v1
    model: str = ""
    api_key_env: str = ""  # name of the environment variable holding the key (never the key itself)
    timeout: float = 60.0
    retries: int = 2


@dataclass
class Config:
    title: str = "What caught my attention"
    description: str = "A weekly digest of what I read and listened to."
    author: str = "digest"
    base_url: str = ""
    language: str = "en"
    sources_dir: Path = Path("sources")
    items_dir: Path = Path("items")
    output_dir: Path = Path("site")
    lead_items: int = 7
    summary_sentences: int = 3
    summary_words: int = 90
    max_tags: int = 5
    # Items per topic, tag and source page (later ones go to pages 2, 3, ...); 0 puts all on one.
    page_size: int = 50
    # Weekly issues in each feed, newest first (a feed with years of issues is megabytes).
    feed_issues: int = 20
    kind_weights: dict[str, float] = field(
        default_factory=lambda: {"digest-entry": 3.0, "essay": 1.2, "post": 1.0, "story": 1.0, "note": 1.5}
    )
    summarizer: SummarizerConfig = field(default_factory=SummarizerConfig)
    # Ranking weight per source name (multiplies the kind weight; unlisted sources count 1.0).
    source_weights: dict[str, float] = field(default_factory=dict)
    tag_aliases: dict[str, str] = field(default_factory=dict)
    topics: tuple[Topic, ...] = DEFAULT_TOPICS
    # Keep parsed documents and summaries in .digest-cache/ (content-addressed: never changes output).
    cache: bool = True
    # Build the Pagefind search index (most of a full build's time on a large archive).
    search: bool = True
    root: Path = Path(".")

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


def _check_str(data: dict, key: str, errors: list[str]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(f"'{key}' must be a string, got {type(value).__name__}")
        return None
    return value


def _check_int(data: dict, key: str, errors: list[str], minimum: int = 1) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        errors.append(f"'{key}' must be a whole number >= {minimum}, got {value!r}")
        return None
    return value


def _check_path(data: dict, key: str, errors: list[str], root: Path) -> Path | None:
    value = _check_str(data, key, errors)
    if value is None:
        return None
    path = (root / value).resolve()
    return path


def _check_topics(raw: Any, errors: list[str]) -> tuple[Topic, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        errors.append("'topics' must be a non-empty list")
        return None
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            errors.append(f"topics[{index}] must be a mapping with id, name, description")
            continue
        topic_id = entry.get("id")
        if not isinstance(topic_id, str) or not topic_id.replace("-", "").isalnum() or not topic_id.islower():
            errors.append(f"topics[{index}].id must be a lower-case word (letters, digits, '-'), got {topic_id!r}")
            continue
        if topic_id in seen:
            errors.append(f"topics[{index}].id '{topic_id}' is used twice")
            continue
        seen.add(topic_id)
        keywords = entry.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            errors.append(f"topics[{index}].keywords must be a list of strings")
            keywords = []
        topics.append(
            Topic(
                id=topic_id,
                name=str(entry.get("name") or topic_id.title()),
                description=str(entry.get("description") or ""),
                keywords=tuple(keywords),
            )
        )
    return tuple(topics)


def _check_mapping(data: dict, key: str, errors: list[str], value_type: type) -> dict | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.append(f"'{key}' must be a mapping")
        return None
    out = {}
    for k, v in value.items():
        if value_type is float and isinstance(v, (int, float)) and not isinstance(v, bool):
            out[str(k)] = float(v)
        elif value_type is str and isinstance(v, str):
            out[str(k)] = v
        else:
            errors.append(f"'{key}.{k}' must be a {value_type.__name__}, got {v!r}")
    return out


SUMMARIZER_BACKENDS = ("extractive", "openai")


def _check_summarizer(value: object, errors: list[str]) -> SummarizerConfig | None:
    """`summarizer:` mapping -> SummarizerConfig; every problem is appended to errors."""
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.append("'summarizer' must be a mapping")
        return None
    out = SummarizerConfig()
    for key, v in value.items():
        if key == "backend":
            if v not in SUMMARIZER_BACKENDS:
                errors.append(f"'summarizer.backend' must be one of {', '.join(SUMMARIZER_BACKENDS)}, got {v!r}")
            else:
                out.backend = v
        elif key in ("base_url", "model", "api_key_env"):
            if not isinstance(v, str):
                errors.append(f"'summarizer.{key}' must be a string, got {v!r}")
            else:
                setattr(out, key, v)
        elif key in ("timeout", "retries"):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                errors.append(f"'summarizer.{key}' must be a number >= 0, got {v!r}")
            else:
                setattr(out, key, float(v) if key == "timeout" else int(v))
        else:
            errors.append(f"unknown key 'summarizer.{key}'")
    if out.backend == "openai":
        if not out.base_url.startswith(("http://", "https://")):
            errors.append("'summarizer.base_url' must start with http:// or https:// for backend openai")
        if not out.model:
            errors.append("'summarizer.model' is required for backend openai")
    return out


KNOWN_KEYS = {
    "title", "description", "author", "base_url", "language", "sources_dir", "items_dir",
    "output_dir", "lead_items", "summary_sentences", "summary_words", "max_tags", "page_size", "feed_issues",
    "kind_weights", "source_weights", "summarizer", "tag_aliases", "topics", "cache", "search",
}


def load_config(path: Path | None, root: Path | None = None) -> Config:
    """Read digest.yaml (a missing file means all defaults); raise ConfigError listing every problem."""
    root = (root or (path.parent if path else Path("."))).resolve()
    data: dict[str, Any] = {}
    if path is not None and path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            where = f" (line {line + 1})" if line is not None else ""
            raise ConfigError(path, [f"not valid YAML{where}: {exc}"]) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(path, ["the top level must be a mapping of settings"])
        data = loaded or {}
    errors: list[str] = [f"unknown setting '{key}'" for key in sorted(set(data) - KNOWN_KEYS)]
    cfg = Config(root=root, sources_dir=root / "sources", items_dir=root / "items", output_dir=root / "site")
    for key in ("title", "description", "author", "base_url", "language"):
        value = _check_str(data, key, errors)
        if value is not None:
            setattr(cfg, key, value)
    for key in ("sources_dir", "items_dir", "output_dir"):
        value = _check_path(data, key, errors, root)
        if value is not None:
            setattr(cfg, key, value)
    for key in ("lead_items", "summary_sentences", "summary_words", "max_tags", "feed_issues"):
        value = _check_int(data, key, errors)
        if value is not None:
            setattr(cfg, key, value)
    page_size = _check_int(data, "page_size", errors, minimum=0)
    if page_size is not None:
        cfg.page_size = page_size
    if cfg.base_url and not cfg.base_url.startswith(("http://", "https://")):
        errors.append(f"'base_url' must start with http:// or https://, got {cfg.base_url!r}")
    if cfg.base_url and not cfg.base_url.endswith("/"):
        cfg.base_url += "/"
    weights = _check_mapping(data, "kind_weights", errors, float)
    if weights is not None:
        cfg.kind_weights = {**cfg.kind_weights, **weights}
    summarizer = _check_summarizer(data.get("summarizer"), errors)
    if summarizer is not None:
        cfg.summarizer = summarizer
    source_weights = _check_mapping(data, "source_weights", errors, float)
    if source_weights is not None:
        cfg.source_weights = source_weights
    aliases = _check_mapping(data, "tag_aliases", errors, str)
    if aliases is not None:
        cfg.tag_aliases = aliases
    topics = _check_topics(data.get("topics"), errors)
    if topics is not None:
        cfg.topics = topics
    for key in ("cache", "search"):
        if key in data:
            if isinstance(data[key], bool):
                setattr(cfg, key, data[key])
            else:
                errors.append(f"'{key}' must be true or false, got {data[key]!r}")
    if errors:
        raise ConfigError(path or Path("digest.yaml"), errors)
    return cfg
