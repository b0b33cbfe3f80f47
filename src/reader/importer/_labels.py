"""What a speaker label looks like, and how labels become names and keys.

Shared by the plain-text reader (``Name:`` at the start of a paragraph) and
the cue readers (``Name:`` or ``[SPEAKER_00]:`` at the start of a cue).

This module imports neither textual nor rich.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "check_words",
    "display_name",
    "is_caps",
    "label_id",
    "make_key",
]

_WORD_RE = re.compile(r"^[^\W_][\w'’.\-]*$")
_KEY_RE = re.compile(r"[^a-z0-9]+")
_PARTICLES = frozenset(
    {"al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el"}
    | {"la", "le", "van", "von", "y", "ten", "ter", "zu"}
)
# Words that end in a colon at the start of prose and are not speakers.
NOT_SPEAKERS = frozenset(
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
        "kind",
        "language",
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
        "style",
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


def label_id(label: str) -> str:
    """How labels are compared: case-folded, one space between words."""
    return " ".join(label.split()).casefold()


def is_caps(label: str) -> bool:
    """True when every letter of ``label`` is a capital (``PRESIDENT BIDEN``)."""
    letters = [ch for ch in label if ch.isalpha()]
    return bool(letters) and all(not ch.islower() for ch in letters)


def check_words(label: str, *, any_case: bool) -> bool:
    """True when ``label`` looks like a name: a few words, no sentence."""
    words = label.split(" ")
    if not 1 <= len(words) <= 6 or not all(_WORD_RE.match(word) for word in words):
        return False
    if label_id(label) in NOT_SPEAKERS:
        return False
    if any_case or is_caps(label):
        return True
    if len(words) > 4 or not label[0].isupper():
        return False
    return all(word[0].isupper() or word[0].isdigit() or word in _PARTICLES for word in words)


def display_name(label: str) -> str:
    """The person's name for a label: capitals become title case (``López Obrador``)."""
    if re.fullmatch(r"SPEAKER_\d+", label):
        return "Speaker " + label[8:]
    if not is_caps(label) or len(label) == 1:
        return label

    def word_case(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) > 1 and re.fullmatch(r"[IVX]+", word):
            return word  # a regnal number: Henry VIII
        return word[0] + word[1:].lower()

    return re.sub(r"[^\W\d_]+", word_case, label)


def make_key(name: str, taken: set[str], fallback: int) -> str:
    """A speaker key for ``name``, not in ``taken`` (which it joins)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = _KEY_RE.sub("-", ascii_name.lower()).strip("-") or f"speaker-{fallback}"
    key = base
    n = 2
    while key in taken:
        key = f"{base}-{n}"
        n += 1
    taken.add(key)
    return key
