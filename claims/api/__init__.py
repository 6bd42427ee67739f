"""The REST API (/api/v1/): a thin door onto the domain in claims/.

Views parse input with a serializer, call one domain function and render; reads come from
claims/queries.py, where membership scoping and N+1 prevention live.

Declarations repeat one shape on purpose: each endpoint states its own schema
(extend_schema), and each serializer and filter its own fields, where a reader of that
endpoint looks; a shared builder would save lines and hide what each one accepts.
"""
