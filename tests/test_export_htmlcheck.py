"""A strict HTML checker for the export tests, and tests that it catches what it must.

``html.parser`` is lenient: it never fails.  :class:`StrictHTML` records as
errors everything a hand-written, script-free page must not have: unbalanced
or stray end tags, elements left open, block elements inside ``<p>``,
self-closed non-void elements, tags and attributes outside a small allow-list
(no ``<script>``, ``<img>``, ``<iframe>``, no ``on*`` or ``style``
attributes), links that are not http(s) or in-page, in-page links to missing
ids, duplicate ids, external links without ``rel="noopener noreferrer"``,
stray ``&``, and anything but ``<!DOCTYPE html>``.

It also turns the page into a text stream for the passage checks: paragraph
texts joined by blank lines, ``<br>`` as a line break, note popovers left out
and each note reference (ours, or markdown-it's footnote references) written
as ``⟦n⟧``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

VOID = frozenset({"br", "meta", "hr", "link", "img", "input", "wbr", "col", "area", "base"})
ALLOWED = frozenset(
    {
        "html", "head", "meta", "title", "style", "body", "header", "footer", "main", "nav",
        "section", "article", "aside", "div", "span", "p", "br", "hr", "h1", "h2", "h3", "ol",
        "ul", "li", "dl", "dt", "dd", "blockquote", "q", "a", "b", "strong", "em", "i", "mark",
        "sup", "code",
    }
)  # fmt: skip
BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "div", "dl", "footer", "h1", "h2", "h3",
        "header", "hr", "main", "nav", "ol", "p", "section", "ul", "table", "pre",
    }
)  # fmt: skip
PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "li", "dt", "dd", "title"})
_BAD_AMP = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


class StrictHTML(HTMLParser):
    """Parse HTML and record every problem in :attr:`errors` (empty when clean)."""

    def __init__(self, *, require_rel: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.require_rel = require_rel
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.fragments: list[str] = []
        self.tags: list[str] = []
        self.blocks: list[str] = []
        self._block: list[str] | None = None
        self._skip = 0
        self.marks: dict[str, list[str]] = {}

    # --- structure -------------------------------------------------------------------

    def feed_all(self, text: str) -> StrictHTML:
        outside_style = re.sub(r"(?s)<style>.*?</style>", "", text)
        for match in _BAD_AMP.finditer(outside_style):
            self.errors.append(
                f"stray & at {match.start()}: {outside_style[match.start() :][:20]!r}"
            )
        self.feed(text)
        self.close()
        for name, _ in self.stack:
            self.errors.append(f"<{name}> never closed")
        for fragment in self.fragments:
            if fragment not in self.ids:
                self.errors.append(f"link to missing id #{fragment}")
        return self

    def handle_decl(self, decl: str) -> None:
        if decl != "DOCTYPE html":
            self.errors.append(f"declaration {decl!r}")

    def unknown_decl(self, data: str) -> None:
        self.errors.append(f"unknown declaration {data!r}")

    def handle_pi(self, data: str) -> None:
        self.errors.append(f"processing instruction {data!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.errors.append(f"self-closed <{tag}/>")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if tag not in ALLOWED:
            self.errors.append(f"<{tag}> is not allowed")
        if tag in BLOCK and any(name == "p" for name, _ in self.stack):
            self.errors.append(f"<{tag}> inside <p>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcset", "formaction"):
                self.errors.append(f"attribute {name}= on <{tag}>")
            if name == "id":
                if value in self.ids:
                    self.errors.append(f"duplicate id {value!r}")
                self.ids.add(value or "")
            if name == "href":
                self._check_href(tag, value or "", attributes)
        if tag in VOID:
            if tag == "br" and self._block is not None:
                self._block.append("\n")
            return
        self.stack.append((tag, attributes))
        classes = (attributes.get("class") or "").split()
        if self._skip or "pop" in classes:
            self._skip += 1
        elif (tag == "sup" and "footnote-ref" in classes) or (tag == "span" and "ref" in classes):
            self._skip += 1
            self._ref_pending = True
        if tag in PARAGRAPHS and self._block is None:
            self._block = []

    def _check_href(self, tag: str, href: str, attributes: dict[str, str | None]) -> None:
        if href.startswith("#"):
            self.fragments.append(href[1:])
            return
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.errors.append(f"link {href!r} is not http(s)")
        if self.require_rel and tag == "a" and attributes.get("rel") != "noopener noreferrer":
            self.errors.append(f"external link {href!r} without rel=noopener noreferrer")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag </{tag}> of a void element")
            return
        if not self.stack or self.stack[-1][0] != tag:
            top = f"<{self.stack[-1][0]}>" if self.stack else "nothing"
            self.errors.append(f"unbalanced </{tag}> (open: {top})")
            return
        name, attributes = self.stack.pop()
        classes = (attributes.get("class") or "").split()
        if self._skip:
            self._skip -= 1
            if self._skip == 0 and ("ref" in classes or "footnote-ref" in classes):
                number = self._ref_number
                if self._block is not None:
                    self._block.append(f"⟦{number}⟧")
        if (
            name in PARAGRAPHS
            and self._block is not None
            and not any(n in PARAGRAPHS for n, _ in self.stack)
        ):
            self.blocks.append("".join(self._block))
            self._block = None

    _ref_number = ""
    _ref_pending = False

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.errors.append("script content")
        if self._skip:
            if self._ref_pending and self.stack and self.stack[-1][0] == "a":
                self._ref_number = data.strip("[]")
                self._ref_pending = False
            return
        for name, attributes in self.stack:
            if name == "mark":
                self.marks.setdefault(attributes.get("data-note") or "", []).append(data)
        if self._block is not None:
            # Newlines in the source are layout; real breaks are <br> or paragraphs.
            self._block.append(data.replace("\n", ""))

    # --- results -----------------------------------------------------------------------

    def stream(self) -> str:
        """The page's paragraphs, joined by blank lines, with ``⟦n⟧`` note references."""
        return "\n\n".join(self.blocks)


