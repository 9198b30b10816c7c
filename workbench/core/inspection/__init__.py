"""Looking inside a model: attention, statistics and rollout, head ablation, saliency, masked-word guesses."""
