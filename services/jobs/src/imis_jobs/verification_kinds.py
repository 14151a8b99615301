"""The kinds of check officers record on job seekers: named by the ministry's pre-screening
setting and by programmes, and recorded by the verifications package."""

from enum import StrEnum


class VerificationKind(StrEnum):
    SKILL_TEST = "skill_test"
    LANGUAGE_TEST = "language_test"
    CREDENTIAL = "credential"
    MEDICAL_FITNESS = "medical_fitness"
    POLICE_CLEARANCE = "police_clearance"
    INTERVIEW = "interview"
