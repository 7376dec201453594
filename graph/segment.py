"""jieba, warmed once per process, used only on short windows around name suffixes.

Full-text segmentation is never needed: names are found by their suffixes and roles, and
jieba only decides where a name begins. Its dictionary's part-of-speech table tells verbs
and particles (which end a name) from nouns and places (which may be part of one).
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

__all__ = ["tokens", "tag", "is_proper", "person_name_at"]

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _tagger():
    jieba.initialize()
    return jieba.posseg.dt


@lru_cache(maxsize=1)
def _tags() -> dict:
    return _tagger().word_tag_tab


def tokens(text: str) -> list[str]:
    """Segment a short window (HMM on, so unknown trade names stay whole)."""
    if len(text) > 64:
        _tags()
        return jieba.lcut(text, HMM=True)
    return list(_cut(text))


# the same windows come back many times in a story (each name is looked at by several
# passes), and segmentation is a pure function of the window: remember the recent ones
@lru_cache(maxsize=1 << 16)
def _cut(text: str) -> tuple[str, ...]:
    _tags()
    return tuple(jieba.lcut(text, HMM=True))


def tag(word: str) -> str | None:
    """The dictionary part of speech of ``word``, or None for words jieba does not know."""
    return _tags().get(word)


_PROPER_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
_GENERIC_OK = {"n", "vn", "an", "b", "nr", "ns", "nt", "nz", "j", "eng", "l", "i", "f", "s"}


def is_proper(word: str) -> bool:
    """True for words that look like part of a proper name (unknown or tagged as a name)."""
    if any("a" <= c.lower() <= "z" for c in word):
        return True
    t = tag(word)
    return t is None or t in _PROPER_TAGS


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
