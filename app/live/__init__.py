"""Live updates: queue events pushed to screens and integrations over websockets."""
