"""Announcement text per language, speech synthesis and the clip cache (the voice issue)."""
