"""Decode raw source bytes into text, refusing what is not text rather than guessing badly."""

from __future__ import annotations

import codecs

MAX_BYTES = 20 * 1024 * 1024  # larger documents are skipped with a message (documented in README)


class NotText(Exception):
    """The file is empty, binary or too large; the message says which."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1; newlines normalised to \\n."""
    if len(data) > MAX_BYTES:
        raise NotText(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise NotText("empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    else:
        if b"\x00" in data[:8192]:
            raise NotText("binary (contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if _looks_binary(text):
        raise NotText("binary (mostly control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(8, len(sample) // 20)
