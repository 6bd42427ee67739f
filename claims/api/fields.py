"""Serializer fields that take only the JSON type the schema states.

DRF coerces: "yes" and 0 become booleans, 5 becomes the string "5", "5" the number 5. A
client that sends the wrong type has a bug, and a setting or a text saved from it silently
would hide that bug; these fields refuse it with the field's usual 400 instead.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class JSONBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class JSONIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class JSONNumberField(serializers.FloatField):
    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class JSONStringField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
