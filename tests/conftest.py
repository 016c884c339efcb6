"""Shared fixtures: tests build their own small documents; only end-to-end tests read sources/."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from digest.formats.base import RawDocument

REPO = Path(__file__).resolve().parent.parent


def doc(text: str, path: str = "doc.txt", **meta: object) -> RawDocument:
    return RawDocument(path=path, text=textwrap.dedent(text).lstrip("\n"), meta=dict(meta))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: sources/ and a digest.yaml with defaults."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "digest.yaml").write_text("title: Test digest\nbase_url: https://example.org/d/\n", encoding="utf-8")
    return tmp_path
