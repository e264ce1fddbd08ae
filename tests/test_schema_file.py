from pathlib import Path

from decision_app.core.loading import json_schema_bytes

SCHEMA = Path(__file__).resolve().parents[1] / "resources" / "decision-model.schema.json"


def test_json_schema_in_resources_is_current():
    assert SCHEMA.read_bytes() == json_schema_bytes(), "run `make schema` and commit resources/"


def test_schema_forbids_unknown_fields():
    import json

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert "schema_version" in schema["properties"]
