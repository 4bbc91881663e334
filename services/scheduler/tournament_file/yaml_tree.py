"""YAML text to plain data and a line map, so a validation error can name its line.

PyYAML composes the text into a node tree (each node knows where it starts); this module
walks that tree once, building the plain values pydantic validates and, for every path
(`("fields", 0, "open", "sat")`), the line it is written on. Keys are kept as written
(`10:30:` stays the text "10:30"), scalars take YAML's meaning (numbers, dates, booleans).

The walk is bounded, because a file is untrusted: aliases are expanded (a director may reuse
an opening-hours block with `&`/`*` or `<<:`), but at most `MAX_VALUES` values in all and
`MAX_DEPTH` levels deep, so an alias bomb (a few lines expanding to billions of values) or
a recursive alias is one problem instead of a hung or crashed loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: A tournament of 200 divisions and 2,000 teams is ~30,000 values; ten times that is refused.
MAX_VALUES = 300_000
#: The deepest path a tournament file has is five levels (`fields[0].open.sat[0]`).
MAX_DEPTH = 20

Path = tuple[str | int, ...]

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlUnreadable(Exception):
    """The text is not YAML this loader reads; nothing of it can be validated."""

    def __init__(self, line: int | None, what: str) -> None:
        super().__init__(what)
        self.line = line
        self.what = what


@dataclass
class YamlDocument:
    """The plain data, the line of every path, and problems found while reading (keys
    written twice in one mapping, which YAML would silently resolve to the last)."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[tuple[Path, int, str]] = field(default_factory=list)

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest written ancestor (a missing key is reported
        on the line of the mapping it is missing from)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise `YamlUnreadable` for a syntax error or a bomb."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = str(error.problem or error)
        if isinstance(error, yaml.composer.ComposerError) and error.context:
            what = f"{error.context}, {what}"  # "expected a single document ..., but found ..."
        raise YamlUnreadable(mark.line + 1 if mark else None, what) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        raise YamlUnreadable(text[: error.position].count("\n") + 1, error.reason) from None
    except yaml.YAMLError as error:
        raise YamlUnreadable(None, str(error)) from None
    except RecursionError:  # the composer recurses once per level of nesting
        raise YamlUnreadable(None, f"nested more than {MAX_DEPTH} levels deep") from None
    document = YamlDocument(None)
    if node is not None:
        document.lines[()] = node.start_mark.line + 1
        document.data = _Walk(document).value(node, (), 0)
    return document


class _Walk:
    """One walk over the node tree, counting values against the budget."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.constructor = SafeConstructor()
        self.count = 0

    def value(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_VALUES:
            raise YamlUnreadable(
                line, f"the file holds more than {MAX_VALUES:,} values (aliases repeating aliases?)"
            )
        if depth > MAX_DEPTH:
            raise YamlUnreadable(line, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode) and node.tag == SEQ_TAG:
            return self.sequence(node, path, depth)
        if isinstance(node, MappingNode) and node.tag == MAP_TAG:
            return self.mapping(node, path, depth)
        raise YamlUnreadable(line, f"the YAML tag {node.tag} is not used in this file")

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node)
        except ConstructorError:
            raise YamlUnreadable(
                node.start_mark.line + 1, f"the YAML tag {node.tag} is not used in this file"
            ) from None
        except (ValueError, OverflowError):  # 2026-02-30, or an integer of 5,000 digits
            return node.value

    def sequence(self, node: SequenceNode, path: Path, depth: int) -> list[Any]:
        items = []
        for index, child in enumerate(node.value):
            self.document.lines[(*path, index)] = child.start_mark.line + 1
            items.append(self.value(child, (*path, index), depth + 1))
        return items

    def mapping(self, node: MappingNode, path: Path, depth: int) -> dict[str, Any]:
        """Keys as written; explicit keys win over merged ones (`<<:`), as YAML says."""
        result: dict[str, Any] = {}
        merges = []
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                raise YamlUnreadable(line, "a key must be plain text, not a list or mapping")
            key = key_node.value
            if key in result:
                first = self.document.lines[(*path, key)]
                self.document.problems.append(
                    ((*path, key), line, f"given twice in one mapping (first on line {first})")
                )
                continue
            self.document.lines[(*path, key)] = line
            result[key] = self.value(value_node, (*path, key), depth + 1)
        for merge in merges:
            self.merge(result, merge, path, depth)
        return result

    def merge(self, result: dict[str, Any], node: Node, path: Path, depth: int) -> None:
        """Add the keys of the mappings a `<<:` merges (one or a list) that are not already
        there; their lines are where they are written, at the anchor."""
        own_lines = self.document.lines
        for source in node.value if isinstance(node, SequenceNode) else [node]:
            if not isinstance(source, MappingNode):
                raise YamlUnreadable(
                    source.start_mark.line + 1, "`<<:` merges a mapping or a list of mappings"
                )
            self.document.lines = {}
            try:
                merged = self.value(source, path, depth + 1)
            finally:
                merged_lines, self.document.lines = self.document.lines, own_lines
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    prefix = (*path, key)
                    for where, line in merged_lines.items():
                        if where[: len(prefix)] == prefix:
                            own_lines.setdefault(where, line)
