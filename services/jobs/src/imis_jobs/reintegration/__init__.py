"""The worker's return home and reintegration: returns, referrals to services, follow-ups, the
returnee pool and return statistics."""
