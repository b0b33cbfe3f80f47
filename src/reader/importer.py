"""Turn a plain-text interview transcript into a reader/1 document.

:func:`import_transcript` reads the transcripts people actually find (White
House briefings, Wikinews interviews, Markdown notes) and builds the mapping
that :func:`reader.yamlwrite.dump` writes as a reader/1 file.  The rules, in
the order they apply:

* Optional YAML front matter (``---`` ... ``---`` at the top) supplies the
  title, date, language, summary, tags and source (name, URL, publication
  date).  It is parsed as plain text (every value a string), without aliases.
* Non-breaking spaces become spaces; runs of spaces collapse to one.  A line
  that is blank once those are gone separates paragraphs.  The lines of one
  paragraph are joined with a space (transcripts wrap at ~72 columns).
* A *turn* starts at a speaker label (see :data:`LABEL_FORMS`).  Labels in
  capitals, ``**Name:**`` and ``Q.``/``A.`` count at the start of any line;
  ``Name:`` in mixed case counts at the start of a paragraph, or at the start
  of a line when the same label starts a line at least twice in the file
  (so ``Quiero preguntar: ...`` inside a paragraph is not a speaker).  White
  House style ``Q`` followed by spaces counts at the start of a paragraph.
  Paragraphs without a label continue the current turn.
* Times such as ``11:10 A.M. EDT``, ``END``, separators (``---``, ``###``),
  headings inside turns and photo captions (``File photo of ... Image: ...``)
  are not speech: they are skipped and reported.  Text before the first
  label is skipped too, but its first short line becomes the title when
  nothing else gives one.  Stage directions such as ``(Laughter.)`` stay.
* Each distinct label (compared without regard to case) is a person; labels
  merged with ``same`` are one person, the later ones kept in ``aka``.
* A section starts at each turn of an interviewer (``Q``, ``Interviewer``,
  ``Moderator`` and the like, or the labels given); the turns that follow, up
  to the next question, are its answers.  Turns before the first question
  form an "Opening remarks" section with a reported question.  An
  interviewer's turn that gets no answer before the next question (a
  moderator introducing the next reporter, say) is kept, in place, as the
  last turn of the section before it.

Nothing is invented: every quote is the transcript's words, in order.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

import yaml

from reader.text import has_special, visible

__all__ = [
    "DEFAULT_INTERVIEWERS",
    "LABEL_FORMS",
    "OPENING_QUESTION",
    "OPENING_TITLE",
    "ImportOptionError",
    "ImportResult",
    "ImportedPerson",
    "Notice",
    "TranscriptError",
    "decode_transcript",
    "import_transcript",
    "summary_lines",
]

LABEL_FORMS: tuple[str, ...] = (
    "NAME: in capitals at the start of a line (PRESIDENT BIDEN:, DR. FAUCI:, Q:)",
    "Name: at the start of a paragraph (Richman:, Jamie Little:)",
    "**Name:** or **Name**: (Markdown bold)",
    "Q. and A. at the start of a line",
    "Q followed by spaces at the start of a paragraph (White House style)",
    "an optional time: Name (01:02): or [01:02] Name:",
)
"""The speaker-label forms :func:`import_transcript` recognises."""

DEFAULT_INTERVIEWERS: frozenset[str] = frozenset(
    {
        "q",
        "question",
        "questioner",
        "interviewer",
        "moderator",
        "host",
        "co-host",
        "presenter",
        "anchor",
        "reporter",
        "journalist",
        "audience member",
    }
)
"""Labels (case-folded, without a leading "the") taken as interviewers by default."""

OPENING_TITLE = "Opening remarks"
OPENING_QUESTION = "Opening remarks, before the first question."

# Spaces that are not line breaks: NBSP and its cousins, tabs, the Unicode
# space separators.  Control characters that Python's str.split() would also
# take as white space (\x1c-\x1f) are deliberately not here: they are kept
# and reported.
_SPACES_RE = re.compile("[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
# "11:10 A.M. EDT", "5:02 P.M. CST", "1:44 p.m.", "10:00 AM ET".
_CLOCK = (
    r"\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)(?:\s+[A-Z]{1,5})?|\d{1,2}:\d{2}(?:\s+[A-Z]{2,5})?"
)
_CLOCK_RE = re.compile(rf"^(?:{_CLOCK})$")
_END_RE = re.compile(rf"^(?:\[?END\]?|\(END\)|-\s*END\s*-)(?:\s+(?:{_CLOCK}))?$")
_SEPARATOR_RE = re.compile(r"^(?:[-*_=~]\s*){3,}$|^#(?:\s*#){2,}$")
_HEADING_RE = re.compile(r"^#{1,6}\s+(?P<text>\S.*?)(?:\s+#+)?$")
_CAPTION_RE = re.compile(
    r"^(?:(?:file\s+)?(?:photo|image|picture)\b.*?\b)?(?:image|photo|picture|credit|caption)s?:\s*\S",
    re.IGNORECASE,
)

# "[01:02] Name: ..." (a time before the label).
_LEAD_TIME_RE = re.compile(rf"^\[(?P<time>{_TIME})\]\s*")
# "Name: ...", "NAME (01:02): ...": a short run without colons, then a colon.
_COLON_LABEL_RE = re.compile(
    rf"^(?P<label>[^\W_][^:]{{0,59}}?)\s*(?:\((?P<time>{_TIME})\))?:(?:\s+(?P<rest>.*)|$)"
)
_BOLD_LABEL_RE = re.compile(
    rf"^(?P<mark>\*\*|__)(?P<label>[^*_:]{{1,60}}?)\s*(?:\((?P<time>{_TIME})\))?"
    r"(?::(?P=mark)|(?P=mark):)(?:\s+(?P<rest>.*)|$)"
)
_QA_DOT_RE = re.compile(r"^(?P<label>[QA])\.(?:\s+(?P<rest>.*)|$)")
_BARE_Q_RE = re.compile(r"^(?P<label>Q)(?:\s+(?P<rest>.*)|$)")
_WORD_RE = re.compile(r"^[^\W_][\w'’.\-]*$")
_PARTICLES = frozenset(
    {"al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el"}
    | {"la", "le", "van", "von", "y", "ten", "ter", "zu"}
)
# Words that end in a colon at the start of prose and are not speakers.
_NOT_SPEAKERS = frozenset(
    {
        "background",
        "caption",
        "context",
        "correction",
        "corrections",
        "credit",
        "credits",
        "date",
        "disclaimer",
        "editor's note",
        "editor’s note",
        "email",
        "example",
        "fax",
        "image",
        "images",
        "link",
        "links",
        "listen",
        "location",
        "n.b.",
        "nb",
        "note",
        "notes",
        "p.s.",
        "phone",
        "photo",
        "photos",
        "picture",
        "posted",
        "ps",
        "published",
        "read more",
        "related",
        "see also",
        "source",
        "sources",
        "subject",
        "summary",
        "tags",
        "tel",
        "time",
        "update",
        "updated",
        "url",
        "warning",
        "watch",
        "website",
    }
)
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# The common shapes of BCP 47 (language, script, region): a subset of what
# the loader accepts, so an imported tag always loads.
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$")
_URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_KEY_RE = re.compile(r"[^a-z0-9]+")

# Front matter keys understood, by the reader/1 field they fill.
_FM_TITLE = ("title",)
_FM_DATE = ("date",)
_FM_LANGUAGE = ("language", "lang")
_FM_SUMMARY = ("summary", "description")
_FM_TAGS = ("tags", "keywords")
_FM_URL = ("source_url", "url", "source", "link", "canonical_url")
_FM_SOURCE_NAME = ("source_name", "publisher", "site_name", "site")
_FM_PUBLISHED = ("published", "published_time", "publish_date", "published_date")
_FM_NOTE = ("source_note", "licence", "license", "copyright")
_FM_KNOWN = frozenset(
    _FM_TITLE
    + _FM_DATE
    + _FM_LANGUAGE
    + _FM_SUMMARY
    + _FM_TAGS
    + _FM_URL
    + _FM_SOURCE_NAME
    + _FM_PUBLISHED
    + _FM_NOTE
)


class TranscriptError(Exception):
    """The transcript cannot be imported (not UTF-8, no speaker labels)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class ImportOptionError(ValueError):
    """An option names a label the transcript does not have, or is malformed."""


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the summary reports: a skipped passage or a warning.

    ``line`` is the 1-based line in the transcript, or ``None`` for notices
    about the whole file.  ``text`` is the transcript's text concerned (raw:
    pass it through :func:`reader.text.visible` before printing).
    """

    line: int | None
    message: str
    text: str = ""


@dataclass(slots=True)
class ImportedPerson:
    """A person found in the transcript, with the labels that name them."""

    key: str
    name: str
    labels: list[str]
    """Labels as written in the transcript, the first one the main one."""
    aka: list[str] = field(default_factory=list)
    interviewer: bool = False
    turns: int = 0
    first_line: int = 0


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`import_transcript` made of a transcript."""

    document: dict[str, object]
    """The reader/1 mapping, keys in docs/format.md order, ready for ``dump``."""
    people: tuple[ImportedPerson, ...]
    sections: int
    opening_remarks: bool
    """True when turns before the first question made an "Opening remarks" section."""
    skipped: tuple[Notice, ...]
    warnings: tuple[Notice, ...]
    title_from: str
    """Where the title came from: ``option``, ``front matter``, ``first line`` or ``file name``."""


