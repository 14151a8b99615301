"""Matching: hand-checked scores, ranking equal to brute force, deterministic ties, access."""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import httpx
import pytest
from jobs_helpers import (
    SPECIALIST_NURSE,
    bearer,
    programme_body,
    published_vacancy,
    seeker_body,
    vacancy_body,
    verified_employer,
)

from imis_jobs.matching import service
from imis_jobs.matching.profile import ProfileReader
from imis_jobs.matching.scoring import SeekerOffers, VacancyNeeds, components, score, total
from imis_jobs.matching.service import outsider_bound
from imis_jobs.taxonomy.service import get_taxonomy
from imis_shared import reference
from imis_testing import SigningKey

TAXONOMY = get_taxonomy()
NURSE_ESSENTIAL = reference.occupation_skills()[SPECIALIST_NURSE][0]
GENERAL_NURSE = next(o.id for o in reference.occupations() if o.label == "nurse responsible for general care")
ADVANCED_NURSE = next(o.id for o in reference.occupations() if o.label == "advanced nurse practitioner")
MIDWIFE = next(o.id for o in reference.occupations() if o.label == "midwife")
COOK = next(o.id for o in reference.occupations() if o.label == "cook")
PHYSIOTHERAPIST = next(o.id for o in reference.occupations() if o.label == "physiotherapist")  # ISCO 2264


def needs(**changes: object) -> VacancyNeeds:
    values: dict[str, object] = {
        "occupation_id": SPECIALIST_NURSE,
        "isco_code": "2221",
        "essential_skills": frozenset({"s1", "s2"}),
        "optional_skills": frozenset({"s3"}),
        "languages": (("it", "B1", True), ("en", "B2", False)),
        "min_education_level": 6,
        "min_experience_years": 4,
        "country": "IT",
    }
    values.update(changes)
    return VacancyNeeds(**values)  # type: ignore[arg-type]


def offers(**changes: object) -> SeekerOffers:
    values: dict[str, object] = {
        "occupations": ((SPECIALIST_NURSE, "2221", 5),),
        "skills": frozenset({"s1", "s2", "s3"}),
        "languages": {"it": "B2", "en": "C1"},
        "education_level": 6,
        "preferred_countries": frozenset({"IT"}),
    }
    values.update(changes)
    return SeekerOffers(**values)  # type: ignore[arg-type]


class TestTiers:
    def test_each_bound_is_the_best_score_outside_the_tiers_read_so_far(self) -> None:
        """Tight: a seeker perfect in everything but the tier's occupation fit scores the bound."""
        vacancy = needs(essential_skills=frozenset({"s1", "s2"}), optional_skills=frozenset({"s3"}))
        tiers = service.tiers(vacancy, TAXONOMY, most_skills=3)
        assert [t.name for t in tiers] == [
            "same occupation",
            "same unit group",
            "same minor group",
            "same sub-major group",
            "skill holders",
        ]
        best = {"skills": frozenset({"s1", "s2", "s3"}), "languages": {"it": "C1", "en": "C1"}}
        outside = [
            offers(occupations=((GENERAL_NURSE, "2221", 9),), **best),  # just outside tier 1
            offers(occupations=((MIDWIFE, "2222", 9),), **best),
            offers(
                occupations=((PHYSIOTHERAPIST, TAXONOMY.occupations[PHYSIOTHERAPIST].isco_code, 9),), **best
            ),
            offers(occupations=((COOK, "5120", 9),), **best),
            offers(occupations=((COOK, "5120", 9),), languages=best["languages"], skills=frozenset()),
        ]
        for tier, seeker in zip(tiers, outside, strict=True):
            match = score(vacancy, seeker)
            assert match is not None and match.score == tier.bound_after, tier.name
        assert SPECIALIST_NURSE in tiers[0].occupations and GENERAL_NURSE in tiers[1].occupations
        assert not any(a.occupations & b.occupations for a, b in itertools.combinations(tiers[:4], 2))

    def test_bounds_count_no_more_skills_than_anyone_holds(self) -> None:
        """When nobody holds more than one skill, the best outside tier 1 holds one essential
        skill: the bound is that seeker's score, below the bound with every skill."""
        vacancy = needs(essential_skills=frozenset({"s1", "s2"}), optional_skills=frozenset({"s3"}))
        capped, full = service.tiers(vacancy, TAXONOMY, 1), service.tiers(vacancy, TAXONOMY, 3)
        one = score(vacancy, offers(occupations=((GENERAL_NURSE, "2221", 9),), skills=frozenset({"s1"})))
        assert one is not None and capped[0].bound_after == one.score < full[0].bound_after
        assert [service.skills_cap(vacancy, held) for held in range(5)] == [0, 0.4, 0.8, 1, 1]
        assert service.skills_cap(needs(essential_skills=frozenset(), optional_skills=frozenset()), 0) == 1

    def test_fewest_skills_is_the_least_that_can_still_reach_a_score(self) -> None:
        """A unit-group seeker perfect in all else scores the tier's bound for their skill count:
        the fewest skills reaching a threshold is where those scores cross it (ties included:
        a tie may still enter the page on the seeker id)."""
        vacancy = needs(essential_skills=frozenset({"s1", "s2"}), optional_skills=frozenset({"s3"}))
        unit_group = service.tiers(vacancy, TAXONOMY, 3)[1]
        held = [frozenset(), frozenset({"s1"}), frozenset({"s1", "s2"}), frozenset({"s1", "s2", "s3"})]
        scores = []
        for skills in held:
            match = score(vacancy, offers(occupations=((GENERAL_NURSE, "2221", 9),), skills=skills))
            assert match is not None
            scores.append(match.score)
        assert scores == sorted(scores) and len(set(scores)) == 4
        for count, reached in enumerate(scores):
            assert unit_group.fewest_skills(vacancy, reached, most_skills=3) == count
            assert unit_group.fewest_skills(vacancy, reached + 0.0001, most_skills=3) == (
                count + 1 if count < 3 else None
            )
        assert unit_group.fewest_skills(vacancy, scores[3], most_skills=2) is None

    def test_without_skills_asked_there_is_no_skill_tier(self) -> None:
        vacancy = needs(essential_skills=frozenset(), optional_skills=frozenset())
        tiers = service.tiers(vacancy, TAXONOMY, most_skills=5)
        assert tiers[-1].name == "same sub-major group"


