"""Reading a collection's files: safe YAML, validators built from the records, the loader, its cache."""
