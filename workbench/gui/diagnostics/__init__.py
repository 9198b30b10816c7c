"""Start-up timing and the smoke test of the whole window."""
