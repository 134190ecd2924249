"""What is stored about a person and where: the record's shape, persistence adapters, SQLite."""
