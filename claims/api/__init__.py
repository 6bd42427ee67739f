"""The REST API (/api/v1/): a thin door onto the domain in claims/.

Views parse input with a serializer, call one domain function and render; reads come from
claims/queries.py, where membership scoping and N+1 prevention live.
"""
