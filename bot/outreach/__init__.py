"""Outreach to residents, the elderly first: households, simple mode, reports on behalf, voice notes, safety tips, campaigns and their pacing."""
