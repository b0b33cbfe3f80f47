"""YAML front matter at the top of a text transcript, and metadata values.

Front matter (``---`` ... ``---``) supplies the title, date, language,
summary, tags and source.  It is parsed as plain text (every value a
string), without aliases, so nothing in it is typed or constructed.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping

import yaml

from reader.importer._common import Notice, clean_line
from reader.links import check_url

__all__ = ["front_matter", "metadata", "parse_date", "plain", "url_ok"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# The common shapes of BCP 47 (language, script, region): a subset of what
# the loader accepts, so an imported tag always loads.
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$")

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


def parse_date(value: str) -> str | None:
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


def url_ok(url: str) -> bool:
    """True for a URL that :func:`reader.links.check_url` accepts (http(s) with a host)."""
    return check_url(url) is None


def _first(mapping: Mapping[str, object], keys: Iterable[str]) -> tuple[str, object] | None:
    for key in keys:
        if key in mapping:
            return key, mapping[key]
    return None


def plain(value: object) -> str | None:
    """A front-matter value as one line of text (None unless it is a string)."""
    if not isinstance(value, str):
        return None
    text = clean_line(value.replace("\n", " "))
    return text or None


def front_matter(lines: list[str], warnings: list[Notice]) -> tuple[dict[str, object], int]:
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


def metadata(
    front: Mapping[str, object], warnings: list[Notice]
) -> tuple[dict[str, object], str | None]:
    """reader/1 top-level fields from front matter, and the title if any."""
    meta: dict[str, object] = {}
    found = _first(front, _FM_TITLE)
    title = plain(found[1]) if found else None
    found = _first(front, _FM_DATE)
    if found:
        date = parse_date(found[1]) if isinstance(found[1], str) else None
        if date:
            meta["date"] = date
        else:
            warnings.append(Notice(1, f"front matter {found[0]}: not a date, ignored"))
    found = _first(front, _FM_LANGUAGE)
    if found:
        language = plain(found[1])
        if language and LANGUAGE_RE.match(language):
            meta["language"] = language
        else:
            warnings.append(Notice(1, f"front matter {found[0]}: not a language tag, ignored"))
    found = _first(front, _FM_SUMMARY)
    if found and plain(found[1]):
        meta["summary"] = plain(found[1])
    source: dict[str, object] = {}
    found = _first(front, _FM_SOURCE_NAME)
    if found and plain(found[1]):
        source["name"] = plain(found[1])
    url_found = _first(front, _FM_URL)
    if url_found:
        value = url_found[1]
        if isinstance(value, dict):  # source: {name: ..., url: ...}
            if plain(value.get("name")) and "name" not in source:
                source["name"] = plain(value.get("name"))
            value = value.get("url")
        url = plain(value)
        if url and url_ok(url):
            source["url"] = url
        elif url:
            warnings.append(Notice(1, f"front matter {url_found[0]}: not an http(s) URL, ignored"))
    found = _first(front, _FM_PUBLISHED)
    if found:
        published = parse_date(found[1]) if isinstance(found[1], str) else None
        if published:
            source["published"] = published
        else:
            warnings.append(Notice(1, f"front matter {found[0]}: not a date, ignored"))
    found = _first(front, _FM_NOTE)
    if found and plain(found[1]):
        source["note"] = plain(found[1])
    if source:
        meta["source"] = {
            key: source[key] for key in ("name", "url", "published", "note") if key in source
        }
    found = _first(front, _FM_TAGS)
    if found:
        raw = found[1]
        items = raw if isinstance(raw, list) else str(raw).split(",") if raw else []
        tags = [tag for tag in (plain(item) for item in items) if tag]
        if tags:
            meta["tags"] = list(dict.fromkeys(tags))
    unused = sorted(key for key in front if key not in _FM_KNOWN)
    if unused:
        warnings.append(Notice(1, "front matter keys not used: " + ", ".join(unused)))
    return meta, title
