"""Check parsed YAML against the JSON Schemas shipped in the package, as Problems.

Two validators read the same schemas. fastjsonschema compiles each schema into Python code once and
answers "valid or not" about 15 times faster than jsonschema, which made validation a third of a
cold build's loading; almost every record is valid, so that is all most records need. Only a record
it rejects goes to jsonschema (Draft 2020-12), whose errors name every problem and where it is.
The schemas use keywords both read the same way (type, properties, required, additionalProperties,
items, enum, pattern, lengths, bounds, uniqueItems); tests check that they agree.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable

import fastjsonschema

from generator.problems import Problem, field_path
from generator.content.yamlload import Located

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

KINDS = ("site", "dimensions", "jurisdiction", "policy", "brief")
_TYPE_NAMES = {"string": "text", "object": "a mapping (key: value)", "array": "a list",
               "boolean": "true or false", "integer": "a whole number", "number": "a number", "null": "nothing"}


@lru_cache(maxsize=None)
def schema_text(kind: str) -> str:
    """Return the JSON Schema for a record kind as published text."""
    return resources.files("generator.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")


@lru_cache(maxsize=None)
def _validator(kind: str) -> "Draft202012Validator":
    from jsonschema import Draft202012Validator  # imported only when a record is invalid

    return Draft202012Validator(json.loads(schema_text(kind)))


@lru_cache(maxsize=None)
def _fast_check(kind: str) -> Callable[[Any], Any]:
    return fastjsonschema.compile(json.loads(schema_text(kind)), use_formats=False)


def is_valid(kind: str, data: Any) -> bool:
    """Return whether `data` is a valid record of `kind` (fast; says nothing about why not)."""
    try:
        _fast_check(kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate(kind: str, located: Located, shown: str) -> list[Problem]:
    """Return one Problem per schema violation in `located`, each with its line and column."""
    if is_valid(kind, located.data):
        return []
    problems = []
    for error in _validator(kind).iter_errors(located.data):
        problems.extend(_problems_for(error, located, shown))
    return problems


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def _choice_problems(error: "ValidationError", located: Located, shown: str, where, path, hint) -> list[Problem]:
    """Explain a value that fits none of several shapes by the shape of its own type (a provision is one
    mapping or a list of them): that shape's problems, or what the shapes are when its type fits none."""
    choices = error.validator_value
    kinds = [c.get("type") for c in choices]
    instance = error.instance
    wanted = "object" if isinstance(instance, dict) else "array" if isinstance(instance, list) else None
    if wanted in kinds:
        branch = kinds.index(wanted)
        problems = []
        for sub in error.context:
            if sub.relative_schema_path and sub.relative_schema_path[0] == branch:
                problems.extend(_problems_for(sub, located, shown))
        if problems:
            return problems
    names = " or ".join(_TYPE_NAMES.get(k, str(k)) for k in kinds if isinstance(k, str))
    return [Problem(shown, where.line, where.column, f"expected {names}, found {_describe(instance)}",
                    field_path(path), hint)]


def _problems_for(error: "ValidationError", located: Located, shown: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    where = located.position(path)
    hint = error.schema.get("description", "") if isinstance(error.schema, dict) else ""
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        problems = []
        for key in sorted(set(error.instance) - set(allowed)):
            at = located.position(path + (key,), key=True)
            close = difflib.get_close_matches(key, allowed, n=1)
            problems.append(Problem(shown, at.line, at.column, f"unknown field '{key}'", field_path(path + (key,)),
                                    f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"))
        return problems
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Problem(shown, where.line, where.column, f"missing required field '{missing}'", field_path(path),
                        error.schema.get("properties", {}).get(missing, {}).get("description", ""))]
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        message = f"expected {_TYPE_NAMES.get(wanted, wanted)}, found {_describe(error.instance)}"
        if isinstance(error.instance, bool) and wanted == "string":
            hint = "YAML reads yes/no/on/off as true/false: put the text in quotes"
        elif isinstance(error.instance, (int, float)) and wanted == "string":
            hint = hint or "put the value in quotes"
        return [Problem(shown, where.line, where.column, message, field_path(path), hint)]
    if kind == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        close = difflib.get_close_matches(str(error.instance), [str(o) for o in error.validator_value], n=1)
        return [Problem(shown, where.line, where.column, f"{_describe(error.instance)} is not one of: {options}",
                        field_path(path), f"did you mean '{close[0]}'?" if close else hint)]
    if kind == "pattern":
        return [Problem(shown, where.line, where.column, f"{_describe(error.instance)} is not in the expected form",
                        field_path(path), hint)]
    if kind in ("oneOf", "anyOf"):
        return _choice_problems(error, located, shown, where, path, hint)
    if kind in ("minItems", "minLength"):
        return [Problem(shown, where.line, where.column, "must not be empty", field_path(path), hint)]
    if kind == "uniqueItems":
        return [Problem(shown, where.line, where.column, "lists the same item twice", field_path(path))]
    return [Problem(shown, where.line, where.column, error.message, field_path(path), hint)]
