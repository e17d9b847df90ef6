"""Waits that hold under the site's Content Security Policy.

Playwright runs a `wait_for_function` given an expression through `eval` at each poll after the first,
and the site's CSP ('script-src' without 'unsafe-eval') refuses that: the wait then fails with an
EvalError whenever its condition is not already true, that is, only on a slow machine. A predicate
written as a function is compiled once and polls without `eval`.
"""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).parents[1]
FUNCTION = re.compile(r"\s*(\(\s*\w*\s*\)|\w+)\s*=>|\s*(async\s+)?function\b")


def _predicates(tree: ast.AST):
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "wait_for_function" and node.args):
            first = node.args[0]
            while isinstance(first, ast.BinOp):  # "... %s" % value
                first = first.left
            if isinstance(first, ast.JoinedStr):
                first = first.values[0] if first.values else ast.Constant("")
            yield node.lineno, first.value if isinstance(first, ast.Constant) else None


def test_every_wait_for_a_condition_is_given_a_function():
    expressions = []
    for path in sorted(TESTS.rglob("*.py")):
        for line, text in _predicates(ast.parse(path.read_text("utf-8"))):
            if text is None or not FUNCTION.match(text):
                expressions.append(f"{path.relative_to(TESTS)}:{line}")
    assert expressions == []


def test_the_check_sees_an_expression():
    tree = ast.parse("page.wait_for_function(\"document.title === '%s'\" % x)\n"
                     "page.wait_for_function(f\"() => document.title === '{x}'\")\n"
                     "page.wait_for_function('u => u.width > 10', arg=shape)\n")
    found = [(line, bool(FUNCTION.match(text))) for line, text in _predicates(tree)]
    assert found == [(1, False), (2, True), (3, True)]
