"""Prepares /openapi.json for fuzzing as one signed-in caller (a bearer session token).

Schemathesis generates values for every security scheme and parameter the document offers. A
generated `X-API-Key`, cookie or `?token=` next to a valid bearer token is (rightly) a 401, so the
operations would never be exercised past authentication. This keeps `bearerAuth` as the only
scheme of operations that accept it and drops the interview-token query parameter; public
operations keep their empty security. Everything else in the document is unchanged.

Usage: fuzz_schema.py IN.json OUT.json
"""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
with open(source) as handle:
    document = json.load(handle)

for path_item in document["paths"].values():
    for method, operation in path_item.items():
        if not isinstance(operation, dict) or "responses" not in operation:
            continue
        security = operation.get("security")
        if security and any("bearerAuth" in requirement for requirement in security):
            operation["security"] = [{"bearerAuth": []}]
        operation["parameters"] = [
            parameter for parameter in operation.get("parameters", [])
            if parameter.get("$ref") != "#/components/parameters/InterviewTokenQuery"
        ]
document["components"]["securitySchemes"] = {
    name: scheme for name, scheme in document["components"]["securitySchemes"].items() if name == "bearerAuth"
}

with open(target, "w") as handle:
    json.dump(document, handle, indent=2)
