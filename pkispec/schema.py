"""The JSON Schema of the spec, generated from the models (schema/pkispec.schema.json)."""

from __future__ import annotations

import json

from pkispec.spec.model import Spec


def schema_text() -> str:
    schema = Spec.model_json_schema(mode="validation")
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
