"""``class Name(NamedTuple)`` as typing writes it, at a tenth of typing's cost.

With ``from __future__ import annotations`` (every module of reader), each
field's annotation is a string, and ``typing.NamedTuple`` compiles each one
into a ``ForwardRef`` when the class is made: about 0.15 ms a field, so the
three classes of the query language cost 1.9 ms to import, and importing
``typing`` itself 2 to 3 ms more (python -X importtime, 2026-12-04).  A
warm ``reader search --count`` (about 30 ms, against ripgrep's 15) pays
both.

:class:`NamedTuple` here makes the same class from the same syntax with
:func:`collections.namedtuple`: the fields in order, the defaults (a field
without one after a field with one is refused), the methods, properties
and docstring of the class body, ``__annotations__`` (kept as the strings
they are), and ``__module__`` and ``__qualname__`` (so instances pickle,
to and from a process pool).  A test holds it to ``typing.NamedTuple``.
Type checkers see ``typing.NamedTuple`` itself.

Pure core: imports neither textual nor rich.
"""

from __future__ import annotations

import collections

__all__ = ["NamedTuple"]

TYPE_CHECKING = False  # mypy takes any TYPE_CHECKING as true; typing's would import typing
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    # What a class body may not redefine, and what it has that is no
    # attribute of the class (as typing.NamedTupleMeta has them).
    _PROHIBITED = frozenset(
        {
            "__new__",
            "__init__",
            "__slots__",
            "__getnewargs__",
            "_fields",
            "_field_defaults",
            "_make",
            "_replace",
            "_asdict",
            "_source",
        }
    )
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _NamedTupleMeta(type):
        def __new__(cls, name, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(cls, name, bases, namespace)
            if bases != (NamedTuple,):
                raise TypeError("a NamedTuple class can only inherit from NamedTuple")
            annotations = dict(namespace.get("__annotations__", {}))
            defaults = []
            for field in annotations:
                if field in namespace:
                    defaults.append(namespace[field])
                elif defaults:
                    raise TypeError(
                        f"non-default namedtuple field {field} cannot follow a default field"
                    )
            made = collections.namedtuple(
                name, list(annotations), defaults=defaults, module=namespace["__module__"]
            )
            made.__annotations__ = annotations
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, value)
            return made

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Subclass it as ``typing.NamedTuple``: ``class Point(NamedTuple): x: int``."""
