"""Deleting a person's account across the platform: the request, its progress per service."""
