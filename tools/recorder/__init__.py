"""Records the console outputs of a MkDocs site's snippets from a real Docker engine."""
