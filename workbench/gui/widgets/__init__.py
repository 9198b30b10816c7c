"""Page-agnostic widgets and helpers: theme, icons, message boxes, labels that do not relayout, formatting."""
