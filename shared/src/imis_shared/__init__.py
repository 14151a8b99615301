"""IMIS shared library: what every service needs and nothing domain-specific."""
