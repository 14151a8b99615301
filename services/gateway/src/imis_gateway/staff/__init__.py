"""Staff accounts: admins create them with staff roles only; the person sets their own password."""
