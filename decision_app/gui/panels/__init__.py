"""Dock panels: weights, matrix and evidence."""
