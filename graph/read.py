"""Stage 1: turn a file on disk into text, with its encoding detected by a library.

Bad input never raises out of :func:`read_text`: it raises :class:`InputError` whose
message names the problem, and the caller reports it with the file name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from charset_normalizer import from_bytes

__all__ = ["InputError", "read_text", "iter_input_files", "DEFAULT_MAX_BYTES", "SUFFIXES"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = {".txt", ".md", ".html", ".htm", ".xhtml", ".text"}
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|body|head|div|p)[\s>]", re.I)


class InputError(Exception):
    """A file that cannot be read as an article; the message says why."""


def iter_input_files(paths) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into a sorted list of article files.

    Returns the files and a list of ``(path, problem)`` for paths that cannot be used.
    """
    found: list[tuple[Path, str]] = []  # (file, its real path)
    problems: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                real_root = os.path.realpath(root)  # once per folder, not once per file
                for name in sorted(names):
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUFFIXES:
                        continue
                    child = os.path.join(root, name)
                    real = os.path.realpath(child) if os.path.islink(child) else os.path.join(real_root, name)
                    found.append((Path(child), real))
        elif path.is_symlink() and not path.exists():
            problems.append((str(path), "dangling symbolic link"))
        elif not path.exists():
            problems.append((str(path), "no such file or folder"))
        else:
            found.append((path, os.path.realpath(path)))
    # a file named twice (folder and file) is read once
    seen, unique = set(), []
    for f, real in found:
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, problems


_CONTROL = bytes([*range(9), *range(14, 32)])


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, returning ``(text, encoding)``.

    >>> decode("沣川国家高新区打造新能源汽车产业链党建联盟。".encode("gb18030"))
    ('沣川国家高新区打造新能源汽车产业链党建联盟。', 'gb18030')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot detect the text encoding (binary file?)")
    encoding = best.encoding
    # GBK is a subset of GB18030: decode with the superset so rare characters survive
    if encoding in ("gbk", "gb2312", "hz"):
        encoding = "gb18030"
    return data.decode(encoding, errors="replace"), encoding


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str, bool]:
    """Read ``path`` and return ``(text, encoding, is_html)``; raises :class:`InputError`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise InputError(f"file is {size:,} bytes, over the limit of {max_bytes:,} (see --max-bytes)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError("file is empty")
    if _looks_binary(data):
        raise InputError("file is binary, not text")
    text, encoding = decode(data)
    is_html = path.suffix.lower() in {".html", ".htm", ".xhtml"} or bool(_HTML_SNIFF.search(data[:2048]))
    return text, encoding, is_html
