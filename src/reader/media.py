"""The recording of an interview: time links, and the player that plays it.

An interview's ``media`` is an ``http(s)`` URL or a path relative to the
interview file.  :func:`time_link` makes a Media Fragments link
(``URL#t=724``) for a quote's citation; :func:`media_target` says what to
play, or why nothing can be; :func:`find_player` and :func:`player_command`
build the command that plays it from a time (mpv, then ffplay, then vlc, or
``$READER_PLAYER``), and :func:`run_player` runs it, only when the user asks.

This module imports neither textual nor rich.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reader.links import check_url
from reader.model import Interview

__all__ = [
    "PLAYERS",
    "find_player",
    "media_target",
    "player_command",
    "run_player",
    "seconds",
    "time_link",
]

PLAYERS: tuple[str, ...] = ("mpv", "ffplay", "vlc")
"""The players tried, in order, when ``$READER_PLAYER`` is not set."""


def seconds(time: str) -> int:
    """``MM:SS`` or ``HH:MM:SS`` (as the loader accepts them) as whole seconds."""
    total = 0
    for part in time.split(":"):
        total = total * 60 + int(part)
    return total


def _is_url(media: str) -> bool:
    return "://" in media or media.lower().startswith(("http:", "https:"))


def time_link(media: str | None, time: str | None) -> str | None:
    """``media#t=SECONDS`` for an http(s) recording and a time, else None."""
    if not media or not time or not _is_url(media) or check_url(media) is not None:
        return None
    parts = urlsplit(media)
    return urlunsplit(parts._replace(fragment=f"t={seconds(time)}"))


def media_target(interview: Interview) -> tuple[str | None, str | None]:
    """``(what to play, None)`` or ``(None, why not)`` for the interview's recording.

    A URL must pass :func:`reader.links.check_url` (http and https only); a
    path is taken relative to the interview file and must be a file.
    """
    media = interview.media
    if not media:
        return None, "this interview names no recording (add 'media' to the file)"
    if _is_url(media) or ":" in media.split("/", 1)[0]:
        reason = check_url(media)
        if reason is not None:
            return None, f"not playing the recording: {reason}"
        return media, None
    path = (interview.path.parent / media).resolve()
    if not path.is_file():
        return None, f"the recording {media} is not there ({path})"
    return str(path), None


def find_player(
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str] | None:
    """The player's command words: ``$READER_PLAYER`` if set, else mpv, ffplay, vlc."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("READER_PLAYER", "").strip()
    if chosen:
        words = shlex.split(chosen)
        return words if words and which(words[0]) else None
    for name in PLAYERS:
        found = which(name)
        if found:
            return [found]
    return None


def player_command(player: list[str], target: str, start: int) -> list[str]:
    """The command that plays ``target`` from ``start`` seconds with ``player``.

    mpv, ffplay and vlc each get their own start option; any other player
    (``$READER_PLAYER``) gets ``--start=SECONDS`` as mpv does, unless its
    command contains ``{start}`` or ``{target}``, which are filled in.
    """
    name = Path(player[0]).name.lower()
    if any("{start}" in word or "{target}" in word for word in player):
        return [word.replace("{start}", str(start)).replace("{target}", target) for word in player]
    # The target is an absolute path or an http(s) URL: it never starts
    # with "-", so no player can take it for an option.
    if name.startswith("ffplay"):
        return [*player, "-hide_banner", "-ss", str(start), target]
    if name.startswith(("vlc", "cvlc")):
        return [*player, f"--start-time={start}", target]
    return [*player, f"--start={start}", target]


def run_player(command: list[str]) -> str | None:
    """Run the player and wait for it; None on success, else what went wrong.

    Call it while the UI is suspended (``App.suspend()``): the player owns the
    terminal (mpv's and vlc's keys: space pauses, q quits) until it exits.
    """
    name = Path(command[0]).name
    try:
        completed = subprocess.run(command, check=False)
    except FileNotFoundError:
        return f"the player {name!r} was not found"
    except OSError as error:
        return f"the player {name!r} could not be started ({error.strerror or error})"
    if completed.returncode != 0:
        return f"{name} exited with status {completed.returncode}"
    return None
