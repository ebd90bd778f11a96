"""Use cases. They take the session and `now`, never commit, and leave side effects as
events for after the commit."""
