"""Saved vacancy searches and the alerts they give when a matching vacancy is published."""