@dataclass(slots=True)
class _Label:
    text: str
    rest: str
    time: str | None
    strong: bool


@dataclass(slots=True)
class _Turn:
    label: str
    line: int
    time: str | None
    paragraphs: list[str] = field(default_factory=list)
    person: ImportedPerson | None = None


def decode_transcript(data: bytes) -> str:
    """The text of a transcript file: UTF-8 (a BOM is fine), any line ends.

    Raises :class:`TranscriptError` with the line of the first bad byte.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptError("the file looks like UTF-16; save it as UTF-8 and import again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranscriptError(
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _label_id(label: str) -> str:
    """How labels are compared: case-folded, one space between words."""
    return " ".join(label.split()).casefold()


def _interviewer_id(label: str) -> str:
    ident = _label_id(label)
    return ident[4:] if ident.startswith("the ") else ident


def _check_words(label: str, *, any_case: bool) -> bool:
    """True when ``label`` looks like a name: a few words, no sentence."""
    words = label.split(" ")
    if not 1 <= len(words) <= 6 or not all(_WORD_RE.match(word) for word in words):
        return False
    if _label_id(label) in _NOT_SPEAKERS:
        return False
    if any_case:
        return True
    letters = [ch for ch in label if ch.isalpha()]
    if letters and all(not ch.islower() for ch in letters):
        return True
    if len(words) > 4 or not label[0].isupper():
        return False
    return all(word[0].isupper() or word[0].isdigit() or word in _PARTICLES for word in words)


def _is_caps(label: str) -> bool:
    letters = [ch for ch in label if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def _normal_time(time: str | None) -> str | None:
    """``M:SS``/``H:MM:SS`` as reader/1's ``MM:SS``/``HH:MM:SS``, or None if invalid."""
    if time is None:
        return None
    parts = [int(part) for part in time.split(":")]
    # Minutes and seconds below 60; hours (of HH:MM:SS) below 100.
    limits = [60, 60] if len(parts) == 2 else [100, 60, 60]
    if any(part >= limit for part, limit in zip(parts, limits, strict=True)):
        return None
    return ":".join(f"{part:02d}" for part in parts)


