"""Feeding models and running them: datasets, image files, training runs, predictions."""
