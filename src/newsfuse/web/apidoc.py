"""The API reference page, generated from the app's own OpenAPI schema (so it cannot drift).

Reads the schema FastAPI builds from the routes; adds a flat list of operations (method, path,
summary, description, parameters, responses) that ``templates/api_docs.html`` lays out. Served at
``/api/docs`` with no JavaScript and nothing from a CDN; the raw schema is ``/api/openapi.json``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["Operation", "Parameter", "operations"]


@dataclasses.dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclasses.dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    tag: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: tuple[str, ...]
    responses: tuple[tuple[str, str], ...]

    @property
    def anchor(self) -> str:
        return (
            f"{self.method}-{self.path}".lower().replace("/", "-").replace("{", "").replace("}", "")
        )


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "const" in schema:
        return str(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return str(kind)


def operations(schema: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI schema, in path order."""
    out: list[Operation] = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = tuple(
                Parameter(
                    name=p["name"],
                    where=p.get("in", ""),
                    required=bool(p.get("required")),
                    type=_type(p.get("schema", {})),
                    description=p.get("description") or p.get("schema", {}).get("description", ""),
                )
                for p in op.get("parameters", [])
            )
            body = tuple(sorted(op.get("requestBody", {}).get("content", {})))
            responses = tuple(
                (code, str(r.get("description", ""))) for code, r in op.get("responses", {}).items()
            )
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    tag=(op.get("tags") or ["other"])[0],
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    parameters=params,
                    body=body,
                    responses=responses,
                )
            )
    return out
