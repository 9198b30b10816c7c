"""Background work: the training worker, data and evaluation jobs, the inspection thread."""