class TestRowScorer:
    def test_scores_profile_rows_exactly_as_the_components_of_the_parsed_profile(self) -> None:
        """The ranking scores rows with the fast scorer, the page with ``score``: they must agree
        to the last bit, or the early stopping and the ties would not be exact."""
        rng = random.Random(11)
        occupations = [o for o in TAXONOMY.occupations.values() if o.isco_code.startswith("22")][:12]
        occupations.append(TAXONOMY.occupations[COOK])
        skills = [f"skill-{i}" for i in range(12)]
        reader = ProfileReader(TAXONOMY)
        for _ in range(300):
            vacancy = needs(
                occupation_id=(chosen := rng.choice(occupations)).id,
                isco_code=chosen.isco_code,
                essential_skills=frozenset(rng.sample(skills, rng.randint(0, 5))),
                optional_skills=frozenset(rng.sample(skills, rng.randint(0, 3))),
                languages=tuple(
                    (language, rng.choice(("A2", "B1", "C1")), rng.random() < 0.3)
                    for language in rng.sample(["it", "en", "de"], rng.randint(0, 2))
                ),
                min_education_level=rng.choice((None, 3, 6)),
                min_experience_years=rng.choice((0, 2, 5)),
                country=rng.choice(("IT", "DE")),
            )
            held = rng.sample(occupations, rng.randint(0, 2))
            seeker = offers(
                occupations=tuple(sorted((o.id, o.isco_code, rng.randint(0, 9)) for o in held)),
                skills=frozenset(rng.sample(skills, rng.randint(0, 8))),
                languages={
                    x: rng.choice(("A1", "B1", "B2", "C2")) for x in rng.sample(["it", "en", "de"], 2)
                },
                education_level=rng.choice((None, 2, 4, 6, 7)),
                preferred_countries=frozenset(rng.sample(["IT", "DE", "FR"], rng.randint(0, 2))),
            )
            row = (
                " ".join(f"{o}:{years}" for o, _isco, years in seeker.occupations),
                " ".join(seeker.skills),
                " ".join(f"{x}:{level}" for x, level in seeker.languages.items()),
                seeker.education_level,
                json.dumps(sorted(seeker.preferred_countries)),
            )
            values = components(vacancy, seeker)
            assert reader.scorer(vacancy)(*row) == (None if values is None else total(values))


