"""The command door: each command parses its arguments and calls one domain function.

Their add_arguments() look alike on purpose: each command lists its own options, where
its --help is read; nothing else in them repeats.
"""
