"""Reading an interview file's bytes safely and decoding them as UTF-8.

Nothing here parses YAML.  :func:`read_bytes` never blocks on a FIFO, never
reads more than the size limit and turns every OS error into a sentence;
:func:`decode` accepts strict UTF-8 (with or without a BOM) and explains
everything else: UTF-16/32, Latin-1, stray bytes, each at its line and column.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["ReadFailure", "decode", "describe_os_error", "read_bytes"]

UTF8_BOM = b"\xef\xbb\xbf"


class ReadFailure(Exception):
    """The file could not be read; ``str(failure)`` says why, for a person."""


def _size_text(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MiB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.1f} KiB"
    return f"{size} bytes"


def describe_os_error(exc: OSError) -> str:
    """A sentence for an OS error met while opening or reading a file."""
    code = exc.errno
    if code == errno.ENOENT:
        return "no such file"
    if code in (errno.EACCES, errno.EPERM):
        return "cannot read this file: permission denied"
    if code == errno.ELOOP:
        return "cannot read this file: too many levels of symbolic links (a symlink loop?)"
    if code == errno.EISDIR:
        return "this is a folder, not an interview file"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.ENOTDIR:
        return "a part of this path is not a folder"
    reason = exc.strerror or type(exc).__name__
    return f"cannot read this file: {reason[:1].lower()}{reason[1:]}"


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_stat(info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = _kind_of(info.st_mode)
        if kind == "a folder":
            raise ReadFailure("this is a folder, not an interview file")
        raise ReadFailure(f"this is {kind}, not a regular file: reader reads only regular files")
    if info.st_size > limit:
        size, most = _size_text(info.st_size), _size_text(limit)
        if size == most:  # just over: rounding would hide the difference
            size, most = f"{info.st_size:,} bytes", f"{most} ({limit:,} bytes)"
        raise ReadFailure(
            f"the file is {size}, over the {most} limit for interview files: "
            "split it into several files"
        )


def read_bytes(path: os.PathLike[str] | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`ReadFailure` (with a sentence for a person) for anything
    that is not a readable regular file within the limit.  The file is
    checked with ``stat`` before it is opened, opened non-blocking (so a FIFO
    swapped in between cannot block) and checked again on the open descriptor.
    """
    try:
        _check_stat(os.stat(path), limit)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadFailure(describe_os_error(exc)) from None
    try:
        info = os.fstat(fd)
        _check_stat(info, limit)
        chunks: list[bytes] = []
        remaining = limit + 1  # one byte more tells us the file grew past the limit
        # os.read allocates the whole request up front: ask for what stat
        # promised (plus one byte to see growth), not a fixed large block.
        step = max(info.st_size + 1, 1 << 16)
        while remaining > 0:
            chunk = os.read(fd, min(remaining, step))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise ReadFailure(describe_os_error(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise ReadFailure(
            f"the file is over the {_size_text(limit)} limit for interview files: "
            "split it into several files"
        )
    return data


_UTF32_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
)
_UTF16_BOMS = ((b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)"))


def _wide_encoding(data: bytes) -> str | None:
    """Name the UTF-16/32 encoding ``data`` looks like, or None."""
    for bom, name in _UTF32_BOMS:
        if data.startswith(bom):
            return f"{name}, with a byte order mark"
    for bom, name in _UTF16_BOMS:
        if data.startswith(bom):
            return f"{name}, with a byte order mark"
    sample = data[:4096]
    if b"\x00" not in sample or len(sample) < 2:
        return None
    # ASCII text in UTF-32 has three NULs in every four bytes.
    quads = len(sample) // 4
    if quads:
        zeros = [sample[i::4].count(0) for i in range(4)]
        if min(zeros[1:]) > quads * 0.8 and zeros[0] < quads * 0.2:
            return "UTF-32 (little-endian), without a byte order mark"
        if min(zeros[:3]) > quads * 0.8 and zeros[3] < quads * 0.2:
            return "UTF-32 (big-endian), without a byte order mark"
    # ASCII text in UTF-16 has a NUL in every other byte.
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if half and odd > half * 0.3 and even < half * 0.1:
        return "UTF-16 (little-endian), without a byte order mark"
    if half and even > half * 0.3 and odd < half * 0.1:
        return "UTF-16 (big-endian), without a byte order mark"
    return None


class DecodeFailure(Exception):
    """Bytes that are not UTF-8; carries a located sentence for a person."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def decode(data: bytes) -> str:
    """``data`` as text: strict UTF-8, a leading UTF-8 BOM dropped.

    Raises :class:`DecodeFailure` with the line and column (counted in
    characters, lines split at ``\\n`` only) of the first byte that is not
    UTF-8, or at 1:1 when the whole file is in another Unicode encoding.
    """
    wide = _wide_encoding(data)
    if wide is not None:
        family = wide[:6]  # "UTF-16" or "UTF-32"
        raise DecodeFailure(
            1,
            1,
            f"this file looks like {wide}, not UTF-8: convert it to UTF-8 "
            f"(for example: iconv -f {family} -t UTF-8 old.yaml > new.yaml)",
        )
    start = 3 if data.startswith(UTF8_BOM) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = start + exc.start
        line_start = data.rfind(b"\n", 0, bad) + 1
        line = data.count(b"\n", 0, bad) + 1
        # The bytes before the first bad one are valid UTF-8: count their characters.
        column = len(data[max(line_start, start) : bad].decode("utf-8")) + 1
        raise DecodeFailure(
            line,
            column,
            f"this file is not valid UTF-8: byte 0x{data[bad]:02X} cannot appear here "
            "(was it saved as Latin-1 or Windows-1252?): save the file as UTF-8",
        ) from None
