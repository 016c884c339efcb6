"""Decode raw source bytes into text, refusing what is not text rather than guessing badly."""

from __future__ import annotations

import codecs
import re

MAX_BYTES = 20 * 1024 * 1024  # larger documents are skipped with a message (documented in README)


class NotText(Exception):
    """The file is empty, binary or too large; the message says which."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1; newlines normalised to \\n."""
    if len(data) > MAX_BYTES:
        raise NotText(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise NotText("empty")
    plain = False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A truncated (odd-length) or otherwise broken UTF-16 file keeps what decodes; U+FFFD marks the rest.
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    else:
        if b"\x00" in data[:8192]:
            raise NotText("binary (contains NUL bytes)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        # Plain ASCII without a control character (most documents) has nothing for the regular
        # expressions below to count or strip, and they took a tenth of the time of parsing a note.
        plain = text.isascii() and len(data.translate(None, _ASCII_CONTROLS)) == len(data)
    if not plain and _looks_binary(text):
        raise NotText("binary (mostly control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if plain else strip_xml_illegal(text)


# Characters XML 1.0 forbids (they break the Atom feed): C0 controls except \t \n, plus U+FFFE/U+FFFF
# and lone surrogates. \v and \f become a space so words stay apart; none of them is \n, so the line
# count (and every origin line number) is unchanged.
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_SPACE_RE = re.compile("[\x0b\x0c]")


def strip_xml_illegal(text: str) -> str:
    """Drop characters no XML document may hold, keeping every line a line."""
    return _XML_ILLEGAL_RE.sub("", _XML_SPACE_RE.sub(" ", text))


# C0 control characters other than \t \n \f \r; counted by the regex engine, not a Python loop.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")

# The ASCII characters _looks_binary counts or strip_xml_illegal changes, as bytes (taken from
# the two themselves, so that the shortcut in decode() can never disagree with them).
_ASCII_CONTROLS = bytes(code for code in range(0x80)
                        if _CONTROL_RE.match(chr(code)) or strip_xml_illegal(chr(code)) != chr(code))


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = len(_CONTROL_RE.findall(sample))
    return controls > max(8, len(sample) // 20)
