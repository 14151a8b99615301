"""A person's data export across the platform: GET /auth/me/export."""
