"""Pydantic models of every event and document that crosses a service boundary.

Everything here is data: no Kafka, no HTTP. `schemas.codec` turns bytes into these models
(with errors that name the field), and `schemas.export` writes them as JSON Schema for the
people who build field apps.
"""
