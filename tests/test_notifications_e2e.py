"""A notification across the platform, started the way `make run` starts it (gateway, services and the
embedded NATS broker as processes, every call through the gateway): an employer moves a worker's
application, and the worker finds it in their inbox and receives it once by email and once by SMS
(the development sinks: the gateway's log, which holds the text and never the address or number),
in their language."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

import httpx
from e2e_platform import Platform
from jobs_helpers import published_vacancy, seeker_body

PASSWORD = "a-long-passphrase-42"
MAIL_SINK = "no SMTP server (development): message"
SMS_SINK = "no SMS provider (development): message"


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "it did not happen in time"
        time.sleep(0.05)


def person(platform: Platform, role: str, name: str) -> dict[str, str]:
    email = f"{name}.{uuid.uuid4().hex[:8]}@example.org"
    platform.register({"email": email, "password": PASSWORD, "full_name": name, "roles": [role]})
    return platform.bearer(email, PASSWORD)


async def shortlisted(platform: Platform, title: str, worker: dict[str, str]) -> None:
    """A verified hospital publishes ``title``; the worker (Arabic, email and SMS on) applies; the
    hospital shortlists them."""
    officer = platform.staff("officer", f"officer.{uuid.uuid4().hex[:8]}@ministry.example", PASSWORD)
    employer = person(platform, "employer", "hr")
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=30) as client:
        vacancy = await published_vacancy(client, employer, officer, title=title)
        language = await client.patch("/api/v1/auth/me", json={"preferred_language": "ar"}, headers=worker)
        assert language.status_code == 200, language.text
        channels = {"email": True, "sms": True, "phone": "+201001234567"}
        chosen = await client.put("/api/v1/auth/me/notification-preferences", json=channels, headers=worker)
        assert chosen.status_code == 200, chosen.text
        profile = await client.post("/api/v1/jobs/seekers/me", json=seeker_body(), headers=worker)
        assert profile.status_code == 201, profile.text
        applied = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=worker
        )
        assert applied.status_code == 201, applied.text
        moved = await client.post(
            f"/api/v1/jobs/applications/{applied.json()['id']}/transitions",
            json={"to": "shortlisted"},
            headers=employer,
        )
        assert moved.status_code == 200, moved.text


class TestAnApplicationStepReachesTheWorker:
    def test_inbox_email_and_sms_once_each_in_arabic(self, platform: Platform) -> None:
        worker = person(platform, "job_seeker", "salma")
        title = f"Staff nurse {uuid.uuid4().hex[:6]}"
        asyncio.run(shortlisted(platform, title, worker))

        def inbox() -> list[dict[str, str]]:
            url = f"{platform.gateway}/api/v1/auth/me/notifications"
            items: list[dict[str, str]] = httpx.get(url, headers=worker, timeout=30).json()["items"]
            return items

        wait_for(lambda: len(inbox()) == 1)
        [told] = inbox()
        assert told["language"] == "ar" and told["title"] == "طلبك: في القائمة المختصرة"
        assert title in told["body"] and told["read_at"] is None

        def sent(sink: str) -> int:
            """Records of ``sink`` with the title (one line each: the text log escapes new lines)."""
            lines = platform.log.read_text(errors="replace").splitlines()
            return sum(1 for line in lines if sink in line and title in line)

        wait_for(lambda: sent(MAIL_SINK) >= 1 and sent(SMS_SINK) >= 1)
        time.sleep(2.0)  # a second delivery, were there one, would be in the log by now
        assert (sent(MAIL_SINK), sent(SMS_SINK)) == (1, 1)
        log = platform.log.read_text(errors="replace")
        assert "+201001234567" not in log


async def vacancies_around_a_saved_search(
    platform: Platform, worker: dict[str, str], word: str
) -> dict[str, str]:
    """A vacancy published and closed before the worker saves a search for ``word`` in Italy; then one
    in Spain and one in Italy, both with the word, published after. Their titles by name."""
    officer = platform.staff("officer", f"officer.{uuid.uuid4().hex[:8]}@ministry.example", PASSWORD)
    employer = person(platform, "employer", "hr")
    titles = {name: f"{word} {name}" for name in ("closed", "spain", "italy")}
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=30) as client:
        closed = await published_vacancy(client, employer, officer, title=titles["closed"])
        shut = await client.post(
            f"/api/v1/jobs/vacancies/{closed['id']}/status", json={"status": "closed"}, headers=employer
        )
        assert shut.status_code == 200, shut.text
        search = {"name": "Nursing", "frequency": "instant", "filters": {"q": word, "country": "IT"}}
        saved = await client.post("/api/v1/jobs/seekers/me/saved-searches", json=search, headers=worker)
        assert saved.status_code == 201, saved.text
        await published_vacancy(client, employer, officer, title=titles["spain"], destination_country="ES")
        await published_vacancy(client, employer, officer, title=titles["italy"])
    return titles


class TestASavedSearchAlerts:
    def test_on_a_new_matching_vacancy_once_and_not_on_a_closed_or_other_one(
        self, platform: Platform
    ) -> None:
        worker = person(platform, "job_seeker", "karim")
        word = f"nurse{uuid.uuid4().hex[:6]}"
        titles = asyncio.run(vacancies_around_a_saved_search(platform, worker, word))
        url = f"{platform.gateway}/api/v1/auth/me/notifications"

        def alerts() -> list[str]:
            items = httpx.get(url, headers=worker, timeout=30).json()["items"]
            return [str(item["body"]) for item in items if item["kind"] == "vacancy_alert"]

        wait_for(lambda: len(alerts()) >= 1)
        time.sleep(2.0)  # the other two vacancies were announced before the one that alerted
        [body] = alerts()
        assert titles["italy"] in body
