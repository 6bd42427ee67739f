"""What drf-spectacular cannot derive from our serializers, added to the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema

from claims.api.views import MAX_ARTICLES_PER_REQUEST
from claims.project_settings import (
    MAX_ANNOTATORS_PER_ARTICLE,
    MAX_CLAIM_EXPIRY_HOURS,
    MAX_QUEUE_SEED,
    MIN_CLAIM_EXPIRY_HOURS,
)


class ArticleInputExtension(OpenApiSerializerExtension):
    """An article's fields are closed: an unknown field is refused (400), so that a typo
    such as "titel" is not silently lost."""

    target_class = "claims.api.serializers.ArticleInputSerializer"

    def map_serializer(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        return schema | {"additionalProperties": False}


class TeamSettingsInputExtension(OpenApiSerializerExtension):
    """The settings' ranges, as claims.project_settings checks them: the serializer checks
    only types, so that the domain's message (naming the field) is the one a client gets.
    Closed as an article is: a misspelt setting is refused."""

    target_class = "claims.api.project_settings.TeamSettingsInputSerializer"
    RANGES: dict[str, dict[str, Any]] = {
        "annotators_per_article": {"minimum": 1, "maximum": MAX_ANNOTATORS_PER_ARTICLE},
        "queue_seed": {"minimum": 0, "maximum": MAX_QUEUE_SEED},
        "claim_expiry_hours": {
            "minimum": MIN_CLAIM_EXPIRY_HOURS,
            "maximum": MAX_CLAIM_EXPIRY_HOURS,
        },
        "double_coded_percent": {"minimum": 0, "maximum": 100},
    }

    def map_serializer(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        for name, limits in self.RANGES.items():
            schema["properties"][name] |= limits
        return schema | {"additionalProperties": False}


class RoleInputExtension(OpenApiSerializerExtension):
    """A member's PATCH has one field, the role, and needs it: drf-spectacular would make
    every field of a PATCH body optional."""

    target_class = "claims.api.owners.RoleInputSerializer"

    def map_serializer(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        return schema | {"required": ["role"]}


# Any operation may be throttled (claims/api/throttling.py); @extend_schema cannot state a
# response header, so the 429 is added here, to every operation at once.
THROTTLED = {
    "description": "Too many requests: over the rate limit. Wait Retry-After seconds.",
    "headers": {
        "Retry-After": {
            "schema": {"type": "integer", "minimum": 0},
            "description": "Seconds until a request will be served again.",
        }
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def finish_schema(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """SPECTACULAR_SETTINGS postprocessing hook: every request body of ours is required,
    an import takes 1 to MAX_ARTICLES_PER_REQUEST articles, and any operation may answer
    429."""
    for path in result["paths"].values():
        for operation in path.values():
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True
            operation["responses"]["429"] = THROTTLED
    many = result["components"]["schemas"]["ArticleInputOneOrMany"]["oneOf"][1]
    many |= {"minItems": 1, "maxItems": MAX_ARTICLES_PER_REQUEST}
    return result
