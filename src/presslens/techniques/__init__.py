"""Persuasion techniques: taxonomy, data, metrics, model and the train/evaluate task."""
