"""The training flow's state, without widgets: starting, stopping and restoring runs, the pre-trained lock."""