def _match_label(line: str, paragraph_start: bool) -> _Label | None:
    """The speaker label at the start of ``line``, if any (form rules in the docstring)."""
    lead_time: str | None = None
    lead = _LEAD_TIME_RE.match(line)
    if lead:
        lead_time = lead.group("time")
        line = line[lead.end() :]
    match = _BOLD_LABEL_RE.match(line)
    if match and _check_words(match.group("label").strip(), any_case=True):
        return _Label(
            match.group("label").strip(),
            match.group("rest") or "",
            match.group("time") or lead_time,
            True,
        )
    match = _QA_DOT_RE.match(line)
    if match:
        return _Label(match.group("label"), match.group("rest") or "", lead_time, True)
    if paragraph_start:
        # Before "Name:", so that "Q Mr. President: ..." is Q asking.
        match = _BARE_Q_RE.match(line)
        if match:
            return _Label("Q", match.group("rest") or "", lead_time, False)
    match = _COLON_LABEL_RE.match(line)
    if match:
        label = match.group("label").strip()
        if _check_words(label, any_case=False):
            return _Label(
                label, match.group("rest") or "", match.group("time") or lead_time, _is_caps(label)
            )
    return None


def _display_name(label: str) -> str:
    """The person's name for a label: capitals become title case (``López Obrador``)."""
    if not _is_caps(label) or len(label) == 1:
        return label

    def word_case(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) > 1 and re.fullmatch(r"[IVX]+", word):
            return word  # a regnal number: Henry VIII
        return word[0] + word[1:].lower()

    return re.sub(r"[^\W\d_]+", word_case, label)


