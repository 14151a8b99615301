"""Checks ministry officers record on a job seeker: skill and language tests, credentials,
medical fitness, police clearance and interviews, each with its outcome and validity."""
