"""The interview screen's ``p`` key: play the recording from the current answer.

The recording is the interview's ``media`` (an http(s) URL, or a file next
to the interview); the player is ``$READER_PLAYER`` or the first of mpv,
ffplay and vlc found (:mod:`reader.media`).  Like the editor (``e``), the
player gets the terminal while it plays (mpv: space pauses, arrows seek, q
quits) and reader comes back when it exits.  Everything
that can go wrong (no ``media``, a link that is not http(s), a missing
file, no player, a player that does not start) is a notification that says
why, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.media import find_player, media_target, player_command, run_player, seconds
from reader.text import visible

if TYPE_CHECKING:
    from reader.ui.screens.interview import InterviewScreen

__all__ = ["play_from_here", "start_time"]


def start_time(screen: InterviewScreen) -> str | None:
    """The time to play from: the current answer's, else its Q&A's, else None."""
    section = screen.section
    if section is None:
        return None
    current = screen.current_answer
    if current is not None and current[0] == "answer" and current[1] is not None:
        answer = section.answers[current[1]]
        if answer.time:
            return answer.time
    if section.time:
        return section.time
    return next((answer.time for answer in section.answers if answer.time), None)


def play_from_here(screen: InterviewScreen) -> None:
    """Start the player at the current answer's time; say what happened."""
    target, why = media_target(screen.interview)
    if target is None:
        screen.notify(visible(f"Nothing to play: {why}."), markup=False, severity="warning")
        return
    player = find_player()
    if player is None:
        screen.notify(
            "No player found: install mpv, ffplay or vlc, or set READER_PLAYER "
            "(for example READER_PLAYER=mpv).",
            severity="warning",
            timeout=6,
        )
        return
    time = start_time(screen)
    command = player_command(player, target, seconds(time) if time else 0)
    name = Path(player[0]).name
    try:
        with screen.app.suspend():
            error = run_player(command)
    except Exception as problem:  # SuspendNotSupported, in a web or test driver
        screen.notify(visible(f"Cannot play here: {problem}"), markup=False, severity="error")
        return
    if error is not None:
        screen.notify(visible(f"Could not play: {error}."), markup=False, severity="error")
        return
    where = f"from {time}" if time else "from the start (no time here)"
    screen.notify(visible(f"Played {where} with {name}"), markup=False, timeout=3)
