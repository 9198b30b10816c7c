"""The tabs under the Inspect page's grid: head statistics, attention over training, two sentences compared."""
