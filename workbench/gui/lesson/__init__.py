"""Lessons: captioned views of the app saved with their run in one file, and played back step by step."""