class TestOutsiderBound:
    def test_is_what_a_seeker_without_related_occupation_or_skills_can_reach(self) -> None:
        assert outsider_bound(needs()) == pytest.approx(0.15 + 0.10 + 0.05)
        assert outsider_bound(needs(min_experience_years=0)) == pytest.approx(0.40)
        no_skills = needs(essential_skills=frozenset(), optional_skills=frozenset(), min_experience_years=0)
        assert outsider_bound(no_skills) == pytest.approx(0.65)
        outsider = score(
            needs(min_experience_years=0), offers(occupations=((COOK, "5120", 9),), skills=frozenset())
        )
        assert outsider is not None and outsider.score <= outsider_bound(needs(min_experience_years=0)) + 1e-9


class TestScoring:
    def test_a_perfect_candidate_scores_one(self) -> None:
        match = score(needs(), offers())
        assert match is not None and match.score == 1.0 and match.unmet == []

    def test_hand_checked_partial_candidate(self) -> None:
        # Same ISCO unit group (.75), one essential skill of two (weights 2+2+1 → 2/5 = .4),
        # desired English missing (1/2), ISCED 5 for 6 (.75), 2 of 4 years (.5), prefers Germany (0).
        match = score(
            needs(),
            offers(
                occupations=((GENERAL_NURSE, "2221", 2),),
                skills=frozenset({"s1"}),
                languages={"it": "B1"},
                education_level=5,
                preferred_countries=frozenset({"DE"}),
            ),
        )
        assert match is not None
        assert match.components == {
            "occupation": 0.75,
            "skills": 0.4,
            "languages": 0.5,
            "education": 0.75,
            "experience": 0.5,
            "destination": 0.0,
        }
        assert match.score == round(0.35 * 0.75 + 0.25 * 0.4 + 0.15 * 0.5 + 0.1 * 0.75 + 0.1 * 0.5, 4)
        assert "missing: en B2 (desired)" in match.unmet and "experience: 2 of 4 years" in match.unmet
        assert "missing essential skill: s2" in match.unmet and "missing optional skill: s3" in match.unmet

    def test_occupation_levels_follow_the_isco_tree(self) -> None:
        values = [
            score(needs(), offers(occupations=((occupation, isco, 5),))).components["occupation"]  # type: ignore[union-attr]
            for occupation, isco in (
                (SPECIALIST_NURSE, "2221"),
                (GENERAL_NURSE, "2221"),
                (MIDWIFE, "2222"),
                ("x", "2261"),
                (COOK, "5120"),
            )
        ]
        assert values == [1.0, 0.75, 0.5, 0.25, 0.0]

    def test_a_required_language_below_level_excludes(self) -> None:
        assert score(needs(), offers(languages={"it": "A2", "en": "C1"})) is None
        assert score(needs(), offers(languages={"en": "C1"})) is None

    def test_no_requirements_means_full_marks_for_them(self) -> None:
        match = score(
            needs(
                essential_skills=frozenset(),
                optional_skills=frozenset(),
                languages=(),
                min_education_level=None,
                min_experience_years=0,
            ),
            offers(preferred_countries=frozenset()),
        )
        assert (
            match is not None and match.components["skills"] == 1.0 and match.components["destination"] == 1.0
        )


async def open_vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], **changes: object
) -> dict[str, object]:
    return await published_vacancy(client, owner, officer, **changes)


PROFILES = [
    {
        "full_name": "A perfect",
        "skills": list(NURSE_ESSENTIAL),
        "occupations": [{"occupation_id": SPECIALIST_NURSE, "years": 5}],
    },
    {
        "full_name": "B related",
        "occupations": [{"occupation_id": GENERAL_NURSE, "years": 8}],
        "skills": list(NURSE_ESSENTIAL[:3]),
    },
    {"full_name": "C midwife", "occupations": [{"occupation_id": MIDWIFE, "years": 1}], "education_level": 5},
    {
        "full_name": "D cook",
        "occupations": [{"occupation_id": COOK, "years": 10}],
        "preferred_countries": ["DE"],
    },
    {"full_name": "E no italian", "languages": [{"language": "ar", "level": "C2"}]},
    {"full_name": "F hidden", "discoverable": False},
    {
        "full_name": "G twin",
        "occupations": [{"occupation_id": COOK, "years": 10}],
        "preferred_countries": ["DE"],
    },
]


