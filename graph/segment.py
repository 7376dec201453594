"""jieba, warmed once per process, used only on short windows around name suffixes.

Full-text segmentation is never needed: names are found by their suffixes and roles, and
jieba only decides where a name begins. Its dictionary's part-of-speech table tells verbs
and particles (which end a name) from nouns and places (which may be part of one).

Once a process has cut a thousand windows, it cuts them with jieba-rs (``rjieba``),
which gives jieba's words with the same dictionary and HMM a dozen times faster, except
around ASCII joiners (see :func:`_lcut`).
"""

from __future__ import annotations

import logging
import os
import re
import struct
import sys
import tempfile
from array import array
from functools import lru_cache
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .lexicon import CITIES

__all__ = ["tokens", "tag", "is_proper", "is_common_noun", "person_name_at"]


def _import_jieba():
    """jieba, without importing pkg_resources (70 ms of every build worker's start): jieba
    uses it only to open its data files, and opens them beside its module without it."""
    if "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # so that importing it raises ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
jieba.setLogLevel(logging.WARNING)


_UID = os.getuid() if hasattr(os, "getuid") else None  # None where files have no owner to check


def _cache_path() -> Path:
    dict_txt = Path(jieba.__file__).with_name("dict.txt")
    try:
        stamp = f"{version('jieba')}-{dict_txt.stat().st_size}"
    except (PackageNotFoundError, OSError):
        stamp = "unknown"
    return Path(tempfile.gettempdir()) / f"chainkg-jieba-{stamp}-{_UID or 0}.bin"


def _pack(freq: dict, total: int, tags: dict) -> bytes:
    parts = ["\n".join(freq).encode("utf-8"), array("q", freq.values()).tobytes(),
             "\n".join(tags).encode("utf-8"), "\n".join(tags.values()).encode("utf-8")]
    return struct.pack("<5q", total, *map(len, parts)) + b"".join(parts)


def _unpack(data: bytes) -> tuple[dict, int, dict]:
    total, *sizes = struct.unpack_from("<5q", data)
    parts, at = [], 40
    for n in sizes:
        parts.append(data[at:at + n])
        at += n
    values = array("q")
    values.frombytes(parts[1])
    freq = dict(zip(parts[0].decode("utf-8").split("\n"), values, strict=True))
    tags = dict(zip(parts[2].decode("utf-8").split("\n"), parts[3].decode("utf-8").split("\n"), strict=True))
    return freq, total, tags


def _load_dictionaries() -> dict:
    """jieba's prefix dictionary and word → part-of-speech table, loaded once per process.

    jieba reads its prefix dictionary from a marshal cache (0.7 s) and the part-of-speech
    table from dict.txt line by line (0.3 s). Both together, as plain strings and numbers
    in one file in the temporary folder (made from jieba's own loading the first time, so
    the tables are the same), load in 0.3 s, which every build worker and every small
    build pays. The file holds data only, so a file planted there could not run code.
    """
    path = _cache_path()
    try:
        with open(path, "rb") as fh:
            if _UID is not None and os.fstat(fh.fileno()).st_uid != _UID:
                raise OSError("not ours")
            freq, total, tags = _unpack(fh.read())
    except (OSError, ValueError, UnicodeDecodeError, struct.error):
        freq = None
    dt = jieba.dt
    if freq is not None:
        dt.FREQ, dt.total, dt.initialized = freq, total, True
        # importing jieba.posseg reads the tags of dt.dictionary line by line: give it an
        # empty file instead, then hand it the table read above
        dt.dictionary, default = os.devnull, dt.dictionary
        try:
            posseg = import_module("jieba.posseg")
        finally:
            dt.dictionary = default
        posseg.dt.word_tag_tab = tags
        return tags
    jieba.initialize()
    tags = import_module("jieba.posseg").dt.word_tag_tab
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".chainkg-jieba-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_pack(dt.FREQ, dt.total, tags))
        os.replace(tmp, path)
    except OSError:  # a read-only temporary folder: jieba's own loading every time
        pass
    return tags


