"""Suggestions: proposed labels and attributions for sentences, made by pluggable backends.

A suggestion is never anyone's annotation: it carries the backend's name and version so
that what it proposed, and what an annotator later accepted from it, can be told apart.
"""
