"""The Qt-free core: data, tokenizer, model, training engine, inspection and run storage.

Nothing under this package may import Qt; tests/core/test_no_qt.py enforces it.
"""
