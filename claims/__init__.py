"""The domain: plain, typed functions over the models, which every door (pages, API,
commands, tasks) calls. Reads shared by the doors are in queries.py; imports/, datasets/
and agreement/ are packages for the larger concepts."""
