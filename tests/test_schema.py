"""``reader schema``: a valid JSON Schema 2020-12 that agrees with the loader.

Files are read for the schema the way a YAML language server reads them
(YAML 1.2 core typing, via :func:`reader.loader.yaml_core_data`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reader.cli import main
from reader.loader import load_text, yaml_core_data
from reader.paths import bundled_interviews, discover
from reader.schema import build_schema

from .test_loader_support import FIXTURES, VALID, replace_line

VALIDATOR = jsonschema.Draft202012Validator(build_schema())


def schema_errors(text: str) -> list[str]:
    """``path: message`` for each schema violation of ``text``."""
    data = yaml_core_data(text)
    return sorted(
        "/".join(str(part) for part in error.absolute_path) + ": " + error.validator
        for error in VALIDATOR.iter_errors(data)
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_reader_schema_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == build_schema()


BUNDLED = discover([bundled_interviews()])


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_interviews_validate(path: Path) -> None:
    assert schema_errors(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", ["valid.yaml", "control-characters.yaml", "markup.yaml"])
def test_files_the_loader_accepts_validate(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert load_text(text, Path(name)).ok
    assert schema_errors(text) == []


def test_plain_null_in_text_is_the_one_known_difference() -> None:
    """To a YAML 1.2 editor, plain ``null`` and ``~`` are null; reader keeps them as text.

    The schema stays strict there (so that an empty ``quote:`` is flagged as
    you type); docs/format.md says to quote such text.
    """
    text = (FIXTURES / "yaml11-traps.yaml").read_text(encoding="utf-8")
    assert load_text(text, Path("traps.yaml")).ok
    assert schema_errors(text) == [
        "sections/0/answers/3/quote: anyOf",
        "sections/0/answers/5/quote: anyOf",
    ]


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        (1, "reader: 2", ["reader: const"]),
        (1, "x-reader: 1", [": required"]),
        (2, "title: [a]", ["title: anyOf"]),
        (3, "id: Not A Slug", ["id: anyOf"]),
        (4, "date: 2024-13-01", ["date: anyOf"]),
        (9, "  url: javascript:alert(1)", ["source/url: pattern"]),
        (17, "  R M:", ["people: pattern"]),
        (
            25,
            "    questoin: x",
            [
                "sections/0: additionalProperties",
                "sections/0: dependentRequired",
                "sections/0: dependentRequired",
            ],
        ),
        (27, "    reported: yes", ["sections/0/reported: type"]),
        (33, "        time: 75:00", ["sections/0/answers/0/time: pattern"]),
        (39, "        kind: factcheck", ["sections/0/annotations/0/kind: enum"]),
        (22, "    on: Come back", ["annotations/0: not"]),
    ],
)
def test_schema_catches_what_the_loader_catches(line: int, new: str, expected: list[str]) -> None:
    src = replace_line(line, new)
    assert not load_text(src, Path("t.yaml")).ok
    assert schema_errors(src) == expected


def test_x_keys_are_allowed_everywhere() -> None:
    src = replace_line(1, "reader: 1\nx-tool: {a: 1}")
    assert schema_errors(src) == []


def _walk(node: Any) -> list[dict[str, Any]]:
    out = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            out.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def test_every_object_is_closed() -> None:
    """Unknown keys are errors in the loader, so every object forbids them too."""
    objects = [d for d in _walk(build_schema()) if d.get("type") == "object"]
    assert objects
    for obj in objects:
        assert "additionalProperties" in obj


class TestYamlCoreData:
    """The YAML 1.2 core view of a file, used by the schema test."""

    def test_core_typing(self) -> None:
        assert yaml_core_data(
            "a: no\nb: 010\nc: 1:30\nd: true\ne: ~\nf: 1.5\ng: '1'\nh: 0x1F\ni: .inf\nj:\n"
        ) == {
            "a": "no",
            "b": 10,
            "c": "1:30",
            "d": True,
            "e": None,
            "f": 1.5,
            "g": "1",
            "h": 31,
            "i": float("inf"),
            "j": None,
        }

    def test_nested_and_deep(self) -> None:
        assert yaml_core_data("a: [1, {b: [c]}]") == {"a": [1, {"b": ["c"]}]}
        with pytest.raises(ValueError, match="nested too deeply"):
            yaml_core_data("[" * 40 + "]" * 40)

    def test_refuses_aliases(self) -> None:
        with pytest.raises(ValueError, match="anchors and aliases are not allowed"):
            yaml_core_data("a: &x 1\nb: *x\n")

    def test_valid_fixture(self) -> None:
        data = yaml_core_data(VALID)
        assert isinstance(data, dict) and data["reader"] == 1
