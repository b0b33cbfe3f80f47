"""One question across many interviews: every answer on a topic.

A section may carry ``topics``, slugs such as ``childhood`` or
``first-film``.  :func:`compare` gathers, across interviews, the Q&As that
carry a topic, grouped by interview in the order given; ``reader compare``
and the app's "Compare answers on this topic" screen both use it.  A topic no
Q&A carries is refused with :class:`UnknownTopic`, which names the closest
topics there are.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.model import Interview, Section

__all__ = ["TOPIC_RE", "TopicGroup", "UnknownTopic", "all_topics", "compare"]

TOPIC_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
"""A topic slug, as the format defines it (the whole text must match)."""


@dataclass(frozen=True, slots=True)
class TopicGroup:
    """One interview's Q&As on a topic, in file order."""

    interview: Interview
    sections: tuple[Section, ...]

    @property
    def answer_count(self) -> int:
        """How many answers these Q&As hold."""
        return sum(len(section.answers) for section in self.sections)


class UnknownTopic(ValueError):
    """No Q&A carries the topic asked for (or it is not a topic slug)."""

    def __init__(self, topic: str, known: list[str]) -> None:
        self.topic = topic
        self.known = known
        """Every topic there is, sorted."""
        self.suggestions = difflib.get_close_matches(topic, known, n=3, cutoff=0.6)
        """The closest topics there are, best first."""
        super().__init__(self.describe())

    def describe(self) -> str:
        """What to say: why it is refused, and what to ask instead."""
        if not TOPIC_RE.fullmatch(self.topic):
            head = f"{self.topic!r} is not a topic: topics are slugs such as first-film"
        else:
            head = f"no Q&A has the topic {self.topic!r}"
        if self.suggestions:
            head += ": did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        if not self.known:
            return head + " (no Q&A here has topics)"
        shown = ", ".join(self.known[:20]) + (", ..." if len(self.known) > 20 else "")
        return f"{head} (topics: {shown})"


def all_topics(interviews: Iterable[Interview]) -> list[str]:
    """Every topic of every section, sorted, each once."""
    return sorted({topic for i in interviews for s in i.sections for topic in s.topics})


def compare(interviews: Iterable[Interview], topic: str) -> list[TopicGroup]:
    """The Q&As on ``topic``, grouped by interview (interviews without one left out).

    Raises :class:`UnknownTopic` when no Q&A carries ``topic``.
    """
    listed = list(interviews)
    groups = []
    for interview in listed:
        sections = tuple(s for s in interview.sections if topic in s.topics)
        if sections:
            groups.append(TopicGroup(interview, sections))
    if not groups:
        raise UnknownTopic(topic, all_topics(listed))
    return groups
