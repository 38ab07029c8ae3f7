"""Serializers whose JSON keys come from the module's vocabulary.

A module's serializer lists its keys once, in the vocabulary; types, lengths, choices
and required-ness come from the model (DRF's ``ModelSerializer``)::

    class ClientSerializer(VocabularySerializer):
        class Meta:
            model = Client
            vocabulary = CLIENT
            fields = CLIENT.keys()  # or a subset, in the order the JSON shows them
            read_only_fields = ["id", "creado_en"]

Uniqueness is not checked here: the module's service answers a duplicate with a 409
that names the existing record (and the database constraint backs it up under races).
Writes never go through ``serializer.save()``: views pass ``validated_data`` (model
field names) to a service.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.validators import UniqueValidator


class VocabularySerializer(serializers.ModelSerializer):
    @classmethod
    def vocabulary(cls):
        return getattr(cls.Meta, "vocabulary", None)

    def get_extra_kwargs(self):
        extra_kwargs = super().get_extra_kwargs()
        vocabulary = self.vocabulary()
        if vocabulary is None:
            return extra_kwargs
        declared = set(self._declared_fields)
        for key in self.Meta.fields:
            field = vocabulary.field(key)
            if field != key and key not in declared:
                extra_kwargs.setdefault(key, {})["source"] = field
        return extra_kwargs

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        validators = [v for v in field_kwargs.get("validators", []) if not isinstance(v, UniqueValidator)]
        if "validators" in field_kwargs:
            field_kwargs["validators"] = validators
        return field_class, field_kwargs

    def get_validators(self):
        return []


class AuthorSerializer(serializers.Serializer):
    """A user as a record's author (``creado_por``): who, not everything about them."""

    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(read_only=True)
    nombre_completo = serializers.CharField(source="full_name", read_only=True)
