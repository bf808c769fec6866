#!/usr/bin/env python3
"""Validates generated JSON texts against their JSON Schemas with the `jsonschema` package.

Input: a JSON-lines file (path as the first argument, or stdin), one object per line:
  {"id": "...", "text": "<generated text>", "schema": {...}}        schema inline, or
  {"id": "...", "text": "...", "schema_file": "path/to/schema.json"}  schema from a file, or
  {"id": "...", "text": "...", "schema": null}                      json_object mode: any JSON object.
Every text must parse as JSON (strictly: no NaN/Infinity, no trailing text) and validate against its schema,
with format checking on. A schema that uses a format this Python cannot check is itself a failure (install the
packages in requirements.txt), so a missing checker can never hide a bad output.

Output (stdout): {"checked": N, "failures": [{"id", "text", "error"}, ...]}; exit status 1 when any failed.
Used by the Constraints tests (grammar-only generation) and reusable for real-model runs.
"""
import json
import sys

from jsonschema.validators import validator_for
from jsonschema import Draft202012Validator

FORMATS_WE_ENFORCE = {"date", "time", "date-time", "email", "uuid", "ipv4", "ipv6", "uri"}


def formats_in(schema):
    """Every `format` value used anywhere in a schema document."""
    found = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                found.add(node["format"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def reject_constant(name):
    raise ValueError(f"non-standard JSON constant {name}")


def main():
    stream = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    schema_cache = {}
    checked = 0
    failures = []
    for line_no, line in enumerate(stream, 1):
        line = line.strip()
        if not line:
            continue
        record = json.loads(line)
        rid = record.get("id", f"line {line_no}")
        text = record["text"]
        checked += 1
        try:
            if "schema_file" in record:
                path = record["schema_file"]
                if path not in schema_cache:
                    with open(path, encoding="utf-8") as f:
                        schema_cache[path] = json.load(f)
                schema = schema_cache[path]
            else:
                schema = record.get("schema")
            instance = json.loads(text, parse_constant=reject_constant)
            if schema is None:
                if not isinstance(instance, dict):
                    raise ValueError("json_object mode: top level is not an object")
                continue
            cls = validator_for(schema, default=Draft202012Validator)
            cls.check_schema(schema)
            validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
            missing = (formats_in(schema) & FORMATS_WE_ENFORCE) - set(validator.format_checker.checkers)
            if missing:
                raise ValueError(f"no checker for format(s) {sorted(missing)}: pip install -r requirements.txt")
            errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
            if errors:
                raise ValueError("; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:3]))
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none is fatal
            failures.append({"id": rid, "text": text, "error": f"{type(exc).__name__}: {exc}"})
    json.dump({"checked": checked, "failures": failures}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
