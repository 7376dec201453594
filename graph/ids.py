"""Deterministic ASCII IRIs: type + normalised canonical name, same on any machine.

>>> str(entity_iri("Firm", "金石机器人常州股份有限公司"))[:52]
'https://w3id.org/chainkg/id/firm/jin-shi-ji-qi-ren-c'
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from pypinyin import lazy_pinyin
from rdflib import URIRef

from .normalize import name_key
from .vocab import ID

__all__ = ["entity_iri", "node_iri", "slug"]

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@lru_cache(maxsize=65536)
def slug(text: str, limit: int = 40) -> str:
    """An ASCII slug of Chinese text (pinyin) with a short hash against collisions."""
    words = lazy_pinyin(text, errors=lambda s: list(s))
    ascii_ = "-".join(w for w in ("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in w).strip() for w in words) if w)
    ascii_ = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()[:limit].strip("-")
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{ascii_}-{digest}" if ascii_ else digest


def _type_path(type_: str) -> str:
    return _CAMEL.sub("-", type_).lower()


def entity_iri(type_: str, name: str) -> URIRef:
    return ID[f"{_type_path(type_)}/{slug(name_key(name))}"]


def node_iri(kind: str, *parts: object) -> URIRef:
    """IRI of a structural node (article, evidence, observation, post) from its parts."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return ID[f"{kind}/{digest}"]
