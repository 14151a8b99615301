"""Pre-departure orientation: courses, sessions, enrolments, attendance and certificates."""
