"""Flask plumbing and the framework-free dispatch: size cap, envelope check, Amazon's request verification, then the skill."""
