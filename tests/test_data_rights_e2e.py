"""A person's data rights across the platform, started the way `make run` starts it: the gateway, the
services and the embedded NATS broker as real processes, every call through the gateway. One export
gathers what every service holds; one deletion erases it everywhere.

The diaspora service's event worker runs as its own process here (`imis-diaspora worker`, as in the
Kubernetes deployment), so that the test can stop it in the middle of a deletion and start it again:
the deletion reaches it when it returns, and nothing is missed.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
from diaspora_helpers import member_body
from e2e_platform import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    RATE_LIMITS,
    SERVICES,
    Platform,
    environment,
    run_platform,
)
from jobs_helpers import published_vacancy, seeker_body

from imis_testing import free_port, fresh_database_url

PASSWORD = "a-long-passphrase-42"
_numbers = itertools.count()


@dataclass
class Worker:
    """`imis-diaspora worker`: the diaspora service's event relay and consumers, which the test stops
    and starts as an operator (or a crash) would."""

    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen[bytes] | None = field(default=None)

    def start(self) -> None:
        with (self.workdir / "diaspora-worker.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "imis-diaspora"), "worker"],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@dataclass
class Scene:
    platform: Platform
    worker: Worker
    vacancy_id: str = ""

    def vacancy(self) -> str:
        """A published vacancy the people of the scene apply to (made once)."""
        if not self.vacancy_id:
            officer = self.officer()
            email = f"hr.{next(_numbers)}@hospital.example"
            self.platform.register(
                {"email": email, "password": PASSWORD, "full_name": "HR", "roles": ["employer"]}
            )
            employer = self.platform.bearer(email, PASSWORD)

            async def publish() -> str:
                async with httpx.AsyncClient(base_url=self.platform.gateway, timeout=30) as client:
                    return str((await published_vacancy(client, employer, officer))["id"])

            self.vacancy_id = asyncio.run(publish())
        return self.vacancy_id

    def url(self, path: str) -> str:
        return f"{self.platform.gateway}/api/v1{path}"

    def call(self, method: str, path: str, headers: dict[str, str], status: int, **kwargs: Any) -> Any:
        response = httpx.request(method, self.url(path), headers=headers, timeout=30, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    @property
    def admin(self) -> dict[str, str]:
        return self.platform.bearer(ADMIN_EMAIL, ADMIN_PASSWORD)

    def officer(self) -> dict[str, str]:
        return self.platform.staff("officer", f"officer.{next(_numbers)}@ministry.example", PASSWORD)

    def person(self) -> tuple[dict[str, str], dict[str, str]]:
        """A worker who is also a diaspora member: (their bearer, their record ids per service)."""
        number = next(_numbers)
        email = f"amal.{number}@example.org"
        self.platform.register(
            {
                "email": email,
                "password": PASSWORD,
                "full_name": "Amal Fathy",
                "roles": ["job_seeker", "diaspora_member"],
            }
        )
        headers = self.platform.bearer(email, PASSWORD)
        seeker = self.call("POST", "/jobs/seekers/me", headers, 201, json=seeker_body(full_name="Amal Fathy"))
        member = self.call(
            "POST",
            "/diaspora/members/me",
            headers,
            201,
            json=member_body(full_name="Amal Fathy", email=email, phone=f"+39 011 555 {number:04d}"),
        )
        applied = self.call("POST", f"/jobs/vacancies/{self.vacancy()}/applications", headers, 201, json={})
        return headers, {"jobs": seeker["id"], "diaspora": member["id"], "application": applied["id"]}

    def delete_account(self, headers: dict[str, str]) -> dict[str, Any]:
        request: dict[str, Any] = self.call("DELETE", "/auth/me", headers, 202, json={"password": PASSWORD})
        return request

    def request(self, request_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.call("GET", f"/admin/deletion-requests/{request_id}", self.admin, 200)
        return found

    def until(self, request_id: str, done: set[str], timeout: float = 60.0) -> dict[str, Any]:
        """The request once exactly the services in ``done`` have confirmed."""
        deadline = time.monotonic() + timeout
        while True:
            request = self.request(request_id)
            if {s["service"] for s in request["services"] if s["status"] == "done"} == done:
                return request
            assert time.monotonic() < deadline, f"still {request['services']}"
            time.sleep(0.05)


# The broker on this machine's standard port (as in CI); IMIS_TEST_NATS_URL names another.
EXTERNAL_BROKER = os.environ.get("IMIS_TEST_NATS_URL", "nats://127.0.0.1:4222")


@pytest.fixture(scope="module", params=["embedded broker", "external broker"])
def scene(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    """The platform as `make run` starts it, with the NATS server `imis up` embeds, or with the one
    running on this machine (as production runs its own), under a subject prefix of its own."""
    workdir = tmp_path_factory.mktemp("deletion")
    ports = {name: free_port() for name in SERVICES} | {"broker": free_port()}
    database_urls = {name: fresh_database_url(f"e2e_deletion_{name}", workdir) for name in SERVICES}
    env = environment(ports, database_urls)
    env.update(RATE_LIMITS)
    broker = f"nats://127.0.0.1:{ports['broker']}"
    prefix = f"e2e{uuid.uuid4().hex[:10]}"
    if request.param == "external broker":
        broker = EXTERNAL_BROKER
        for name in SERVICES:
            env[f"IMIS_{name.upper()}_EVENTS_URL"] = broker
            env[f"IMIS_{name.upper()}_EVENTS_SUBJECT_PREFIX"] = prefix
    env["IMIS_DIASPORA_EVENTS_IN_PROCESS"] = "false"  # its worker is the process below
    with run_platform(workdir, ports, env) as platform:
        worker = Worker({**env, "IMIS_DIASPORA_EVENTS_URL": broker}, workdir)
        worker.start()
        try:
            yield Scene(platform, worker)
        finally:
            if request.param == "external broker":
                asyncio.run(drop_stream(broker, prefix))
            worker.stop()


async def drop_stream(url: str, prefix: str) -> None:
    """The test's stream on the shared broker, deleted after it."""
    client = await nats.connect(url)
    try:
        await client.jetstream().delete_stream(prefix.upper())
    finally:
        await client.close()


