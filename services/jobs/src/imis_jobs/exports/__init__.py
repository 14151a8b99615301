"""A job seeker's data export: everything the jobs service holds about them, in one document.
Its own package because it reads every other package's records (profile, applications, consents,
verifications, hand-overs, orientation, welfare cases, returns) and none may depend on it."""
