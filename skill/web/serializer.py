"""The one serializer that reads request envelopes and writes responses, for both entries.

It is ask-sdk's own, lenient about enumeration values it does not know, and without the needless costs of its
generic reader, which works out each model class's fields again for every object of every request: reading a
request takes about a third of the time ask-sdk takes (writing an answer is already quick).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope


@dataclass(frozen=True)
class ModelFields:
    """What reading one model class needs, worked out once: (attribute, JSON key, type) for each field, the set of
    JSON keys it knows, and whether its concrete class is named by a discriminator (Request → IntentRequest)."""

    fields: tuple[tuple[str, str, Any], ...]
    keys: frozenset[str]
    by_discriminator: bool

    @classmethod
    def of(cls, model: type) -> ModelFields:
        names = getattr(model, "attribute_map", {})
        fields = tuple((name, names.get(name, name), kind) for name, kind in model.deserialized_types.items())
        return cls(fields=fields, keys=frozenset(key for _, key, _ in fields),
                   by_discriminator=hasattr(model, "get_real_child_model"))


class EnvelopeSerializer(DefaultSerializer):
    """ask-sdk's serializer with its private reading hooks replaced under their mangled names. Should a release
    rename them, these are simply not called and requests are read exactly as before, only slower and strict;
    tests/test_endpoint.py (the faster reader) and tests/test_dispatch.py (unknown values) fail then, so that it is
    noticed. tests/test_endpoint.py also reads every kind of request both ways and compares the results."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, Any] = {}
        self._models: dict[type, ModelFields | None] = {}

    def read_envelope(self, envelope: dict[str, Any]) -> RequestEnvelope:
        """The request envelope from its JSON, already parsed (by the shape check), so it is not parsed twice."""
        try:
            return self._DefaultSerializer__deserialize(envelope, RequestEnvelope)
        except SerializationException:
            raise
        except Exception as error:  # noqa: BLE001 - ask-sdk's deserialize wraps whatever its reading raises
            raise SerializationException(str(error)) from error

    def _DefaultSerializer__deserialize(self, payload: Any, obj_type: Any) -> Any:
        # Most fields of a request are strings that are already strings: ask-sdk would test the type's name against
        # list[...], dict(...) and its table of native types, then call str() on the value, only to return it.
        if obj_type == "str" and type(payload) is str:
            return payload
        return DefaultSerializer._DefaultSerializer__deserialize(self, payload, obj_type)

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        # ask-sdk imports a model's module again for every object of every request; the answer never changes.
        found = self._classes.get(class_name)
        if found is None:
            found = DefaultSerializer._DefaultSerializer__load_class_from_name(self, class_name)
            self._classes[class_name] = found
        return found

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        # ask-sdk parses with dateutil, ~40 us for an ISO 8601 timestamp that fromisoformat reads in ~1 us (the
        # verifier reads the request timestamp with it too). Anything else still goes to dateutil.
        if obj_type is datetime and isinstance(payload, str):
            try:
                return datetime.fromisoformat(payload)
            except ValueError:
                pass
        return DefaultSerializer._DefaultSerializer__deserialize_datetime(self, payload, obj_type)

    def _DefaultSerializer__deserialize_model(self, payload: Any, obj_type: Any) -> Any:
        # Alexa adds enumeration values (SessionEnded reasons, dialog states) without notice; ask-sdk refuses the
        # whole request on one it does not know, where Alexa expects an answer. Such a value reads as absent.
        if isinstance(obj_type, type) and issubclass(obj_type, Enum):
            try:
                return obj_type(payload)
            except ValueError:
                return None
        model = self._fields_of(obj_type)
        if model is None or not isinstance(payload, dict):
            return DefaultSerializer._DefaultSerializer__deserialize_model(self, payload, obj_type)
        # As ask-sdk reads a model, without working out its fields again for every object (and without searching a
        # list of keys for each key of the payload).
        try:
            if model.by_discriminator:
                obj_type = self._DefaultSerializer__get_obj_by_discriminator(payload, obj_type)
                model = self._fields_of(obj_type)
            read = obj_type()
            for name, key, kind in model.fields:
                if key in payload:
                    setattr(read, name, self._DefaultSerializer__deserialize(payload[key], kind))
            for key in payload:
                if key not in model.keys:
                    setattr(read, key, payload[key])
            return read
        except Exception as error:  # noqa: BLE001 - as ask-sdk: any failure inside a model is a SerializationException
            raise SerializationException(str(error)) from error

    def _fields_of(self, obj_type: type) -> ModelFields | None:
        """A model class's fields, or None for a class that is not a model."""
        if obj_type not in self._models:
            self._models[obj_type] = ModelFields.of(obj_type) if hasattr(obj_type, "deserialized_types") else None
        return self._models[obj_type]
