"""Reading and writing a collection's files: safe YAML, the file formats, the loader, its cache, roots."""
