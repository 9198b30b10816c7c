"""The window's language: loading translations, and a font that has the Chinese characters."""
