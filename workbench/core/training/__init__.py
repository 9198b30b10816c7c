"""The training engine and its parts: batching, optimiser, schedule, progress, validation, device, events."""