class TestAccountDeletionAcrossServices:
    def test_one_request_erases_the_person_everywhere_and_sign_in_stops_at_once(self, scene: Scene) -> None:
        officer = scene.officer()
        person, records = scene.person()
        scene.call("GET", f"/jobs/seekers/{records['jobs']}", officer, 200)
        scene.call("GET", f"/diaspora/members/{records['diaspora']}", officer, 200)

        request = scene.delete_account(person)
        assert [s["status"] for s in request["services"]] == ["pending", "pending"]
        scene.call("GET", "/auth/me", person, 401)
        scene.call("GET", "/jobs/seekers/me", person, 401)

        done = scene.until(request["id"], {"jobs", "diaspora"})
        assert done["status"] == "completed" and done["completed_at"] is not None
        scene.call("GET", f"/jobs/seekers/{records['jobs']}", officer, 404)
        scene.call("GET", f"/jobs/applications/{records['application']}", officer, 404)
        scene.call("GET", f"/diaspora/members/{records['diaspora']}", officer, 404)

    def test_a_service_down_during_the_deletion_erases_the_person_when_it_returns(self, scene: Scene) -> None:
        officer = scene.officer()
        person, records = scene.person()
        scene.worker.stop()
        try:
            request = scene.delete_account(person)
            scene.until(request["id"], {"jobs"})
            time.sleep(2.0)  # were anything to deliver it, the diaspora step would be done by now
            waiting = scene.request(request["id"])
            assert waiting["status"] == "in_progress"
            assert [(s["service"], s["status"]) for s in waiting["services"]] == [
                ("diaspora", "pending"),
                ("jobs", "done"),
            ]
            scene.call("GET", f"/diaspora/members/{records['diaspora']}", officer, 200)
            scene.call("GET", f"/jobs/seekers/{records['jobs']}", officer, 404)
        finally:
            scene.worker.start()
        done = scene.until(request["id"], {"jobs", "diaspora"})
        assert done["status"] == "completed"
        scene.call("GET", f"/diaspora/members/{records['diaspora']}", officer, 404)

    def test_an_administrator_deletes_on_a_persons_written_request(self, scene: Scene) -> None:
        officer = scene.officer()
        person, records = scene.person()
        account = scene.call("GET", "/auth/me", person, 200)
        request = scene.call("POST", f"/admin/users/{account['id']}/deletion", scene.admin, 202)
        assert request["requested_by"] == "admin"
        scene.call("GET", "/auth/me", person, 401)
        assert scene.until(request["id"], {"jobs", "diaspora"})["status"] == "completed"
        scene.call("GET", f"/jobs/seekers/{records['jobs']}", officer, 404)
        scene.call("GET", f"/diaspora/members/{records['diaspora']}", officer, 404)