def needs_in(vacancy: dict[str, Any]) -> VacancyNeeds:
    """What a vacancy asks, as the API shows it."""
    return VacancyNeeds(
        occupation_id=vacancy["occupation"]["id"],
        isco_code=vacancy["occupation"]["isco_code"],
        essential_skills=frozenset(
            s["skill_id"] for s in vacancy["skills"] if s["requirement"] == "essential"
        ),
        optional_skills=frozenset(s["skill_id"] for s in vacancy["skills"] if s["requirement"] == "optional"),
        languages=tuple((x["language"], x["min_level"], x["required"]) for x in vacancy["languages"]),
        min_education_level=vacancy["min_education_level"],
        min_experience_years=vacancy["min_experience_years"],
        country=vacancy["destination_country"],
    )


def offers_in(seeker: dict[str, Any]) -> SeekerOffers:
    """What a seeker offers, as the API shows their profile."""
    return SeekerOffers(
        occupations=tuple((o["occupation_id"], o["isco_code"], o["years"]) for o in seeker["occupations"]),
        skills=frozenset(s["skill_id"] for s in seeker["skills"]),
        languages={x["language"]: x["level"] for x in seeker["languages"]},
        education_level=seeker["education_level"],
        preferred_countries=frozenset(seeker["preferred_countries"]),
    )


async def create_seekers(
    client: httpx.AsyncClient, signing_key: SigningKey, profiles: list[dict[str, Any]]
) -> None:
    """Each profile created by its own job seeker user (seeker-0, seeker-1, …)."""
    for index, profile in enumerate(profiles):
        created = await client.post(
            "/api/v1/jobs/seekers/me",
            json=profile,
            headers=bearer(signing_key, f"seeker-{index}", "job_seeker"),
        )
        assert created.status_code == 201, created.text


async def brute_force(
    client: httpx.AsyncClient, officer: dict[str, str], owner: dict[str, str], vacancy: dict[str, object]
) -> list[tuple[float, str, float]]:
    """(-score, seeker id, score) of every profile the officer can list that the vacancy does not
    exclude, scored one by one from what the API returns, in ranking order."""
    everyone: list[dict[str, Any]] = []
    while len(everyone) % 100 == 0:
        page = await client.get(
            "/api/v1/jobs/seekers", params={"limit": 100, "offset": len(everyone)}, headers=officer
        )
        everyone.extend(page.json()["items"])
        if not page.json()["items"]:
            break
    full = (await client.get(f"/api/v1/jobs/vacancies/{vacancy['id']}", headers=owner)).json()
    vacancy_needs = needs_in(full)
    expected = []
    for seeker in everyone:
        if not seeker["discoverable"]:
            continue
        match = score(vacancy_needs, offers_in(seeker))
        if match is not None:
            expected.append((-match.score, seeker["id"], match.score))
    return sorted(expected)


async def assert_pages(
    client: httpx.AsyncClient,
    owner: dict[str, str],
    vacancy: dict[str, object],
    expected: list[tuple[float, str, float]],
    pages: tuple[tuple[int, int], ...],
) -> None:
    """Each (offset, limit) page of the vacancy's matches is that slice of ``expected``."""
    for offset, limit in pages:
        page = await client.get(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/matches",
            params={"offset": offset, "limit": limit},
            headers=owner,
        )
        assert [(i["seeker"]["id"], i["score"]) for i in page.json()["items"]] == [
            (sid, s) for _neg, sid, s in expected[offset : offset + limit]
        ], (offset, limit)
        assert page.json()["total"] == len(expected)