@lru_cache(maxsize=1)
def _tagger():
    _tags()
    return import_module("jieba.posseg").dt


@lru_cache(maxsize=1)
def _tags() -> dict:
    return _load_dictionaries()


def tokens(text: str) -> list[str]:
    """Segment a short window (HMM on, so unknown trade names stay whole)."""
    if len(text) > 64:
        return _lcut(text)
    return list(_cut(text))


# the same windows come back many times in a story (each name is looked at by several
# passes), and segmentation is a pure function of the window: remember the recent ones
@lru_cache(maxsize=1 << 16)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(_lcut(text))


# ASCII characters jieba keeps in a run with letters and digits but then splits off
# (2024-03-28 → 2024|-|03|-|28), where jieba-rs keeps the run whole
_JOINERS = re.compile(r"[+#&._%-]")
# jieba-rs takes 50 ms and 30 MB to load, and saves about 17 µs a window: a process that
# cuts only a few articles (the worker of an incremental build) is faster without it
_RS_AFTER = 1000  # about 40 articles
_rs_cut = None
_jieba_cuts = 0


def _lcut(text: str) -> list[str]:
    """``jieba.lcut(text, HMM=True)``: by jieba-rs once loaded, or by jieba, which cuts
    the first :data:`_RS_AFTER` windows and those with ASCII joiners, where the two differ.

    They give the same words on text without ASCII joiners (checked on the windows of
    every test article and on random text, and by a test)."""
    global _rs_cut, _jieba_cuts
    if _rs_cut is not None and not _JOINERS.search(text):
        return _rs_cut(text, hmm=True)
    _jieba_cuts += 1
    if _jieba_cuts == _RS_AFTER:
        _rs_cut = import_module("rjieba").cut
    _tags()  # jieba's dictionary from our file, not its own slower loading
    return jieba.lcut(text, HMM=True)


_RARE = 1600  # jieba counts: 璧 1537, 浐 239, 漷 6; 很 69103, 县 25322, 委 1495


@lru_cache(maxsize=1 << 16)  # asked about the same words all the time
def tag(word: str) -> str | None:
    """The dictionary part of speech of ``word``, or None for words jieba does not know.

    A rare character that jieba keeps only as a morpheme (漷, 浐, 璧: zg or g, seldom
    seen) is as good as unknown: it is a character of a place or trade name far more often
    than a word of its own. A prefecture-level city is a place (ns), whatever jieba says."""
    if word in CITIES:
        return "ns"
    t = _tags().get(word)
    if t in ("zg", "g") and len(word) == 1 and jieba.dt.FREQ.get(word, 0) < _RARE:
        return None
    return t


_PROPER_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
_GENERIC_OK = {"n", "vn", "an", "b", "nr", "ns", "nt", "nz", "j", "eng", "l", "i", "f", "s"}


def is_proper(word: str) -> bool:
    """True for words that look like part of a proper name (unknown or tagged as a name)."""
    if any("a" <= c.lower() <= "z" for c in word):
        return True
    t = tag(word)
    return t is None or t in _PROPER_TAGS


def is_common_noun(word: str) -> bool:
    """A noun in everyday use (鲜花, 光明): alone, it is seldom a firm's trade name."""
    return tag(word) == "n" and jieba.dt.FREQ.get(word, 0) >= 500


def person_name_at(text: str) -> str | None:
    """Read a Chinese person's name at the start of ``text`` with jieba's tagger."""
    return _person_name(text[:8])


@lru_cache(maxsize=1 << 14)
def _person_name(text: str) -> str | None:
    for word, flag in _tagger().cut(text, HMM=True):
        if flag in ("nr", "nrfg", "nrt") and 2 <= len(word) <= 4:
            return word
        return None
    return None
