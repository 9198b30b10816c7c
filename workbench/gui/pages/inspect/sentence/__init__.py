"""The Inspect page's sentence: the tokens the model sees with their saliency, and its prediction (class
probabilities, or fill-in guesses for a model pre-trained on masked words)."""
