"""Deterministic ASCII IRIs: type + normalised canonical name, same on any machine.

>>> str(entity_iri("Firm", "金石机器人常州股份有限公司"))[:52]
'https://w3id.org/chainkg/id/firm/jin-shi-ji-qi-ren-c'
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from rdflib import URIRef

from .normalize import name_key
from .vocab import ID

__all__ = ["entity_iri", "entity_path", "node_iri", "node_path", "slug"]

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9]+")


@lru_cache(maxsize=1)
def _pinyin():
    """pypinyin, loaded on the first slug (0.2 s that a build finding every slug in its
    cache never pays)."""
    from pypinyin.converter import UltimateConverter
    from pypinyin.core import Pinyin

    class _WordMemo(UltimateConverter):
        """pypinyin's converter as ``lazy_pinyin`` sets it up, remembering each word it converts:
        names are made of the same few hundred words (有限公司, 科技, 产业链 …), and converting a
        word is most of the cost of a slug. Words are converted independently (no tone sandhi),
        so the result is exactly ``lazy_pinyin``'s."""

        def __init__(self):
            super().__init__(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False)
            self._memo: dict = {}

        def convert(self, words, style, heteronym, errors, strict, **kwargs):
            key = (words, style, heteronym, errors, strict)
            hit = self._memo.get(key)
            if hit is None:
                if len(self._memo) > 200_000:
                    self._memo.clear()
                hit = self._memo[key] = tuple(map(tuple, super().convert(words, style, heteronym, errors, strict, **kwargs)))
            return [list(p) for p in hit]

    return Pinyin(_WordMemo())


def _keep(chars: str) -> list[str]:
    return list(chars)


@lru_cache(maxsize=65536)
def slug(text: str, limit: int = 40) -> str:
    """An ASCII slug of Chinese text (pinyin) with a short hash against collisions."""
    from pypinyin import Style

    words = _pinyin().lazy_pinyin(text, style=Style.NORMAL, errors=_keep, strict=True)
    ascii_ = _NOT_ASCII_WORD.sub("-", "-".join(words)).strip("-").lower()[:limit].strip("-")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{ascii_}-{digest}" if ascii_ else digest


@lru_cache(maxsize=None)
def _type_path(type_: str) -> str:
    return _CAMEL.sub("-", type_).lower()


def entity_path(type_: str, name: str, slugs=slug) -> str:
    """The part of :func:`entity_iri` after the ``id/`` namespace, as a plain string
    (``slugs``: :func:`slug` or a memo of it)."""
    return f"{_type_path(type_)}/{slugs(name_key(name))}"


def entity_iri(type_: str, name: str) -> URIRef:
    return ID[entity_path(type_, name)]


def node_path(kind: str, *parts: object) -> str:
    """The part of :func:`node_iri` after the ``id/`` namespace, as a plain string (fast)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return f"{kind}/{digest}"


def node_iri(kind: str, *parts: object) -> URIRef:
    """IRI of a structural node (article, evidence, observation, post) from its parts."""
    return ID[node_path(kind, *parts)]
