"""Transformer Workbench: size, train and inspect a Transformer encoder on your own text."""

__version__ = "0.1.0"
