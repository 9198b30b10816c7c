"""One sub-package per page a person sees: data, model, train, inspect, evaluate, runs. No page imports another."""
