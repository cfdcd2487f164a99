"""Content: YAML models, loading with validation, the immutable catalog and its index."""
