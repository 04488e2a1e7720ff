"""Bundled scenario files and shared catalogues (data only, no code)."""
