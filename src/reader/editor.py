"""The command that opens an interview file in the user's text editor at a line.

The ``e`` key suspends the UI and runs :func:`editor_command`'s result.  The
editor is ``$VISUAL``, else ``$EDITOR``, else the first of
``sensible-editor``, ``editor``, ``nano`` and ``vi`` found on ``PATH``.  The
variable is split like a shell would (``shlex``), so ``code --wait`` or
``emacs -nw`` keep their arguments.

How the line is passed depends on the editor (recognised by the program's
name, after following symlinks such as Debian's ``/usr/bin/editor``):

* ``+LINE FILE``: vi, vim, nvim, gvim, nano, emacs, emacsclient, micro,
  helix (``hx``), kak, and Debian's ``sensible-editor`` (which runs one of
  these);
* ``--goto FILE:LINE``: VS Code (``code``, ``code-insiders``, ``codium``,
  ``code-oss``, ``vscodium``), with its other arguments such as ``--wait``
  kept;
* ``FILE:LINE``: Sublime Text (``subl``) and Zed (``zed``);
* any other editor: just ``FILE`` (a wrong guess could make it open a file
  called ``+12``).

This module imports neither textual nor rich.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["DEFAULT_EDITORS", "EditorError", "editor_command", "run_editor"]

DEFAULT_EDITORS: tuple[str, ...] = ("sensible-editor", "editor", "nano", "vi")
"""Tried in order on ``PATH`` when neither ``$VISUAL`` nor ``$EDITOR`` is set."""

_PLUS_LINE = frozenset(
    {
        "vi",
        "vim",
        "nvim",
        "vim.basic",
        "vim.tiny",
        "vim.nox",
        "gvim",
        "nano",
        "rnano",
        "emacs",
        "emacsclient",
        "micro",
        "helix",
        "hx",
        "kak",
        "sensible-editor",
    }
)
_GOTO = frozenset({"code", "code-insiders", "codium", "code-oss", "vscodium"})
_FILE_COLON_LINE = frozenset({"subl", "sublime_text", "zed"})
_KNOWN = _PLUS_LINE | _GOTO | _FILE_COLON_LINE


class EditorError(Exception):
    """No editor can be run: none configured or found, or the variable is unparsable."""


def _program_name(program: str) -> str:
    name = os.path.basename(program).lower()
    for suffix in (".exe", ".cmd", ".bat"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _kind(program: str, search_path: str | None) -> str:
    """The editor's name as far as line syntax goes, following symlinks."""
    name = _program_name(program)
    if name in _KNOWN:
        return name
    # /usr/bin/editor -> /etc/alternatives/editor -> /bin/nano
    found = shutil.which(program, path=search_path)
    if found is not None:
        real = _program_name(os.path.realpath(found))
        if real in _KNOWN:
            return real
    return name


def _configured(env: Mapping[str, str]) -> list[str] | None:
    for variable in ("VISUAL", "EDITOR"):
        value = env.get(variable, "").strip()
        if not value:
            continue
        if os.sep in value and os.path.isfile(value):
            # An unquoted program path with spaces ("/Applications/Sublime Text/subl").
            return [value]
        try:
            argv = shlex.split(value)
        except ValueError as error:
            raise EditorError(f"cannot read ${variable} ({value!r}): {error}") from None
        if argv:
            return argv
    return None


def editor_command(path: Path, line: int = 1, env: Mapping[str, str] | None = None) -> list[str]:
    """The argv that opens ``path`` at 1-based ``line`` in the user's editor.

    ``env`` defaults to ``os.environ`` (its ``VISUAL``, ``EDITOR`` and
    ``PATH`` are used).  Raises :class:`EditorError` when no editor is
    configured and none of :data:`DEFAULT_EDITORS` is on ``PATH``, or when
    the variable cannot be split.
    """
    env = os.environ if env is None else env
    search_path = env.get("PATH")
    argv = _configured(env)
    if argv is None:
        for name in DEFAULT_EDITORS:
            found = shutil.which(name, path=search_path)
            if found is not None:
                argv = [found]
                break
        else:
            raise EditorError(
                "no text editor found: set $VISUAL or $EDITOR "
                f"(none of {', '.join(DEFAULT_EDITORS)} is on PATH)"
            )
    file = os.fspath(path)
    if file.startswith("-"):
        # Otherwise the editor would take the file name for an option.
        file = os.path.join(os.curdir, file)
    line = max(1, int(line))
    kind = _kind(argv[0], search_path)
    if kind in _PLUS_LINE:
        return [*argv, f"+{line}", file]
    if kind in _GOTO:
        return [*argv, "--goto", f"{file}:{line}"]
    if kind in _FILE_COLON_LINE:
        return [*argv, f"{file}:{line}"]
    return [*argv, file]


def run_editor(argv: Sequence[str]) -> str | None:
    """Run the editor and wait for it; None on success, else what went wrong.

    Call it while the UI is suspended (``App.suspend()``): the editor owns the
    terminal until it exits.
    """
    try:
        completed = subprocess.run(list(argv), check=False)
    except FileNotFoundError:
        return f"the editor {argv[0]!r} was not found"
    except OSError as error:
        return f"the editor {argv[0]!r} could not be started ({error.strerror or error})"
    if completed.returncode != 0:
        return f"the editor exited with status {completed.returncode}"
    return None
