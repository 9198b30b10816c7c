"""Run folders on disk: writing them atomically and reading them back without unpickling anything."""
