"""Background work: the training worker, the device probe, data and evaluation jobs, the inspection thread."""
