"""Evidence: archived reports, the source registry, quotes and the checks that verify them."""
