"""Articles: translations, the editorial workflow, revisions, stale writes and language choice."""

from __future__ import annotations

import httpx
from info_helpers import (
    API,
    article_body,
    draft_article,
    move,
    publish,
    published_article,
    put_country,
    translation_body,
    translation_url,
)


class TestCreateArticle:
    async def test_editor_creates_a_draft_with_rendered_sanitised_html(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        body = article_body(
            translation=translation_body(
                body="Hi <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://interno.gov.it)"
            )
        )
        created = await draft_article(client, editor, body)
        assert created["status"] == "draft"
        assert created["version"] == 1
        assert "<script" not in created["body_html"]
        assert "&lt;script&gt;" in created["body_html"]
        assert 'href="javascript' not in created["body_html"]
        assert 'href="https://interno.gov.it"' in created["body_html"]
        assert "<script>" in created["body"]  # the source is kept as written

    async def test_drafts_are_invisible_to_the_public(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        created = await draft_article(client, editor)
        assert (await client.get(f"{API}/articles/{created['article_id']}")).status_code == 404
        assert (await client.get(f"{API}/articles")).json()["total"] == 0
        assert (await client.get(translation_url(created["article_id"]))).status_code == 401

    async def test_non_editors_are_refused(self, client: httpx.AsyncClient, seeker: dict[str, str]) -> None:
        assert (await client.post(f"{API}/articles", json=article_body())).status_code == 401
        assert (await client.post(f"{API}/articles", json=article_body(), headers=seeker)).status_code == 403

    async def test_unknown_country_topic_isco_or_language_is_a_problem_naming_the_field(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "IT")
        cases = [
            (article_body(country="DE"), "country"),
            (article_body(country="ZZ"), "country"),
            (article_body(topics=["astrology"]), "topics"),
            (article_body(isco_groups=["9999"]), "isco_groups.0"),
            (article_body(translation=translation_body(language="de")), "translation.language"),
            (article_body(translation=translation_body(slug="Not a slug!")), "translation.slug"),
            ({**article_body(), "author": "me"}, "author"),
        ]
        for body, field in cases:
            response = await client.post(f"{API}/articles", json=body, headers=editor)
            assert response.status_code == 422, (field, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["errors"][0]["field"] == field
        listing = await client.get(f"{API}/editorial/translations", headers=editor)
        assert listing.json()["total"] == 0  # nothing half-written

    async def test_slug_taken_by_another_article_is_409(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await draft_article(client, editor)
        again = await client.post(f"{API}/articles", json=article_body(), headers=editor)
        assert again.status_code == 409
        assert again.json()["field"] == "slug"

    async def test_translations_share_the_article(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        arabic = await client.post(
            f"{API}/articles/{article_id}/translations",
            json=translation_body("ar", title="تصاريح العمل الموسمي في إيطاليا"),
            headers=editor,
        )
        assert arabic.status_code == 201
        assert arabic.json()["dir"] == "rtl"
        duplicate = await client.post(
            f"{API}/articles/{article_id}/translations",
            json=translation_body("ar", slug="other"),
            headers=editor,
        )
        assert duplicate.status_code == 409
        overview = (await client.get(f"{API}/articles/{article_id}/translations", headers=editor)).json()
        assert [t["language"] for t in overview["translations"]] == ["ar", "en"]
        assert overview["topics"] == ["work-permits"]
        assert overview["isco_groups"] == ["9211"]


class TestWorkflow:
    async def test_publishing_needs_review_and_another_editor(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        direct = await move(client, editor, article_id, "published")
        assert direct.status_code == 409
        assert "approval" in direct.json()["detail"]
        assert direct.json()["allowed"] == ["in_review"]
        assert (await move(client, editor, article_id, "in_review")).status_code == 200
        own = await move(client, editor, article_id, "published")
        assert own.status_code == 403
        approved = await move(client, reviewer, article_id, "published")
        assert approved.status_code == 200
        published = approved.json()
        assert published["approved_by"] == "editor-2"
        assert published["last_reviewed_date"] is not None
        public = await client.get(f"{API}/articles/{article_id}")
        assert public.status_code == 200
        assert public.json()["title"] == translation_body()["title"]

    async def test_admin_may_approve_own_text_but_machine_clients_may_not_approve(
        self,
        client: httpx.AsyncClient,
        admin: dict[str, str],
        writer_client: dict[str, str],
        reviewer: dict[str, str],
    ) -> None:
        article_id = (await draft_article(client, admin))["article_id"]
        await publish(client, admin, admin, article_id)
        other = article_body(translation=translation_body(slug="other"))
        second = (await draft_article(client, writer_client, other))["article_id"]
        assert (await move(client, writer_client, second, "in_review")).status_code == 200
        assert (await move(client, writer_client, second, "published")).status_code == 403
        assert (await move(client, reviewer, second, "published")).status_code == 200

    async def test_returned_archived_and_reopened(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        await move(client, editor, article_id, "in_review")
        assert (await move(client, reviewer, article_id, "draft")).json()["status"] == "draft"
        await publish(client, editor, reviewer, article_id)
        assert (await move(client, editor, article_id, "archived")).json()["status"] == "archived"
        assert (await client.get(f"{API}/articles/{article_id}")).status_code == 404
        assert (await move(client, editor, article_id, "published")).status_code == 409
        assert (await move(client, editor, article_id, "draft")).json()["status"] == "draft"

    async def test_editing_a_published_text_takes_it_off_the_site_until_approved(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        current = await client.get(translation_url(article_id), headers=editor)
        edited = await client.patch(
            translation_url(article_id),
            json={"title": "Seasonal work permits in Italy"},
            headers={**editor, "If-Match": current.headers["etag"]},
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["status"] == "draft"
        assert (await client.get(f"{API}/articles/{article_id}")).status_code == 404


class TestConcurrentEdits:
    async def test_stale_if_match_is_412_and_nothing_changes(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        url = translation_url(article_id)
        tag = (await client.get(url, headers=editor)).headers["etag"]
        first = await client.patch(url, json={"summary": "First."}, headers={**editor, "If-Match": tag})
        assert first.status_code == 200
        assert first.headers["etag"] != tag
        second = await client.patch(url, json={"summary": "Second."}, headers={**reviewer, "If-Match": tag})
        assert second.status_code == 412
        assert second.json()["current_version"] == first.json()["version"]
        assert (await client.get(url, headers=editor)).json()["summary"] == "First."

    async def test_missing_if_match_is_428(self, client: httpx.AsyncClient, editor: dict[str, str]) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        response = await client.patch(translation_url(article_id), json={"summary": "X."}, headers=editor)
        assert response.status_code == 428

    async def test_empty_or_null_update_is_422(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        for body in ({}, {"title": None}):
            response = await client.patch(
                translation_url(article_id), json=body, headers={**editor, "If-Match": '"1"'}
            )
            assert response.status_code == 422


class TestRevisions:
    async def test_every_save_is_a_revision_that_can_be_read_and_restored(
        self,
        client: httpx.AsyncClient,
        editor: dict[str, str],
        reviewer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        url = translation_url(article_id)
        await client.patch(url, json={"body": "Changed body."}, headers={**editor, "If-Match": '"1"'})
        await move(client, editor, article_id, "in_review")
        listing = (await client.get(f"{url}/revisions", headers=reviewer)).json()
        assert [(r["number"], r["action"]) for r in listing["items"]] == [
            (3, "submitted"),
            (2, "edited"),
            (1, "created"),
        ]
        assert listing["items"][1]["changed_fields"] == ["body"]
        assert listing["items"][1]["saved_by"] == "editor-1"
        first = (await client.get(f"{url}/revisions/1", headers=editor)).json()
        assert first["body"] == translation_body()["body"]
        assert (await client.get(f"{url}/revisions/1", headers=seeker)).status_code == 403
        assert (await client.get(f"{url}/revisions/9", headers=editor)).status_code == 404
        stale = await client.post(f"{url}/revisions/1/restore", headers={**editor, "If-Match": '"1"'})
        assert stale.status_code == 412
        restored = await client.post(f"{url}/revisions/1/restore", headers={**editor, "If-Match": '"3"'})
        assert restored.status_code == 200
        assert restored.json()["body"] == translation_body()["body"]
        assert restored.json()["status"] == "draft"
        assert restored.json()["version"] == 4
        latest = (await client.get(f"{url}/revisions", headers=editor)).json()["items"][0]
        assert latest["action"] == "restored"
        assert latest["note"] == "restored revision 1"

    async def test_approving_and_editing_a_published_text_are_one_version_each(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        """Revision numbers are versions: with no gaps, every revision can be read and restored
        (approval and edits of a published text used to save twice and skip a number)."""
        article_id = await published_article(client, editor, reviewer)
        url = translation_url(article_id)
        edited = await client.patch(url, json={"body": "Newer body."}, headers={**editor, "If-Match": '"3"'})
        assert edited.status_code == 200 and edited.json()["version"] == 4
        assert edited.json()["status"] == "draft"
        listing = (await client.get(f"{url}/revisions", headers=reviewer)).json()
        assert [(r["number"], r["action"]) for r in listing["items"]] == [
            (4, "edited"),
            (3, "approved"),
            (2, "submitted"),
            (1, "created"),
        ]
        public = await client.get(f"{API}/search", params={"q": "Newer"})
        assert public.status_code == 200 and public.json()["items"] == []  # a draft is not public


class TestLanguageNegotiation:
    async def _two_languages(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> str:
        article_id = await published_article(client, editor, reviewer)
        await client.post(
            f"{API}/articles/{article_id}/translations",
            json=translation_body("ar", title="تصاريح العمل"),
            headers=editor,
        )
        await publish(client, editor, reviewer, article_id, "ar")
        return article_id

    async def test_lang_parameter_and_accept_language(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await self._two_languages(client, editor, reviewer)
        arabic = await client.get(f"{API}/articles/{article_id}", params={"lang": "ar"})
        assert arabic.json()["language"] == "ar"
        assert arabic.json()["dir"] == "rtl"
        assert arabic.headers["content-language"] == "ar"
        assert sorted(arabic.json()["available_languages"]) == ["ar", "en"]
        header = await client.get(
            f"{API}/articles/{article_id}", headers={"Accept-Language": "fr;q=0.9, ar;q=0.8"}
        )
        assert header.json()["language"] == "ar"

    async def test_falls_back_to_english_and_says_so(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await self._two_languages(client, editor, reviewer)
        italian = await client.get(f"{API}/articles/{article_id}", params={"lang": "it"})
        assert italian.json()["language"] == "en"
        assert italian.json()["dir"] == "ltr"
        listing = (await client.get(f"{API}/articles", params={"lang": "it"})).json()
        assert [item["language"] for item in listing["items"]] == ["en"]
        arabic_list = (
            await client.get(f"{API}/articles", params={"lang": "ar", "topic": "work-permits"})
        ).json()
        assert [item["language"] for item in arabic_list["items"]] == ["ar"]

    async def test_by_slug_and_filters(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        found = await client.get(f"{API}/articles/by-slug/en/work-permit-italy-en")
        assert found.json()["id"] == article_id
        assert (await client.get(f"{API}/articles/by-slug/en/missing")).status_code == 404
        assert (await client.get(f"{API}/articles", params={"isco": "92"})).json()["total"] == 0
        assert (await client.get(f"{API}/articles", params={"isco": "92111"})).status_code == 422
        assert (await client.get(f"{API}/articles", params={"isco": "9211"})).json()["total"] == 1
        assert (await client.get(f"{API}/articles", params={"country": "EG"})).json()["total"] == 0
        assert (await client.get(f"{API}/articles", params={"topic": "health"})).json()["total"] == 0


class TestReview:
    async def test_due_for_review_lists_old_reviews_and_review_clears_them(
        self,
        client: httpx.AsyncClient,
        editor: dict[str, str],
        reviewer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        due_url = f"{API}/editorial/due-for-review"
        assert (await client.get(due_url, headers=editor)).json()["total"] == 0
        due = (await client.get(due_url, params={"older_than_days": 0}, headers=editor)).json()
        assert [item["article_id"] for item in due["items"]] == [article_id]
        assert due["items"][0]["days_since_review"] == 0
        assert (await client.get(due_url, headers=seeker)).status_code == 403
        reviewed = await client.post(f"{translation_url(article_id)}/review", headers=reviewer)
        assert reviewed.status_code == 200
        assert reviewed.json()["status"] == "published"

    async def test_only_published_texts_are_reviewed(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        article_id = (await draft_article(client, editor))["article_id"]
        assert (await client.post(f"{translation_url(article_id)}/review", headers=editor)).status_code == 409


class TestUpdateArticle:
    async def test_editor_moves_an_article_to_another_country_and_topics(
        self,
        client: httpx.AsyncClient,
        editor: dict[str, str],
        reviewer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        await put_country(client, editor, "ES")
        url = f"{API}/articles/{article_id}"
        assert (await client.patch(url, json={"topics": ["housing"]}, headers=seeker)).status_code == 403
        unknown = await client.patch(url, json={"country": "ES", "topics": ["astrology"]}, headers=editor)
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "topics"
        assert (await client.get(url)).json()["country"] == "IT"  # nothing half-written
        moved = await client.patch(
            url, json={"country": "ES", "topics": ["housing", "health"], "isco_groups": []}, headers=editor
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["topics"] == ["health", "housing"]
        assert moved.json()["isco_groups"] == []
        public = (await client.get(url)).json()
        assert public["country"] == "ES"
        hits = (await client.get(f"{API}/search", params={"q": "permit", "country": "ES"})).json()
        assert [hit["article_id"] for hit in hits["items"]] == [article_id]
        general = await client.patch(url, json={"country": None}, headers=editor)
        assert general.json()["country"] is None
        assert (await client.patch(url, json={}, headers=editor)).status_code == 422