def _make_key(name: str, taken: set[str], fallback: int) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = _KEY_RE.sub("-", ascii_name.lower()).strip("-") or f"speaker-{fallback}"
    key = base
    n = 2
    while key in taken:
        key = f"{base}-{n}"
        n += 1
    taken.add(key)
    return key


def _clean(line: str) -> str:
    return _SPACES_RE.sub(" ", line).strip()


def _skip_reason(text: str) -> str | None:
    """Why a paragraph without a label is not speech, or None when it is."""
    if _CLOCK_RE.match(text):
        return "time"
    if _END_RE.match(text):
        return "end mark"
    if _SEPARATOR_RE.match(text):
        return "separator"
    if len(text) <= 300 and _CAPTION_RE.match(text):
        return "photo caption"
    return None


def _date(value: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from the start of ``value``, if a real date.

    A time after the date (``2023-01-10 23:14:35-05:00``) is dropped.
    """
    value = value.strip()
    match = _DATE_RE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    rest = value[match.end() :]
    if rest and not re.match(r"^[ T]\d", rest):
        return None
    try:
        if month is not None:
            datetime.date(int(year), int(month), int(day or 1))
    except ValueError:
        return None
    return match.group(0)


def _url_ok(url: str) -> bool:
    """True for an http(s) URL with a host and nothing a reader/1 URL may not hold."""
    if not _URL_RE.match(url) or has_special(url) or re.search(r"[\x00-\x1f\x7f-\x9f]", url):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return False


def _first(mapping: Mapping[str, object], keys: Iterable[str]) -> tuple[str, object] | None:
    for key in keys:
        if key in mapping:
            return key, mapping[key]
    return None


def _plain(value: object) -> str | None:
    """A front-matter value as one line of text (None unless it is a string)."""
    if not isinstance(value, str):
        return None
    text = _clean(value.replace("\n", " "))
    return text or None


def _front_matter(lines: list[str], warnings: list[Notice]) -> tuple[dict[str, object], int]:
    """Parse front matter at the top; returns (values, index of the first body line)."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        warnings.append(Notice(1, "front matter starts with --- but never ends; read as text"))
        return {}, 0
    source = "\n".join(lines[1:end])
    try:
        for event in yaml.parse(source, Loader=_base_loader()):
            if isinstance(event, yaml.AliasEvent):
                raise yaml.YAMLError("aliases are not allowed in front matter")
        values = yaml.load(source, Loader=_base_loader())
    except (yaml.YAMLError, RecursionError) as exc:
        warnings.append(
            Notice(1, f"front matter is not valid YAML, ignored: {str(exc).splitlines()[0]}")
        )
        return {}, end + 1
    if values is None:
        return {}, end + 1
    if not isinstance(values, dict):
        warnings.append(Notice(1, "front matter is not a mapping of keys to values, ignored"))
        return {}, end + 1
    return {str(key).strip().lower(): value for key, value in values.items()}, end + 1


def _base_loader() -> type:
    # BaseLoader builds only strings, lists and dicts: no implicit typing, no
    # objects.  The C version when libyaml is there.
    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _metadata(
    front: Mapping[str, object], warnings: list[Notice]
) -> tuple[dict[str, object], str | None]:
    """reader/1 top-level fields from front matter, and the title if any."""
    meta: dict[str, object] = {}
    found = _first(front, _FM_TITLE)
    title = _plain(found[1]) if found else None
    found = _first(front, _FM_DATE)
    if found:
        date = _date(found[1]) if isinstance(found[1], str) else None
        if date:
            meta["date"] = date
        else:
            warnings.append(Notice(1, f"front matter {found[0]}: not a date, ignored"))
    found = _first(front, _FM_LANGUAGE)
    if found:
        language = _plain(found[1])
        if language and _LANGUAGE_RE.match(language):
            meta["language"] = language
        else:
            warnings.append(Notice(1, f"front matter {found[0]}: not a language tag, ignored"))
    found = _first(front, _FM_SUMMARY)
    if found and _plain(found[1]):
        meta["summary"] = _plain(found[1])
    source: dict[str, object] = {}
    found = _first(front, _FM_SOURCE_NAME)
    if found and _plain(found[1]):
        source["name"] = _plain(found[1])
    url_found = _first(front, _FM_URL)
    if url_found:
        value = url_found[1]
        if isinstance(value, dict):  # source: {name: ..., url: ...}
            if _plain(value.get("name")) and "name" not in source:
                source["name"] = _plain(value.get("name"))
            value = value.get("url")
        url = _plain(value)
        if url and _url_ok(url):
            source["url"] = url
        elif url:
            warnings.append(Notice(1, f"front matter {url_found[0]}: not an http(s) URL, ignored"))
    found = _first(front, _FM_PUBLISHED)
    if found:
        published = _date(found[1]) if isinstance(found[1], str) else None
        if published:
            source["published"] = published
        else:
            warnings.append(Notice(1, f"front matter {found[0]}: not a date, ignored"))
    found = _first(front, _FM_NOTE)
    if found and _plain(found[1]):
        source["note"] = _plain(found[1])
    if source:
        meta["source"] = {
            key: source[key] for key in ("name", "url", "published", "note") if key in source
        }
    found = _first(front, _FM_TAGS)
    if found:
        raw = found[1]
        items = raw if isinstance(raw, list) else str(raw).split(",") if raw else []
        tags = [tag for tag in (_plain(item) for item in items) if tag]
        if tags:
            meta["tags"] = list(dict.fromkeys(tags))
    unused = sorted(key for key in front if key not in _FM_KNOWN)
    if unused:
        warnings.append(Notice(1, "front matter keys not used: " + ", ".join(unused)))
    return meta, title


def _parse_same(same: Sequence[str]) -> list[list[str]]:
    groups = []
    for spec in same:
        labels = [" ".join(part.split()) for part in spec.split("=")]
        if len(labels) < 2 or not all(labels):
            raise ImportOptionError(f'--same {spec!r}: write it as "LABEL=OTHER LABEL"')
        groups.append(labels)
    return groups


def import_transcript(
    text: str,
    *,
    name: str | None = None,
    interviewers: Sequence[str] | None = None,
    same: Sequence[str] = (),
    title: str | None = None,
) -> ImportResult:
    """Build a reader/1 document from the transcript ``text``.

    ``name`` is the transcript's file name (the title of last resort; None
    for a transcript read from standard input);
    ``interviewers`` the labels of those who ask (default: Q, Interviewer,
    Moderator and the like); ``same`` entries ``"A=B"`` merge labels of one
    person; ``title`` overrides any title found.

    Raises :class:`TranscriptError` when there is no speaker label at all, and
    :class:`ImportOptionError` when ``same`` or ``interviewers`` name a label
    the transcript does not have.
    """
    same_groups = _parse_same(same)
    warnings: list[Notice] = []
    skipped: list[Notice] = []
    lines = text.split("\n")
    front, body_start = _front_matter(lines, warnings)
    meta, front_title = _metadata(front, warnings)

    paragraphs = _paragraphs(lines, body_start)
    line_labels = _repeated_line_labels(paragraphs)
    turns, preamble = _turns(paragraphs, line_labels, skipped)
    if not turns:
        raise TranscriptError("no speaker label found; expected one of: " + "; ".join(LABEL_FORMS))

    title_from = "file name"
    first_line_title = None
    for line_no, paragraph in preamble:
        reason = _skip_reason(paragraph)
        if reason:
            skipped.append(Notice(line_no, reason, paragraph))
            continue
        heading = _HEADING_RE.match(paragraph)
        candidate = heading.group("text") if heading else paragraph
        if first_line_title is None and "\n" not in paragraph and len(candidate) <= 150:
            first_line_title = (line_no, candidate)
            continue
        skipped.append(Notice(line_no, "text before the first speaker label", paragraph))
    if title is not None and _clean(title):
        final_title, title_from = _clean(title), "option"
    elif front_title:
        final_title, title_from = front_title, "front matter"
    elif first_line_title:
        final_title, title_from = first_line_title[1], "first line"
    else:
        final_title = (_clean(PurePath(name).stem) if name else "") or "Imported transcript"
    if first_line_title and title_from != "first line":
        skipped.append(
            Notice(first_line_title[0], "text before the first speaker label", first_line_title[1])
        )

    people = _people(turns, same_groups)
    _mark_interviewers(people, interviewers, warnings)
    for turn in turns:
        if any(has_special(paragraph) for paragraph in turn.paragraphs):
            warnings.append(
                Notice(
                    turn.line,
                    "control, bidi or invisible characters kept (written as escapes)",
                    "\n\n".join(turn.paragraphs),
                )
            )
    sections, opening = _sections(turns, warnings)

    document: dict[str, object] = {"reader": 1, "title": final_title}
    for key in ("date", "language", "summary", "source"):
        if key in meta:
            document[key] = meta[key]
    document["people"] = {
        person.key: {"name": person.name, "aka": person.aka}
        if person.aka
        else {"name": person.name}
        for person in people
    }
    if "tags" in meta:
        document["tags"] = meta["tags"]
    document["sections"] = sections
    skipped.sort(key=lambda notice: notice.line or 0)
    return ImportResult(
        document=document,
        people=tuple(people),
        sections=len(sections),
        opening_remarks=opening,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        title_from=title_from,
    )


def _paragraphs(lines: list[str], start: int) -> list[list[tuple[int, str]]]:
    """Group cleaned, non-blank lines into paragraphs of ``(line number, text)``."""
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for index in range(start, len(lines)):
        line = _clean(lines[index])
        if line:
            current.append((index + 1, line))
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _repeated_line_labels(paragraphs: list[list[tuple[int, str]]]) -> set[str]:
    """Mixed-case labels that start a line at least twice: speakers in line-per-turn files."""
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        for _, line in paragraph:
            label = _match_label(line, paragraph_start=False)
            if label is not None and not label.strong:
                ident = _label_id(label.text)
                counts[ident] = counts.get(ident, 0) + 1
    return {ident for ident, count in counts.items() if count >= 2}


def _turns(
    paragraphs: list[list[tuple[int, str]]],
    line_labels: set[str],
    skipped: list[Notice],
) -> tuple[list[_Turn], list[tuple[int, str]]]:
    """Split paragraphs into turns; also return the paragraphs before the first turn."""
    turns: list[_Turn] = []
    preamble: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        # Each block: (label or None, first line number, lines of text).
        blocks: list[tuple[_Label | None, int, list[str]]] = []
        for position, (line_no, line) in enumerate(paragraph):
            label = _match_label(line, paragraph_start=position == 0)
            if (
                label is not None
                and position > 0
                and not label.strong
                and _label_id(label.text) not in line_labels
            ):
                label = None
            if label is not None:
                blocks.append((label, line_no, [label.rest] if label.rest else []))
            elif blocks:
                blocks[-1][2].append(line)
            else:
                blocks.append((None, line_no, [line]))
        for label, line_no, block_lines in blocks:
            joined = " ".join(block_lines).strip()
            if label is None:
                if not turns:
                    preamble.append((line_no, "\n".join(block_lines)))
                    continue
                reason = _skip_reason(joined)
                if reason is None and _HEADING_RE.match(joined):
                    reason = "heading"
                if reason:
                    skipped.append(Notice(line_no, reason, joined))
                else:
                    turns[-1].paragraphs.append(joined)
                continue
            turn = _Turn(label.text, line_no, _normal_time(label.time))
            if joined:
                turn.paragraphs.append(joined)
            turns.append(turn)
    kept = []
    for turn in turns:
        if turn.paragraphs:
            kept.append(turn)
        else:
            skipped.append(Notice(turn.line, "label with no words after it", turn.label + ":"))
    return kept, preamble


def _people(turns: list[_Turn], same_groups: list[list[str]]) -> list[ImportedPerson]:
    """One person per distinct label, merged by ``same``; turns counted."""
    first_label: dict[str, tuple[str, int]] = {}
    for turn in turns:
        first_label.setdefault(_label_id(turn.label), (turn.label, turn.line))
    found = ", ".join(label for label, _ in first_label.values())
    canonical: dict[str, str] = {}  # label id -> id of the group's main label
    for group in same_groups:
        ids = [_label_id(label) for label in group]
        for label, ident in zip(group, ids, strict=True):
            if ident not in first_label:
                raise ImportOptionError(
                    f"--same: no speaker label {label!r} in the transcript (labels: {found})"
                )
        # The first --same that names a person sets their name: a later
        # "C=B" joins C to B's person instead of renaming it.
        roots = [canonical[ident] for ident in ids if ident in canonical]
        root = roots[0] if roots else ids[0]
        for ident in ids:
            previous = canonical.get(ident, ident)
            for other, target in list(canonical.items()):
                if target == previous:
                    canonical[other] = root
            canonical[ident] = root
    people: dict[str, ImportedPerson] = {}
    taken: set[str] = set()
    for ident in first_label:
        root = canonical.get(ident, ident)
        if root in people:
            continue
        root_label, root_line = first_label[root]
        people[root] = ImportedPerson(
            key="",
            name=_display_name(root_label),
            labels=[root_label],
            first_line=root_line,
        )
    for ident, (label, _) in first_label.items():
        root = canonical.get(ident, ident)
        person = people[root]
        if ident != root:
            person.labels.append(label)
            alias = _display_name(label)
            if alias != person.name and alias not in person.aka:
                person.aka.append(alias)
    for index, person in enumerate(people.values(), start=1):
        person.key = _make_key(person.name, taken, index)
    for turn in turns:
        turn.person = people[canonical.get(_label_id(turn.label), _label_id(turn.label))]
        turn.person.turns += 1
    return list(people.values())


def _mark_interviewers(
    people: list[ImportedPerson], interviewers: Sequence[str] | None, warnings: list[Notice]
) -> None:
    if interviewers:
        by_label = {_label_id(label): person for person in people for label in person.labels}
        for label in interviewers:
            person = by_label.get(_label_id(label))
            if person is None:
                found = ", ".join(person.labels[0] for person in people)
                raise ImportOptionError(
                    f"--interviewer: no speaker label {label!r} in the transcript (labels: {found})"
                )
            person.interviewer = True
        return
    for person in people:
        person.interviewer = any(
            _interviewer_id(label) in DEFAULT_INTERVIEWERS for label in person.labels
        )
    if not any(person.interviewer for person in people):
        warnings.append(
            Notice(
                None,
                "no interviewer label (Q, Interviewer, Moderator, ...) found, so every turn is "
                "an opening remark; say who asks with --interviewer LABEL",
            )
        )


def _sections(turns: list[_Turn], warnings: list[Notice]) -> tuple[list[dict[str, object]], bool]:
    """Group turns into sections (see the module docstring); True if opening remarks."""
    opening: list[dict[str, object]] = []
    sections: list[dict[str, object]] = []
    for index, turn in enumerate(turns):
        person = turn.person
        assert person is not None
        asks = person.interviewer
        following = turns[index + 1] if index + 1 < len(turns) else None
        answered = following is not None and not (
            following.person is not None and following.person.interviewer
        )
        text = "\n\n".join(turn.paragraphs)
        if asks and answered:
            sections.append({"question": text, "asked_by": person.key, "answers": []})
            continue
        answer: dict[str, object] = {"by": person.key, "quote": text}
        if turn.time:
            answer["time"] = turn.time
        if asks:
            # Opening remarks, when there are any, are section 1.
            number = len(sections) + (1 if opening else 0)
            where = f"section {number}" if sections else "opening remarks"
            warnings.append(
                Notice(
                    turn.line,
                    f"{turn.label}'s turn gets no answer before the next question; "
                    f"kept as the last turn of {where}",
                    text,
                )
            )
        target = sections[-1]["answers"] if sections else opening
        assert isinstance(target, list)
        target.append(answer)
    if opening:
        sections.insert(
            0,
            {
                "title": OPENING_TITLE,
                "question": OPENING_QUESTION,
                "reported": True,
                "answers": opening,
            },
        )
    return sections, bool(opening)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _one_line(text: str) -> str:
    """``text`` safe for one line of terminal output (line feeds shown as ␊)."""
    return visible(text).replace("\n", "\u240a")


def summary_lines(result: ImportResult, name: str) -> list[str]:
    """The summary ``reader import`` prints to standard error, one line each.

    File text in it goes through :func:`reader.text.visible` and is shortened.
    """
    safe_name = _one_line(name)
    questions = result.sections - (1 if result.opening_remarks else 0)
    opening = " and opening remarks" if result.opening_remarks else ""
    lines = [
        f"{safe_name}: {_plural(len(result.people), 'person', 'people')}, "
        f"{_plural(questions, 'Q&A')}{opening} ({_plural(result.sections, 'section')}), "
        f"title from {result.title_from}"
    ]
    width = max(len(_one_line(person.labels[0])) for person in result.people)
    for person in result.people:
        role = "asks" if person.interviewer else "answers"
        others = ", ".join(_one_line(label) for label in person.labels[1:])
        merged = f" (also {others})" if others else ""
        lines.append(
            f"  {_one_line(person.labels[0]):<{width}}  -> {person.key}: "
            f"{_plural(person.turns, 'turn')}, {role}{merged}"
        )
    for notice in result.skipped:
        lines.append(
            f"{safe_name}:{notice.line}: skipped {notice.message}: {_excerpt(notice.text)}"
        )
    for notice in result.warnings:
        where = f"{safe_name}:{notice.line}" if notice.line else safe_name
        extra = f": {_excerpt(notice.text)}" if notice.text else ""
        lines.append(f"{where}: warning: {notice.message}{extra}")
    return lines


def _excerpt(text: str, width: int = 60) -> str:
    one_line = re.sub(r"[ \n]+", " ", text).strip()
    if len(one_line) > width:
        one_line = one_line[: width - 1] + "…"
    return '"' + _one_line(one_line) + '"'
