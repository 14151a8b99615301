"""Email verification: single-use, expiring tokens sent by email, stored hashed."""
