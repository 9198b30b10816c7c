"""Scoring a trained classifier: metrics, per-class report, confusion matrix, predictions to a file."""
