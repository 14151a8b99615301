"""Notifications: what a person should know, in their inbox and by email or SMS as they choose."""
