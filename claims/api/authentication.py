"""`Authorization: Token <key>`, checked against the digests claims.tokens stores.

DRF's TokenAuthentication parses the header and answers 401 with `WWW-Authenticate: Token`;
only the lookup is ours, since its own compares a plain key stored in the database.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from claims.models import ApiToken
from claims.tokens import authenticate_token


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = authenticate_token(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return token.user, token
