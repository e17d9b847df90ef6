"""Read content files safely and parse YAML keeping the line and column of every value."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.problems import Position, Problem

try:  # libyaml is 1.45x faster and still records marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_NODES = 200_000
MAX_DEPTH = 64

Path_ = tuple  # a path into the data: keys and list indexes

# Characters a double-quoted YAML escape ("\x01", "\uffff") can smuggle in that HTML, XML feeds and
# terminals cannot show: C0/C1 controls other than tab and line breaks, DEL, non-characters, surrogates.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class Located:
    """Parsed YAML data, and the position of each value and each mapping key.

    Positions are needed only for messages, and recording them cost a third of parsing, so a document
    parsed cleanly keeps its text instead and finds its positions again the first time one is asked for.
    """

    __slots__ = ("data", "_values", "_keys", "_text", "_line_offset")

    def __init__(self, data: Any, values: dict | None = None, keys: dict | None = None, *,
                 text: str | None = None, line_offset: int = 0):
        self.data = data
        self._values, self._keys = values, keys
        self._text, self._line_offset = text, line_offset

    def __repr__(self) -> str:
        return f"Located({self.data!r})"

    @property
    def text(self) -> str | None:
        """The YAML text the data was parsed from (None when built from data and positions)."""
        return self._text

    @property
    def values(self) -> dict:
        self._locate()
        return self._values

    @property
    def keys(self) -> dict:
        self._locate()
        return self._keys

    def _locate(self) -> None:
        if self._values is None:
            builder = _Builder("", self._line_offset, positions=True)
            builder.build(yaml.compose(self._text or "{}", Loader=_Loader), (), 0)
            self._values, self._keys = builder.values, builder.keys

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Return the position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        path = tuple(path)
        if key and path in table:
            return table[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Position(1, 1))


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Return the YAML document with positions, or None and the syntax problems."""
    if not text.strip():
        return None, [Problem(shown, line_offset + 1, 1, "no YAML content", hint="the file is empty")]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, shown, line_offset)]
    except yaml.reader.ReaderError as error:  # a character YAML refuses: locate it, say which
        if _Loader is yaml.SafeLoader:
            before = text[:max(error.position, 0)]
        else:  # libyaml counts bytes of UTF-8
            before = text.encode("utf-8")[:max(error.position, 0)].decode("utf-8", "ignore")
        position = len(before)
        line = before.count("\n") + 1 + line_offset
        column = position - (before.rfind("\n") + 1) + 1
        return None, [Problem(shown, line, column, f"invalid YAML: the character U+{error.character:04X} is not "
                              "allowed", hint="remove it (control characters cannot appear in YAML text)")]
    except yaml.YAMLError as error:
        return None, [Problem(shown, line_offset + 1, 1, f"invalid YAML: {error}")]
    except RecursionError:
        return None, [Problem(shown, line_offset + 1, 1, "YAML is nested too deeply")]
    if node is None:
        return None, [Problem(shown, line_offset + 1, 1, "no YAML content", hint="the file is empty")]
    data = _Builder(shown, line_offset, positions=False).build(node, (), 0)
    if data is _Builder.FAILED:  # build it again noting positions, to say where
        builder = _Builder(shown, line_offset, positions=True)
        builder.build(node, (), 0)
        return None, builder.problems
    return Located(data, text=text, line_offset=line_offset), []


