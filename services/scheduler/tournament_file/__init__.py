"""The tournament file: YAML read with a line map, validated by pydantic models per section."""
