"""Which links ``o`` opens (reader.links)."""

from __future__ import annotations

import webbrowser

import pytest

from reader.links import browser_needs_terminal, check_url, is_openable, open_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/path?q=1#frag",
        "HTTPS://Example.COM/",
        "https://example.com:8443/x",
        "https://[2001:db8::1]/x",
        "https://例え.jp/パス",
        "https://example.com/%20encoded",
    ],
)
def test_plain_web_links_are_opened(url: str) -> None:
    assert check_url(url) is None
    assert is_openable(url)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "the link is empty"),
        ("javascript:alert(1)", "only http and https links are opened, not javascript:"),
        ("JavaScript:alert(1)", "only http and https links are opened, not javascript:"),
        ("file:///etc/passwd", "only http and https links are opened, not file:"),
        ("data:text/html,<b>x</b>", "only http and https links are opened, not data:"),
        ("ssh://host", "only http and https links are opened, not ssh:"),
        ("vscode://file/x", "only http and https links are opened, not vscode:"),
        ("mailto:a@b.c", "only http and https links are opened, not mailto:"),
        ("ftp://host/x", "only http and https links are opened, not ftp:"),
        ("//example.com", "the link has no scheme (only http and https links are opened)"),
        ("example.com", "the link has no scheme (only http and https links are opened)"),
        ("http:///path", "the link has no host"),
        ("http:example.com", "the link has no host"),
        ("https://:80/", "the link has no host"),
        (
            "https://www.bank.example@evil.example/",
            "the link has a user name before its host (user@host), which can disguise the host",
        ),
        (
            "https://user:pw@example.com/",
            "the link has a user name before its host (user@host), which can disguise the host",
        ),
        ("https://example.com\\@evil.example", "the link contains a backslash"),
        ("https://exa mple.com", "the link contains white space"),
        (" https://example.com", "the link contains white space"),
        ("https://example.com/\n", "the link contains white space"),
        ("https://example.com/\x1b[2J", "the link contains control or invisible characters"),
        ("https://exa\u202emple.com", "the link contains control or invisible characters"),
        ("https://exa\u200bmple.com", "the link contains control or invisible characters"),
        ("https://example.com:0/", "the link's port is 0"),
        ("https://example.com:99999/", "the link is malformed (Port out of range 0-65535)"),
        ("https://[::1/", "the link is malformed (Invalid IPv6 URL)"),
        ("https://example.com/" + "a" * 5000, "the link is longer than 4096 characters"),
    ],
)
def test_other_links_are_refused_with_a_reason(url: str, reason: str) -> None:
    assert check_url(url) == reason
    assert not is_openable(url)


def test_open_url_refuses_without_calling_the_browser() -> None:
    calls: list[str] = []

    def opener(url: str) -> bool:
        calls.append(url)
        return True

    assert open_url("file:///etc/passwd", opener) == (
        "only http and https links are opened, not file:"
    )
    assert calls == []
    assert open_url("https://example.com/", opener) is None
    assert calls == ["https://example.com/"]


def test_open_url_reports_browser_failures() -> None:
    assert open_url("https://example.com/", lambda url: False) == "no web browser could be started"

    def broken(url: str) -> bool:
        raise webbrowser.Error("could not locate runnable browser")

    assert open_url("https://example.com/", broken) == (
        "no web browser could be started (could not locate runnable browser)"
    )


def test_text_browsers_need_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.GenericBrowser("lynx"))
    assert browser_needs_terminal() is True
    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.BackgroundBrowser("firefox"))
    assert browser_needs_terminal() is False

    def none() -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", none)
    assert browser_needs_terminal() is False


# One rule for every consumer: the loader (reader check), `o`, and every export
# decide with check_url.  A link the loader accepts is exactly one that `o`
# would open and that exports make clickable.
_CONSUMER_CASES = [
    "https://example.com/a?b=c#d",
    "https://www.bank.example@evil.example/",
    "https://user:pw@example.com/",
    "https://example.com/a\\b",
    'https://example.com/"onmouseover="x',
    "https://example.com/<script>",
    "https://example.com/`x`",
    "https://example.com/it's-fine",
    "https://example.com:0/",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", _CONSUMER_CASES)
def test_loader_and_exports_agree_with_check_url(url: str) -> None:
    from pathlib import Path

    from reader.export.html import to_html
    from reader.export.markdown import to_markdown
    from reader.loader import load_text
    from reader.model import Annotation, Answer, Interview, Person, Section

    escaped = url.replace("\\", "\\\\").replace('"', '\\"')
    text = (
        "reader: 1\ntitle: T\npeople: {a: {name: A}}\nsections:\n"
        "  - question: Q?\n    answers: [{by: a, quote: Words.}]\n"
        f'    annotations:\n      - note: N\n        links: ["{escaped}"]\n'
    )
    result = load_text(text, Path("t.yaml"))
    assert result.ok is is_openable(url), result.problems
    note = Annotation(note="N", links=(url,))
    interview = Interview(
        path=Path("t.yaml"),
        id="t",
        title="T",
        people={"a": Person(key="a", name="A")},
        sections=(
            Section(
                id="q1",
                number=1,
                title="Q?",
                question="Q?",
                answers=(Answer(by="a", quote="Words."),),
                annotations=(note,),
            ),
        ),
    )
    import html as html_module

    assert (f'href="{html_module.escape(url, quote=True)}"' in to_html(interview)) is (
        is_openable(url)
    )
    assert (f"<{url}>" in to_markdown(interview)) is is_openable(url)