# What the parser was reading when it found a bracket left open: the bracket, its closing one, what they are called.
_BRACKETS = {"while parsing a flow sequence": ("[", "]", "brackets"),
             "while parsing a flow mapping": ("{", "}", "braces")}


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown: str, line_offset: int) -> Problem:
    mark, opened = error.problem_mark or error.context_mark, error.context_mark
    lines = text.splitlines()
    hint = None  # the parser's own account: what it was reading, and where it opened, when it can say
    if (opened is not None and error.context == "while scanning a quoted scalar"
            and "end of stream" in str(error.problem)):
        # the text ended within quotes: the parser stops past its last line, and the mend is where the quote opens
        mark = opened
        quote = lines[opened.line][opened.column:opened.column + 1] if opened.line < len(lines) else ""
        hint = (f"the text that opens with {quote or 'a quote'} here is never closed: end it with the same quote "
                "(within double quotes, a quote is written \\\"; within single quotes, as two single quotes)")
    elif opened is not None and error.context in _BRACKETS and mark is not None and opened.line != mark.line:
        first, last, name = _BRACKETS[error.context]
        hint = (f"the '{first}' on line {opened.line + 1 + line_offset} (column {opened.column + 1}) is not closed "
                f"before this line: close it with '{last}', or put the whole value in quotes if the {name} are part "
                "of the text")
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    message = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
    if "\ufeff" in source_line:
        hint = "this line holds an invisible byte-order mark (U+FEFF), pasted from another file: delete it"
    elif hint is None and "\t" in source_line:  # a tab within a quote left open is text, not the mistake
        hint = "YAML does not allow tabs for indentation: use spaces"
    elif hint is None and "mapping values are not allowed" in message:
        hint = "quote text that contains ': ' (a colon followed by a space)"
    hint = hint or "check the indentation and quoting on this line and the one before"
    return Problem(shown, line, column, f"invalid YAML: {message}", hint=hint)


class _Builder:
    """Turns a composed YAML node graph into plain data, noting problems and (if asked) positions.

    Without positions it is the fast path for clean documents: at the first problem it gives up and
    `build` returns FAILED, and the caller builds again with positions to report every problem.
    """

    _constructor = SafeConstructor()
    FAILED = object()

    def __init__(self, shown: str, line_offset: int, positions: bool):
        self.shown = shown
        self.line_offset = line_offset
        self.tracking = positions
        self.values: dict = {}
        self.keys: dict = {}
        self.problems: list[Problem] = []
        self.count = 0

    class _Failed(Exception):
        pass

    def position(self, node: Node) -> Position:
        return Position(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def problem(self, node: Node, message: str, hint: str = "") -> None:
        if not self.tracking:
            raise self._Failed
        where = self.position(node)
        self.problems.append(Problem(self.shown, where.line, where.column, message, hint=hint))

    def build(self, node: Node, path: tuple, depth: int) -> Any:
        """Return the data of `node` (FAILED, without positions, if there is a problem)."""
        if self.tracking or depth:
            return self._build(node, path, depth)
        try:
            return self._build(node, path, depth)
        except self._Failed:
            return self.FAILED

    def _build(self, node: Node, path: tuple, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            if self.count == MAX_NODES + 1 or (depth == MAX_DEPTH + 1 and not self.problems):
                self.problem(node, "document is too large or too deeply nested (are aliases expanding?)",
                             hint="remove YAML anchors and aliases (&name, *name)")
            return None
        if self.tracking:
            self.values.setdefault(path, self.position(node))
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self._build(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "a mapping key must be plain text")
                continue
            key = key_node.value
            if not self.printable(key_node):
                continue
            if key in result:
                self.problem(key_node, f"duplicate key '{key}'", hint="each field may appear only once")
                continue
            if self.tracking:
                self.keys[path + (key,)] = self.position(key_node)
            result[key] = self._build(value_node, path + (key,), depth + 1)
        return result

    def printable(self, node: ScalarNode) -> bool:
        bad = _FORBIDDEN.search(node.value)
        if bad:
            self.problem(node, f"contains the unprintable character U+{ord(bad.group(0)):04X}",
                         hint="remove it; write plain text (a \\x or \\u escape may have produced it)")
        return bad is None

    def scalar(self, node: ScalarNode) -> Any:
        if not self.printable(node):
            return None
        tag = node.tag
        if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text; records.py parses them with clear errors
        if tag == "tag:yaml.org,2002:null":
            return None
        try:
            if tag == "tag:yaml.org,2002:bool":
                return self._constructor.construct_yaml_bool(node)
            if tag == "tag:yaml.org,2002:int":
                return self._constructor.construct_yaml_int(node)
            if tag == "tag:yaml.org,2002:float":
                return self._constructor.construct_yaml_float(node)
        except (ValueError, yaml.YAMLError):
            self.problem(node, f"cannot read the value '{node.value}'")
            return None
        self.problem(node, f"unsupported YAML tag {tag}", hint="remove the '!' tag")
        return None
