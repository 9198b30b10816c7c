"""Run folders on disk: one writer at a time (lock.py), checkpoints as transactions (checkpoint.py), atomic
writes and a full disk in plain words (files.py), readers that turn any damage into one RunError (readers.py,
summary.py for the app's Runs page), and the RunFolder that ties them together (folder.py)."""
