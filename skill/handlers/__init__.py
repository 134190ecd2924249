"""The conversation's features, each answering a Turn from its own table of states (skill/handlers/feature.py), and
the router that looks up the row answering a turn (skill/handlers/router.py)."""
