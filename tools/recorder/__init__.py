"""Records the console outputs of the tutorial's snippets from a real Docker engine."""
