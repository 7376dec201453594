"""The main text and title of a saved web page (trafilatura, with a plain-text fallback)."""

from __future__ import annotations

import re

__all__ = ["html_to_text"]


def html_to_text(html: str) -> tuple[str, str]:
    """Return ``(main text, page title)`` of an HTML page."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or ""
    if not text.strip():
        from lxml import html as lh

        try:
            doc = lh.fromstring(html)
            for bad in doc.xpath("//script|//style|//nav|//footer|//header"):
                bad.drop_tree()
            text = doc.text_content()
        except Exception:  # lxml rejects some broken pages outright
            text = re.sub(r"<[^>]+>", " ", html)
    return text, title.strip()
