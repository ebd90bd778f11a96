"""Personal reception by officials (000, 001 p.15): officials and their approved schedules,
booking requests with their working-day deadlines, the day of the reception and its protocol."""