class TestVacancyMatches:
    async def test_ranking_equals_brute_force_over_every_profile(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        vacancy = await open_vacancy(client, owner, officer)
        await create_seekers(client, signing_key, [seeker_body(**profile) for profile in PROFILES])
        expected = await brute_force(client, officer, owner, vacancy)
        body = (await client.get(f"/api/v1/jobs/vacancies/{vacancy['id']}/matches", headers=owner)).json()
        assert [(item["seeker"]["id"], item["score"]) for item in body["items"]] == [
            (sid, s) for _neg, sid, s in expected
        ]
        # Small pages take the pruned path (related seekers only, outsiders bounded): same answer.
        await assert_pages(client, owner, vacancy, expected, ((0, 1), (0, 2), (1, 1)))
        names = [item["seeker"]["full_name"] for item in body["items"]]
        assert (
            names[:2] == ["A perfect", "B related"]
            and "E no italian" not in names
            and "F hidden" not in names
        )
        twins = [item for item in body["items"] if item["seeker"]["full_name"] in {"D cook", "G twin"}]
        assert twins[0]["score"] == twins[1]["score"] and twins[0]["seeker"]["id"] < twins[1]["seeker"]["id"]
        assert (
            body["items"][0]["components"]["occupation"] == 1.0 and "phone" not in body["items"][0]["seeker"]
        )

    @pytest.mark.parametrize(
        ("asked", "essential", "held_of_asked", "held_others"),
        [
            # Few skills asked, so lower tiers can come near their bounds.
            (5, 3, (0, 3, 4, 5, 5), (2,)),
            # More asked than anyone holds (as ESCO's defaults often are): skill counts cap the
            # bounds, and the unit group's seekers with too few skills are left unread.
            (14, 10, (0, 1, 2, 3, 4, 5, 6), (0, 1, 2, 3)),
        ],
        ids=["few-skills-asked", "more-skills-asked-than-held"],
    )
    async def test_pages_equal_brute_force_in_a_population_across_every_tier(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
        asked: int,
        essential: int,
        held_of_asked: tuple[int, ...],
        held_others: tuple[int, ...],
    ) -> None:
        """Seekers in every tier and none, random skills, languages, education and preferences:
        each page the early stopping serves is the brute-force ranking's slice."""
        rng = random.Random(20261129 + asked)
        wanted = list(NURSE_ESSENTIAL[:asked])
        assert len(wanted) == asked
        vacancy = await open_vacancy(
            client,
            owner,
            officer,
            skills=[
                {"skill_id": skill, "requirement": "essential" if i < essential else "optional"}
                for i, skill in enumerate(wanted)
            ],
            languages=[
                {"language": "it", "min_level": "B1"},
                {"language": "en", "min_level": "B2", "required": False},
            ],
        )
        # By tier; two in the unit group, so some seekers have two profile rows in one tier.
        held = [SPECIALIST_NURSE, GENERAL_NURSE, ADVANCED_NURSE, MIDWIFE, PHYSIOTHERAPIST, COOK, None]
        other_skills = list(reference.occupation_skills()[COOK][0])
        population = []
        for index in range(80):
            profile = seeker_body(
                full_name=f"Seeker {index}",
                occupations=[
                    {"occupation_id": o, "years": rng.randint(0, 8)}
                    for o in {
                        rng.choices(held, weights=(1, 2, 2, 5, 5, 4, 3))[0] for _ in range(rng.randint(1, 2))
                    }
                    if o is not None
                ],
                skills=rng.sample(wanted, rng.choice(held_of_asked))
                + rng.sample(other_skills, rng.choice(held_others)),
                languages=[{"language": "ar", "level": "C2"}]
                + [{"language": "it", "level": rng.choice(("A2", "B1", "B2", "C1"))}] * (rng.random() < 0.8)
                + [{"language": "en", "level": rng.choice(("A1", "B2", "C2"))}] * (rng.random() < 0.5),
                education_level=rng.randint(3, 7),
                preferred_countries=rng.choice(([], ["IT"], ["DE"], ["IT", "DE"])),
                discoverable=rng.random() < 0.9,
            )
            population.append(profile)
        await create_seekers(client, signing_key, population)
        expected = await brute_force(client, officer, owner, vacancy)
        assert len({round(-neg, 4) for neg, _id, _s in expected}) > 10  # a spread of scores, not a few ties
        pages = ((0, 1), (0, 2), (0, 3), (0, 5), (3, 7), (0, 20), (12, 10), (30, 30), (0, 100))
        await assert_pages(client, owner, vacancy, expected, pages)

    async def test_seekers_who_tie_the_page_at_a_bound_are_still_read(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        """Nobody holds more than two skills. Five seekers of the vacancy's occupation score
        exactly what five of its unit group reach with those two: the bound after the first tier.
        A tie may enter the page on the seeker id, so the unit group must still be read (those
        with fewer skills need not). Stopping at the bound, or reading only seekers above it,
        misses them unless ids happen to fall the first tier's way (1 in 252)."""
        vacancy = await open_vacancy(
            client,
            owner,
            officer,
            skills=[{"skill_id": skill, "requirement": "essential"} for skill in NURSE_ESSENTIAL[:4]],
            languages=[],
            min_education_level=6,
            min_experience_years=0,
        )
        nurse = [{"occupation_id": SPECIALIST_NURSE, "years": 3}]
        general = [{"occupation_id": GENERAL_NURSE, "years": 3}]
        population = (
            # .35 + .25 * 2/8 + .15 + .10 * .75 (one ISCED level short) + .10 + .05 = .7875
            [seeker_body(occupations=nurse, skills=NURSE_ESSENTIAL[:1], education_level=5)] * 5
            # .35 * .75 + .25 * 4/8 + .15 + .10 + .10 + .05 = .7875
            + [seeker_body(occupations=general, skills=NURSE_ESSENTIAL[:2])] * 5
            + [seeker_body(occupations=general, skills=NURSE_ESSENTIAL[:1])] * 3
            + [seeker_body(occupations=[{"occupation_id": COOK, "years": 3}], skills=NURSE_ESSENTIAL[:2])] * 2
        )
        await create_seekers(client, signing_key, population)
        expected = await brute_force(client, officer, owner, vacancy)
        assert [s for _neg, _id, s in expected[:10]] == [0.7875] * 10 and expected[10][2] < 0.7875
        await assert_pages(client, owner, vacancy, expected, ((0, 5), (0, 1), (0, 3), (2, 5), (0, 20)))

    async def test_matches_follow_profile_changes_and_erasure(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        vacancy = await open_vacancy(client, owner, officer)
        path = f"/api/v1/jobs/vacancies/{vacancy['id']}/matches"
        seeker = bearer(signing_key, "seeker-1", "job_seeker")
        other = bearer(signing_key, "seeker-2", "job_seeker")
        await client.post(
            "/api/v1/jobs/seekers/me", json=seeker_body(skills=list(NURSE_ESSENTIAL)), headers=seeker
        )
        await client.post("/api/v1/jobs/seekers/me", json=seeker_body(full_name="Other"), headers=other)

        async def ranking() -> list[tuple[str, float]]:
            body = (await client.get(path, headers=owner)).json()
            assert body["total"] == len(body["items"])
            return [(item["seeker"]["full_name"], item["score"]) for item in body["items"]]

        first = await ranking()
        assert [name for name, _score in first] == ["Mona Adel", "Other"]
        await client.patch("/api/v1/jobs/seekers/me", json={"discoverable": False}, headers=seeker)
        assert [name for name, _score in await ranking()] == ["Other"]
        changed = {"discoverable": True, "languages": [{"language": "ar", "level": "C2"}]}
        await client.patch("/api/v1/jobs/seekers/me", json=changed, headers=seeker)
        assert [name for name, _score in await ranking()] == ["Other"]  # Italian B1 is required
        changed = {"languages": [{"language": "it", "level": "C1"}], "skills": []}
        await client.patch("/api/v1/jobs/seekers/me", json=changed, headers=seeker)
        after = dict(await ranking())
        assert after["Mona Adel"] == after["Other"] < dict(first)["Mona Adel"]
        assert (await client.delete("/api/v1/jobs/seekers/me", headers=seeker)).status_code == 204
        assert [name for name, _score in await ranking()] == ["Other"]

    async def test_only_the_employer_and_staff_see_matches(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        vacancy = await open_vacancy(client, owner, officer)
        path = f"/api/v1/jobs/vacancies/{vacancy['id']}/matches"
        assert (await client.get(path, headers=officer)).status_code == 200
        assert (
            await client.get(path, headers=bearer(signing_key, "employer-2", "employer"))
        ).status_code == 403
        assert (
            await client.get(path, headers=bearer(signing_key, "seeker-1", "job_seeker"))
        ).status_code == 403
        assert (await client.get(path)).status_code == 401
        assert (await client.get(path, params={"limit": 101}, headers=owner)).status_code == 422


class TestSeekerMatches:
    async def test_a_seeker_sees_open_vacancies_ranked(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        nurse_job = await open_vacancy(client, owner, officer)
        cook_job = await open_vacancy(
            client,
            bearer(signing_key, "employer-2", "employer"),
            officer,
            occupation_id=COOK,
            title="Cook",
            languages=[],
        )
        german_job = await open_vacancy(
            client,
            bearer(signing_key, "employer-3", "employer"),
            officer,
            languages=[{"language": "de", "min_level": "B2"}],
        )
        seeker = bearer(signing_key, "seeker-1", "job_seeker")
        await client.post(
            "/api/v1/jobs/seekers/me", json=seeker_body(skills=list(NURSE_ESSENTIAL)), headers=seeker
        )
        body = (await client.get("/api/v1/jobs/seekers/me/matches", headers=seeker)).json()
        ids = [item["vacancy"]["id"] for item in body["items"]]
        assert ids == [nurse_job["id"], cook_job["id"]] and german_job["id"] not in ids
        assert body["items"][0]["score"] > body["items"][1]["score"]

    async def test_ranking_equals_brute_force_over_every_open_vacancy(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        """Random vacancies, four twins (a tie), one closed and one in a programme the seeker's
        citizenship is not eligible for (both would match): each page equals scoring every open
        vacancy."""
        rng = random.Random(7)
        employer_id = await verified_employer(client, owner, officer)
        moroccan_only = programme_body(
            name="Italy-Morocco nursing 2027", origin_country="MA", eligible_citizenships=["MA"]
        )
        programme = await client.post("/api/v1/jobs/programmes", json=moroccan_only, headers=officer)
        assert programme.status_code == 201, programme.text
        occupations = [SPECIALIST_NURSE, GENERAL_NURSE, MIDWIFE, PHYSIOTHERAPIST, COOK]
        bodies = []
        for index in range(14):
            skills = rng.sample(list(NURSE_ESSENTIAL), rng.randint(0, 6))
            bodies.append(
                vacancy_body(
                    employer_id,
                    title=f"Vacancy {index}",
                    occupation_id=rng.choice(occupations),
                    skills=[
                        {"skill_id": skill, "requirement": rng.choice(("essential", "optional"))}
                        for skill in skills
                    ],
                    languages=[
                        {
                            "language": language,
                            "min_level": rng.choice(("A2", "B1", "C1")),
                            "required": required,
                        }
                        for language, required in rng.sample([("it", False), ("en", False), ("de", True)], 2)
                        if rng.random() < 0.7
                    ],
                    min_education_level=rng.choice((None, 4, 6, 7)),
                    min_experience_years=rng.choice((0, 2, 8)),
                    destination_country=rng.choice(("IT", "DE")),
                )
            )
        twin = [{"skill_id": skill, "requirement": "essential"} for skill in NURSE_ESSENTIAL[:3]]
        bodies.extend(vacancy_body(employer_id, title="Twin", skills=twin, languages=[]) for _ in range(4))
        moroccan = {
            "title": "In a Moroccan programme",
            "programme_id": programme.json()["id"],
            "languages": [],
        }
        bodies.append(vacancy_body(employer_id, **moroccan))  # a specialist nurse in Italy: it would match
        bodies.append(vacancy_body(employer_id, title="Closed", languages=[]))  # would match too
        shown = []
        for body in bodies:
            created = await client.post("/api/v1/jobs/vacancies", json=body, headers=owner)
            assert created.status_code == 201, created.text
            path = f"/api/v1/jobs/vacancies/{created.json()['id']}/status"
            for status in ("published", "closed") if body["title"] == "Closed" else ("published",):
                assert (await client.post(path, json={"status": status}, headers=owner)).status_code == 200
            if body["title"] not in {"Closed", "In a Moroccan programme"}:
                shown.append(created.json())
        seeker = bearer(signing_key, "seeker-1", "job_seeker")
        profile = seeker_body(
            occupations=[{"occupation_id": GENERAL_NURSE, "years": 4}],
            skills=list(NURSE_ESSENTIAL[:4]),
            languages=[{"language": "ar", "level": "C2"}, {"language": "it", "level": "B1"}],
            preferred_countries=["IT"],
        )
        created = await client.post("/api/v1/jobs/seekers/me", json=profile, headers=seeker)
        offers = offers_in(created.json())
        expected = []
        for vacancy in shown:
            match = score(needs_in(vacancy), offers)
            if match is not None:
                expected.append((-match.score, vacancy["id"], match.score))
        expected.sort()
        assert 5 < len(expected) < len(shown)  # some excluded by a required language
        twins = [e for e in expected if e[1] in {v["id"] for v in shown if v["title"] == "Twin"}]
        assert len(twins) == 4 and len({neg for neg, _id, _s in twins}) == 1  # ordered by id alone
        for offset, limit in ((0, 100), (0, 1), (0, 5), (3, 4), (10, 10)):
            page = await client.get(
                "/api/v1/jobs/seekers/me/matches", params={"offset": offset, "limit": limit}, headers=seeker
            )
            body = page.json()
            assert [(i["vacancy"]["id"], i["score"]) for i in body["items"]] == [
                (vid, s) for _neg, vid, s in expected[offset : offset + limit]
            ], (offset, limit)
            assert body["total"] == len(expected)
        whole = (await client.get("/api/v1/jobs/seekers/me/matches", headers=seeker)).json()["items"]
        for item in whole:  # the page explained in full, as the vacancy's own view would be
            labels = {skill["skill_id"]: skill["label"] for skill in item["vacancy"]["skills"]}
            explained = score(needs_in(item["vacancy"]), offers, labels)
            assert explained is not None and item["unmet"] == explained.unmet

    async def test_staff_see_a_seekers_matches_others_do_not(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        seeker = bearer(signing_key, "seeker-1", "job_seeker")
        created = (await client.post("/api/v1/jobs/seekers/me", json=seeker_body(), headers=seeker)).json()
        path = f"/api/v1/jobs/seekers/{created['id']}/matches"
        assert (await client.get(path, headers=officer)).status_code == 200
        assert (
            await client.get(path, headers=bearer(signing_key, "seeker-2", "job_seeker"))
        ).status_code == 403
        assert (
            await client.get(
                "/api/v1/jobs/seekers/me/matches", headers=bearer(signing_key, "seeker-9", "job_seeker")
            )
        ).status_code == 404


class TestMatchFilters:
    """Every filter the vacancy-matches route documents narrows the brute-force ranking exactly."""

    async def test_filters_equal_the_brute_force_ranking_filtered(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        rng = random.Random(20261201)
        vacancy = await open_vacancy(
            client,
            owner,
            officer,
            skills=[{"skill_id": skill, "requirement": "essential"} for skill in NURSE_ESSENTIAL[:4]],
            languages=[{"language": "it", "min_level": "A2"}],
        )
        held = [SPECIALIST_NURSE, GENERAL_NURSE, MIDWIFE, PHYSIOTHERAPIST, COOK]
        population = [
            seeker_body(
                full_name=f"Seeker {index}",
                citizenship=rng.choice(("EG", "EG", "TN", "MA")),
                occupations=[{"occupation_id": rng.choice(held), "years": rng.randint(0, 8)}],
                skills=rng.sample(list(NURSE_ESSENTIAL[:4]), rng.randint(0, 4)),
                languages=[{"language": "it", "level": rng.choice(("A2", "B1", "B2"))}]
                + [{"language": "fr", "level": rng.choice(("A1", "B2", "C1"))}] * (rng.random() < 0.5),
                education_level=rng.randint(4, 7),
            )
            for index in range(40)
        ]
        await create_seekers(client, signing_key, population)
        everyone = {
            s["id"]: s
            for s in (
                await client.get("/api/v1/jobs/seekers", params={"limit": 100}, headers=officer)
            ).json()["items"]
        }
        expected = await brute_force(client, officer, owner, vacancy)
        scores = sorted({s for _n, _id, s in expected})
        middle = scores[len(scores) // 2]

        def speaks(seeker: dict[str, Any], language: str, level: str) -> bool:
            return any(x["language"] == language and x["level"] >= level for x in seeker["languages"])

        cases: list[tuple[dict[str, Any], Any]] = [
            ({"min_score": middle}, lambda s, score: score >= middle),
            ({"citizenship": ["TN", "MA"]}, lambda s, score: s["citizenship"] in {"TN", "MA"}),
            ({"language": "fr:B2"}, lambda s, score: speaks(s, "fr", "B2")),
            (
                {"language": ["fr", "it:B2"], "citizenship": "EG", "min_score": scores[1]},
                lambda s, score: (
                    speaks(s, "fr", "A1")
                    and speaks(s, "it", "B2")
                    and s["citizenship"] == "EG"
                    and score >= scores[1]
                ),
            ),
        ]
        url = f"/api/v1/jobs/vacancies/{vacancy['id']}/matches"
        for params, keep in cases:
            wanted = [(sid, s) for _neg, sid, s in expected if keep(everyone[sid], s)]
            assert 0 < len(wanted) < len(expected), params  # the filter does narrow
            for offset, limit in ((0, 100), (0, 3), (2, 5)):
                page = await client.get(
                    url, params={**params, "offset": offset, "limit": limit}, headers=owner
                )
                assert page.status_code == 200, page.text
                body = page.json()
                assert [(i["seeker"]["id"], i["score"]) for i in body["items"]] == wanted[
                    offset : offset + limit
                ], (params, offset)
                assert body["total"] == len(wanted), params

    @pytest.mark.parametrize(
        "params",
        [{"min_score": "1.5"}, {"language": "xx:B1"}, {"language": "it:B3"}, {"citizenship": "ZZ"}],
    )
    async def test_bad_filters_are_422_naming_the_parameter(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        params: dict[str, str],
    ) -> None:
        vacancy = await open_vacancy(client, owner, officer)
        response = await client.get(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/matches", params=params, headers=owner
        )
        assert response.status_code == 422, response.text
        (name,) = params
        assert [e["field"].split(".")[0] for e in response.json()["errors"]] == [name]
