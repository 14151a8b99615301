"""Sample content for a new portal (``imis-info seed-demo``), marked as sample everywhere."""