class TestOneExportOfEverything:
    def test_the_archive_holds_every_services_record_with_a_readme_in_the_persons_language(
        self, scene: Scene
    ) -> None:
        person, records = scene.person()
        scene.call("PATCH", "/auth/me", person, 200, json={"preferred_language": "fr"})
        response = httpx.get(scene.url("/auth/me/export"), headers=person, timeout=30)
        assert response.status_code == 200 and response.headers["content-type"] == "application/octet-stream"
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            files = {name: archive.read(name).decode() for name in archive.namelist()}
        assert sorted(files) == ["README.txt", "diaspora.json", "gateway.json", "jobs.json"]
        assert files["README.txt"].startswith("Vos données dans IMIS")
        gateway, jobs, diaspora = (
            json.loads(files[f"{name}.json"]) for name in ("gateway", "jobs", "diaspora")
        )
        assert gateway["account"]["roles"] == ["diaspora_member", "job_seeker"]
        assert jobs["profile"]["id"] == records["jobs"] and jobs["profile"]["full_name"] == "Amal Fathy"
        assert jobs["consents"] and "received_by" in jobs
        assert diaspora["member"]["id"] == records["diaspora"]
        assert isinstance(diaspora["consent_history"], list) and diaspora["pledges"] == []

    def test_a_service_with_no_record_of_the_person_is_left_out(self, scene: Scene) -> None:
        email = f"nour.{next(_numbers)}@example.org"
        scene.platform.register(
            {"email": email, "password": PASSWORD, "full_name": "Nour", "roles": ["diaspora_member"]}
        )
        headers = scene.platform.bearer(email, PASSWORD)
        response = httpx.get(scene.url("/auth/me/export"), headers=headers, timeout=30)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            assert sorted(archive.namelist()) == ["README.txt", "gateway.json"]


class TestOneViewOfConsents:
    def test_every_services_current_answers_in_one_list(self, scene: Scene) -> None:
        person, _ = scene.person()
        for granted in (True, False, True):
            scene.call(
                "PUT",
                "/diaspora/members/me/consents/directory",
                person,
                200,
                json={"granted": granted, "text_version": "2026-01"},
            )
        scene.call(
            "PUT",
            "/diaspora/members/me/consents/contact",
            person,
            200,
            json={"granted": False, "text_version": "2026-01"},
        )
        view = scene.call("GET", "/auth/me/consents", person, 200)
        assert view["services"] == ["jobs", "diaspora"]
        answers = {(c["service"], c["purpose"]): c["granted"] for c in view["consents"]}
        assert answers[("diaspora", "directory")] is True and answers[("diaspora", "contact")] is False
        assert ("jobs", "discoverable") in answers
