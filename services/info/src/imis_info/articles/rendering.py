"""Markdown to safe HTML: raw HTML in the source is shown as text, then the result is sanitised."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
ALLOWED_TAGS = frozenset(
    {"a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
     "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"}
)  # fmt: skip
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def render_markdown(source: str) -> str:
    """HTML safe to insert into a page: no scripts, styles, event handlers or javascript: links."""
    return nh3.clean(
        _MARKDOWN.render(source),
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href", "title"}},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(rendered_html: str) -> str:
    """The words of rendered HTML, for the search index."""
    return " ".join(html.unescape(nh3.clean(rendered_html, tags=set())).split())
