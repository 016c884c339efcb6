"""Readable text out of a saved web page (.html/.htm) or an email (.eml), so that format detection
runs on what a reader sees. Headings become Markdown `#` lines, links `[text](url)`, list items
`* ` bullets; script, style and site chrome (nav, header, footer, aside, forms) are dropped.
Origins of items from such files refer to lines of this extracted text, not of the raw file.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import re
from html.parser import HTMLParser

_DROP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form", "svg", "head"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
_BLOCK = {"p", "div", "section", "article", "main", "table", "tr", "ul", "ol", "blockquote", "pre", "body",
          "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "td", "th", "figure", "figcaption"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.dropping = 0
        self.href: list[str] = []
        self.link_text: list[list[str]] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.dropping += tag not in _VOID
            return
        if self.dropping:
            return
        if tag in _BLOCK or tag == "br":
            self._flush()
            if tag == "br":
                return
        if tag == "hr":
            self._flush()
            self.lines.append("***")
        elif re.fullmatch(r"h[1-6]", tag):
            self.current.append("#" * int(tag[1]) + " ")
        elif tag == "li":
            self.current.append("* ")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.href.append(href if href.startswith(("http://", "https://")) else "")
            self.current.append("\x00")  # marks where the link text starts

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        if tag == "a" and self.href:
            href = self.href.pop()
            joined = "".join(self.current)
            start = joined.rfind("\x00")
            if start >= 0:
                before, text = joined[:start], joined[start + 1:].strip()
                self.current = [before + (f"[{text}]({href})" if href and text else text)]
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.current.append(data.replace("\x00", ""))

    def text(self) -> str:
        self._flush()
        return "\n".join(line.replace("\x00", "") for line in self.lines) + "\n"


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per line."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return parser.text()  # character references were already decoded by the parser


def eml_to_text(data: bytes) -> tuple[str, dict[str, object]]:
    """(readable body, metadata from the headers: title from Subject, date from Date)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    meta: dict[str, object] = {}
    if message.get("subject"):
        meta["title"] = str(message["subject"]).strip()
    try:
        sent = email.utils.parsedate_to_datetime(str(message["date"])) if message.get("date") else None
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is not None:
        meta["date"] = sent.date()
    part = message.get_body(preferencelist=("html", "plain"))
    if part is None:
        return "", meta
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return content, meta
