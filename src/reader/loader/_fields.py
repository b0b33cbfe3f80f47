"""Reading one field of a node tree: the typed values of reader/1.

:class:`FieldReader` turns the untyped scalars of a parsed file into the
values the format allows (text, booleans, slugs, dates, links, speaker
keys), reporting each problem at its line and column with a message that
says how to fix it.  The walk over the format's objects that calls these
readers is :mod:`reader.loader._validate`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from yaml.events import ScalarEvent

from reader.format import DATE_FORM_RE, SLUG_RE
from reader.links import check_url
from reader.model import Position, Severity
from reader.text import SpecialKind, has_special, shorten, slugify, special_chars, visible

from ._nodes import BadNode, Locator, MapNode, Node, Report, SeqNode, describe_node

__all__ = ["MISPLACED", "FieldReader", "q", "suggest"]

# Keys that belong one level up or down: the hint names where they go.
MISPLACED: dict[str, dict[str, str]] = {
    "the top level": {
        "question": "a section (under 'sections')",
        "answers": "a section (under 'sections')",
        "quote": "an answer (under a section's 'answers')",
        "name": "a person (under 'people')",
        "url": "'source'",
    },
    "a section": {
        "quote": "an answer (under 'answers')",
        "by": "an answer (under 'answers')",
        "time": "an answer (under 'answers')",
        "note": "an annotation (under 'annotations')",
        "on": "an annotation (under 'annotations')",
    },
    "an answer": {
        "question": "the section, above 'answers'",
        "note": "an annotation (under the section's 'annotations')",
        "on": "an annotation (under the section's 'annotations')",
        "annotations": "the section (annotations are per section, not per answer)",
    },
    "an annotation": {"quote": "an answer", "question": "a section"},
    "a person": {"key": "the mapping key itself (people: {rm: {name: RM}})"},
}

_URL_BAD_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_YAML11_BOOLEANS = frozenset(
    {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON"}
    | {"off", "Off", "OFF", "True", "TRUE", "False", "FALSE"}
)
_SPECIAL_WORDS = {
    SpecialKind.CONTROL: "control character",
    SpecialKind.BIDI: "bidirectional control (it can make text read differently from what it says)",
    SpecialKind.INVISIBLE: "zero-width (invisible) character",
}


def q(text: str, width: int = 40) -> str:
    """File text quoted for a message: one line, shortened, terminal-safe."""
    return "'" + visible(shorten(text, width)) + "'"


def _char_label(ch: str) -> str:
    code = ord(ch)
    name = unicodedata.name(ch, "")
    if not name:
        name = {0x1B: "ESC", 0x00: "NUL", 0x7F: "DEL"}.get(code, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def suggest(name: str, valid: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The valid name closest to ``name`` (ignoring case, '_' for '-'), if any is close."""
    if len(name) > 100:
        return None  # no valid name is that long, and difflib would take its time
    by_lower: dict[str, str] = {}
    for option in valid:
        by_lower.setdefault(option.lower(), option)
    lowered = name.lower()
    for candidate in (lowered, lowered.replace("_", "-"), lowered.replace("-", "_")):
        if candidate in by_lower:
            return by_lower[candidate]
    close = difflib.get_close_matches(lowered, list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None


class FieldReader:
    """Reads typed fields of one file's tree, reporting problems to ``report``.

    :class:`reader.loader._validate.Validator` walks the format with it.
    """

    def __init__(self, path: Path, text: str, locator: Locator, report: Report) -> None:
        self.path = path
        self.locator = locator
        self.report = report
        # Checking every value for control, bidi and zero-width characters is
        # only needed when the file has one raw or could make one by an escape.
        self.scan_specials = "\\" in text or has_special(text)
        # Keys reported as unknown, by mapping: a missing required key may be one of them.
        self.unknown_keys: dict[int, list[str]] = {}
        self.speakers: frozenset[str] | None = None

    # -- positions and reporting ------------------------------------------

    def pos(self, node: Node) -> Position:
        """Where ``node`` starts."""
        if isinstance(node, ScalarEvent):
            return self.locator.mark(node.start_mark)
        return self.locator.mark(node.mark)

    def key_pos(self, mapping: MapNode, key: str) -> Position:
        """Where ``key`` is written in ``mapping``."""
        return self.locator.mark(mapping.keys[key].start_mark)

    def error(self, where: Node | Position, message: str) -> None:
        """Report an error at a node or a position."""
        position = where if isinstance(where, Position) else self.pos(where)
        self.report.add(position, message)

    def warn(self, where: Node, message: str) -> None:
        """Report a warning (it does not reject the file)."""
        self.report.add(self.pos(where), message, Severity.WARNING)

    # -- generic field readers -------------------------------------------

    def check_keys(
        self, mapping: MapNode, allowed: frozenset[str], order: tuple[str, ...], what: str
    ) -> None:
        """Report every key of ``mapping`` that is not allowed (``x-`` keys are)."""
        for name in mapping.values:
            if name in allowed or name.startswith("x-"):
                continue
            self.unknown_keys.setdefault(id(mapping), []).append(name)
            shown = q(name, 30) if name else "''"
            home = MISPLACED.get(what, {}).get(name)
            if home:
                hint = f"'{name}' belongs in {home}"
            else:
                guess = suggest(name, order)
                if guess:
                    hint = f"did you mean '{guess}'?"
                else:
                    hint = f"valid keys are {', '.join(order)} (or your own, starting with 'x-')"
            self.error(self.key_pos(mapping, name), f"unknown key {shown} in {what}: {hint}")

    def mapping(self, node: Node | None, what: str, hint: str = "") -> MapNode | None:
        """``node`` if it is a mapping, else report it (``what`` names it)."""
        if type(node) is MapNode:
            return node
        if node is None or type(node) is BadNode:
            return None
        extra = f": {hint}" if hint else ""
        self.error(
            node, f"{what} must be a mapping ('key: value' lines), not {describe_node(node)}{extra}"
        )
        return None

    def sequence(self, mapping: MapNode, key: str, hint: str) -> SeqNode | None:
        """The list under ``key``, or None (reported when it is not a list)."""
        node = mapping.values.get(key)
        if node is None or type(node) is BadNode:
            return None
        if type(node) is SeqNode:
            return node
        self.error(node, f"'{key}' must be a list, not {describe_node(node)}: {hint}")
        return None

    def missing(self, mapping: MapNode, key: str, what: str, hint: str = "") -> None:
        """Report a required key missing from ``mapping``.

        When an unknown key of the same mapping looks like a typo of it, the
        error is reported there, after the "did you mean" one, which says
        what to do: a typo's two errors then read in the helpful order.
        """
        extra = f" ({hint})" if hint else ""
        for name in self.unknown_keys.get(id(mapping), ()):
            if suggest(name, (key,)) == key:
                shown = visible(shorten(name, 30))
                self.error(
                    self.key_pos(mapping, name),
                    f"{what} needs '{key}'{extra}: is '{shown}' meant to be it?",
                )
                return
        self.error(mapping, f"{what} needs '{key}'{extra}")

    def text(self, mapping: MapNode, key: str, what: str, required: bool = False) -> str | None:
        """The text under ``key``: exactly the characters written."""
        node = mapping.values.get(key)
        if node is None:
            if required:
                self.missing(mapping, key, what)
            return None
        return self.text_value(node, key, required)

    def text_value(self, node: Node, label: str, required: bool = True) -> str | None:
        """The text of a scalar node, or None (reported) for anything else."""
        if type(node) is ScalarEvent:
            value: str = node.value
            if value == "" and not node.style:
                what = "item" if label.endswith(" item") else "key"
                self.error(node, f"'{label}' has no value: write the text, or remove the {what}")
                return None
            if required and not value.strip():
                self.error(node, f"'{label}' is blank: write the text")
                return None
            if self.scan_specials and has_special(value):
                self.special_warning(node, label, value)
            return value
        if type(node) is BadNode:
            return None
        self.error(
            node,
            f"'{label}' must be text, not {describe_node(node)}: "
            "put text that starts with '[', '{', '-' or contains ': ' in quotes",
        )
        return None

    def special_warning(self, node: Node, label: str, value: str) -> None:
        """Warn that a text holds characters shown as placeholders."""
        found = list(special_chars(value))
        # Line separators (U+2028/9, NEL) are shown as line breaks: not worth a warning.
        found = [item for item in found if item[1] not in "\u2028\u2029\x85"]
        if not found:
            return
        offset, ch, kind = found[0]
        more = f" and {len(found) - 1} more such characters" if len(found) > 1 else ""
        self.warn(
            node,
            f"'{label}' contains a {_SPECIAL_WORDS[kind]} {_char_label(ch)} at character "
            f"{offset + 1}{more}: reader shows it as a visible mark",
        )

    def scalar(self, mapping: MapNode, key: str) -> ScalarEvent | None:
        """The non-empty scalar under ``key`` (for typed fields), else None."""
        node = mapping.values.get(key)
        if node is None or type(node) is BadNode:
            return None
        if type(node) is not ScalarEvent:
            self.error(node, f"'{key}' must be a single value, not {describe_node(node)}")
            return None
        if node.value == "" and not node.style:
            self.error(node, f"'{key}' has no value: write one, or remove the key")
            return None
        return node

    def boolean(self, mapping: MapNode, key: str) -> bool:
        """``true``/``false`` under ``key`` (absent: False)."""
        node = self.scalar(mapping, key)
        if node is None:
            return False
        value = node.value
        if not node.style:
            if value == "true":
                return True
            if value == "false":
                return False
            if value in _YAML11_BOOLEANS:
                word = "true" if value.lower() in ("y", "yes", "on", "true") else "false"
                self.error(
                    node,
                    f"'{key}' must be true or false: {q(value)} is a YAML 1.1 spelling "
                    f"that reader does not accept; write {word}",
                )
                return False
        elif value in ("true", "false"):
            self.error(node, f"'{key}' must be true or false without quotes: write {value}")
            return False
        self.error(node, f"'{key}' must be true or false, not {q(value)}")
        return False

    def slug(self, mapping: MapNode, key: str, what: str) -> str | None:
        """A slug id under ``key``."""
        node = self.scalar(mapping, key)
        if node is None:
            return None
        value = node.value
        if SLUG_RE.fullmatch(value):
            return value
        self.error(
            node,
            f"{what} {q(value)} must be lower-case letters, digits and '-', starting with "
            f"a letter or digit: write '{slugify(value)}'",
        )
        return None

    def date(self, mapping: MapNode, key: str) -> str | None:
        """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date under ``key``."""
        node = self.scalar(mapping, key)
        if node is None:
            return None
        value = node.value
        match = DATE_FORM_RE.fullmatch(value)
        if match is None:
            self.error(
                node,
                f"'{key}' {q(value)} must be a date written YYYY, YYYY-MM or YYYY-MM-DD "
                "(for example 2024-05-10)",
            )
            return None
        year, month, day = match.groups()
        try:
            if month is not None:
                dt.date(int(year), int(month), int(day or 1))
        except ValueError:
            self.error(node, f"'{key}' {q(value)} is not a real date: check the month and day")
            return None
        return value

    def url(self, node: Node, label: str) -> str | None:
        """A link that :func:`reader.links.check_url` accepts (http(s), a host, ...)."""
        if type(node) is not ScalarEvent:
            self.text_value(node, label)
            return None
        value = node.value
        if value == "" and not node.style:
            self.error(node, f"'{label}' has no value: write an http:// or https:// address")
            return None
        reason = check_url(value)
        if reason is None:
            return value
        # check_url decides; the common refusals get words that say how to fix them.
        shown = q(value, 60)
        if _URL_BAD_RE.search(value) or has_special(value):
            self.error(
                node,
                f"'{label}' {shown} contains spaces or control characters: "
                "write spaces as %20 and remove the others",
            )
            return None
        try:
            parts = urlsplit(value)
            scheme, host = parts.scheme, parts.hostname
        except ValueError:
            scheme, host = "", None
        if scheme.lower() not in ("http", "https"):
            named = f", not '{visible(scheme)}:'" if scheme else ""
            self.error(
                node,
                f"'{label}' {shown} is not a web address: only http:// and https:// "
                f"links are allowed{named}",
            )
        elif not host:
            self.error(node, f"'{label}' {shown} has no host: write it as https://host/path")
        else:
            self.error(node, f"'{label}' {shown} is refused: {reason}")
        return None

    def text_list(self, mapping: MapNode, key: str, hint: str) -> tuple[str, ...]:
        """A list of texts under ``key``."""
        seq = self.sequence(mapping, key, hint)
        if seq is None:
            return ()
        out: list[str] = []
        for item in seq.items:
            value = self.text_value(item, f"{key} item")
            if value is not None:
                out.append(value)
        return tuple(out)

    def speaker(self, mapping: MapNode, key: str, required: bool, what: str) -> str | None:
        """A key of ``people`` under ``key``."""
        node = mapping.values.get(key)
        if node is None:
            if required:
                self.missing(mapping, key, what, "the speaker's key in 'people'")
            return None
        if type(node) is not ScalarEvent:
            self.text_value(node, key)
            return None
        value = node.value
        if value == "" and not node.style:
            self.error(node, f"'{key}' has no value: write a speaker key from 'people'")
            return None
        if self.speakers is not None and value not in self.speakers:
            known = sorted(self.speakers)
            # Speaker keys are short: one wrong letter in two is still a likely typo.
            guess = suggest(value, known, cutoff=0.5)
            # The keys are file text too (an invalid one is reported, and still listed).
            listed = ", ".join(visible(shorten(k, 20)) for k in known[:12])
            listed += ", ..." if len(known) > 12 else ""
            hint = (
                f"did you mean {q(guess, 20)}? (people: {listed})"
                if guess
                else (f"use one of the keys of 'people': {listed}")
            )
            self.error(node, f"unknown speaker {q(value, 30)} in '{key}': {hint}")
        return value
