"""Pure conversation logic: what comes next and what to say. No HandlerInput, no IO (tests/test_layers.py checks its imports)."""
