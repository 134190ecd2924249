"""The rules engine: durable-rules wrapper, rules loader, the self-check's question bank and fact, and the `rules` command."""
