"""The encoder: embeddings, positions, attention blocks, heads, and what a size costs (parameters, memory, FLOPs)."""
