"""The web workflow's pages, one module per screen family; urls.py names each view."""
