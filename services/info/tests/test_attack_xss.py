"""Attack suite: script in articles. The only HTML the info service makes is an article's rendered
body (``body_html``, Markdown through nh3) and a search result's snippet (escaped text with
``<mark>``); both must come out inert whatever the editor wrote. Titles and summaries are plain
text in JSON, returned exactly as written (docs/security.md)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest
from info_helpers import API, article_body, draft_article, published_article, translation_body

from imis_info.articles.rendering import ALLOWED_TAGS, URL_SCHEMES

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "script split": "<scr<script>ipt>alert(1)</script>",
    "img onerror": '<img src=x onerror="alert(1)">',
    "svg onload": "<svg onload=alert(1)><circle r=1></svg>",
    "svg script": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "raw javascript link": '<a href="javascript:alert(1)">x</a>',
    "style": "<style>body{background:url(javascript:alert(1))}</style>",
    "markdown javascript link": "[x](javascript:alert(1))",
    "mixed case scheme": "[x](JaVaScRiPt:alert(1))",
    "entity in scheme": "[x](&#106;avascript:alert(1))",
    "tab in scheme": "[x](java&#x09;script:alert(1))",
    "vbscript": "[x](vbscript:msgbox(1))",
    "data url": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "image javascript": "![x](javascript:alert(1))",
    "autolink": "<javascript:alert(1)>",
    "reference link": "[x][1]\n\n[1]: javascript:alert(1)",
    "title breakout": '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    "html in table": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "html in code": "`<script>alert(1)</script>`",
    "event in heading": '# <b onclick="alert(1)">x</b>',
}


class InertHtml(HTMLParser):
    """Collects whatever in HTML could run: a tag outside the allow-list, any attribute but an
    ``a``'s href/title/rel, and a link whose scheme is not http(s), mailto or tel."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dangers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS | {"mark"}:
            self.dangers.append(f"<{tag}>")
        for name, value in attrs:
            if tag != "a" or name not in {"href", "title", "rel"}:
                self.dangers.append(f"<{tag} {name}>")
            elif name == "href" and url_scheme(value or "") not in {None, *URL_SCHEMES}:
                self.dangers.append(f"href={value}")


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url`` (WHATWG URL: tabs and newlines removed, C0 controls
    and spaces trimmed), or None for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def dangers(html: str) -> list[str]:
    parser = InertHtml()
    parser.feed(html)
    parser.close()
    return parser.dangers


class TestInertChecker:
    def test_it_catches_what_it_must(self) -> None:
        assert dangers('<p><a href="https://a.example" title="t">x</a> <mark>y</mark></p>') == []
        assert dangers("<script>x</script>") == ["<script>"]
        assert dangers('<a href="javascript:x">y</a>') == ["href=javascript:x"]
        assert dangers('<p onclick="x">y</p>') == ["<p onclick>"]
        assert dangers('<a href=" java&#x09;script:x">y</a>') == ["href= java\tscript:x"]
        assert dangers('<a href="java%09script:x">y</a>') == []  # a relative path: "%" is no scheme


class TestMarkdownBodies:
    @pytest.mark.parametrize("source", list(ATTACKS.values()), ids=list(ATTACKS))
    async def test_the_rendered_body_is_inert(
        self, client: httpx.AsyncClient, editor: dict[str, str], source: str
    ) -> None:
        body = article_body(translation=translation_body(body=f"Intro.\n\n{source}\n\nEnd."))
        created = await draft_article(client, editor, body)
        assert dangers(created["body_html"]) == [], created["body_html"]
        assert "Intro." in created["body_html"]  # the text around it is kept
        assert created["body"].endswith(f"{source}\n\nEnd.")  # the source as written, for editing

    async def test_an_edited_body_is_rendered_inert_too(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        created = await draft_article(client, editor)
        url = f"{API}/articles/{created['article_id']}/translations/en"
        response = await client.patch(
            url, json={"body": "\n\n".join(ATTACKS.values())}, headers={**editor, "If-Match": '"1"'}
        )
        assert response.status_code == 200, response.text
        assert dangers(response.json()["body_html"]) == []


class TestPublishedArticles:
    async def test_public_readers_and_search_get_inert_html(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        attack = "\n\n".join(f"zebra {source}" for source in ATTACKS.values())
        title = '<script>alert("title")</script> Zebra <img src=x onerror=alert(1)>'
        summary = '"><svg onload=alert(1)> zebra summary'
        body = article_body(
            translation=translation_body(body=f"zebra \u0002<script>alert(2)</script>\u0003\n\n{attack}",
                                         title=title, summary=summary)
        )  # fmt: skip
        article_id = await published_article(client, editor, reviewer, body)

        public = await client.get(f"{API}/articles/{article_id}")
        assert public.status_code == 200
        assert public.headers["content-type"].startswith("application/json")
        shown = public.json()
        assert dangers(shown["body_html"]) == []
        # Titles and summaries are text: returned exactly as written, for the client to escape.
        assert (shown["title"], shown["summary"]) == (title, summary)

        found = await client.get(f"{API}/search", params={"q": "zebra"})
        assert found.status_code == 200
        [item] = found.json()["items"]
        assert "<mark>" in item["snippet"]
        assert dangers(item["snippet"]) == [], item["snippet"]
        assert "<script" not in item["snippet"] and "<svg" not in item["snippet"]