def check(page: str, *, require_rel: bool = True) -> StrictHTML:
    """Parse ``page``; fail the test with every error found.

    ``require_rel=False`` for HTML rendered from Markdown by a third-party
    renderer, which decides link attributes itself.
    """
    parser = StrictHTML(require_rel=require_rel).feed_all(page)
    assert parser.errors == []
    return parser


@pytest.mark.parametrize(
    ("page", "error"),
    [
        ("<p>a<b>b</p></b>", "unbalanced </p> (open: <b>)"),
        ("<div><p>x</div>", "unbalanced </div> (open: <p>)"),
        ("<p><div>x</div></p>", "<div> inside <p>"),
        ("<p>x", "<p> never closed"),
        ("<p>x</p></p>", "unbalanced </p> (open: nothing)"),
        ("<script>alert(1)</script>", "<script> is not allowed"),
        ('<img src=x onerror="alert(1)">', "<img> is not allowed"),
        ('<p onclick="x()">a</p>', "attribute onclick= on <p>"),
        ('<p style="color:red">a</p>', "attribute style= on <p>"),
        ('<a href="javascript:alert(1)">x</a>', "link 'javascript:alert(1)' is not http(s)"),
        ('<a href="https://x.org/">x</a>', "external link 'https://x.org/' without rel="),
        ('<a href="#nowhere">x</a>', "link to missing id #nowhere"),
        ('<p id="a">1</p><p id="a">2</p>', "duplicate id 'a'"),
        ("<p>Tom & Jerry</p>", "stray & at 7: '& Jerry</p>'"),
        ("<div/>", "self-closed <div/>"),
        ("<!DOCTYPE html5>", "declaration 'DOCTYPE html5'"),
    ],
)  # fmt: skip
def test_checker_catches(page: str, error: str) -> None:
    assert any(found.startswith(error) for found in StrictHTML().feed_all(page).errors)


def test_checker_accepts_clean_html_and_builds_the_stream() -> None:
    parser = check(
        '<!DOCTYPE html><html><body><h1>T &amp; U</h1><p id=x>One <mark data-note="2">two</mark>'
        '<span class="ref"><a href="#x">2</a><span class="pop">hidden</span></span> three<br>\n'
        'four</p><p><a href="https://x.org/" rel="noopener noreferrer">link</a></p></body></html>'
    )
    assert parser.stream() == "T & U\n\nOne two⟦2⟧ three\nfour\n\nlink"
    assert parser.marks == {"2": ["two"]}
