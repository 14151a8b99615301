"""The IMIS platform command: run every service together."""
