"""One definition of each shared idea, and no dead state: checked on the source, so a second copy
of a constant or a field nobody reads fails here rather than drifting unseen (issue 18)."""

from __future__ import annotations

import ast
import dataclasses
from collections import defaultdict
from pathlib import Path

import cleaner.model as model
from cleaner.rules import RULE_NAMES

PACKAGE = Path(model.__file__).resolve().parent


def _trees() -> dict[str, ast.Module]:
    return {str(p.relative_to(PACKAGE.parent)): ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")}


TREES = _trees()


def _module_constants() -> list[tuple[str, str, object]]:
    """(file, name, value) of every module-level ``NAME = <literal>``."""
    out = []
    for path, tree in TREES.items():
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Constant | ast.Set):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        value = node.value.value if isinstance(node.value, ast.Constant) else None
                        out.append((path, t.id, value))
    return out


def test_every_model_field_is_read_somewhere() -> None:
    """A field of the data model that code writes but never reads is dead weight every block
    carries (``Block.replaced_from`` was one)."""
    read: set[str] = set()
    for tree in TREES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                read.add(node.attr)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr":
                if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                    read.add(str(node.args[1].value))
    classes = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert classes
    unread = [f"{c.__name__}.{f.name}" for c in classes for f in dataclasses.fields(c) if f.name not in read]
    assert not unread, f"fields written but never read: {unread}"


def test_a_removal_name_is_spelled_once() -> None:
    """Each name removals are recorded under is one module constant (or one ``Rule(...)``
    literal), imported where it is read: "duplicate" was spelled in four modules."""
    where: dict[str, list[str]] = defaultdict(list)
    for path, name, value in _module_constants():
        if isinstance(value, str) and value in RULE_NAMES:
            where[value].append(f"{path}:{name}")
    # HTML extraction marks caption markup under the caption rule's name from below the rules
    # layer; that name's one home comes with the step declarations (issue 18.1).
    known = {"caption": ["cleaner/extract/html/__init__.py:CAPTION_RULE", "cleaner/rules/images.py:CAPTION"]}
    twice = {v: places for v, places in where.items() if len(places) > 1 and sorted(places) != sorted(known.get(v, []))}
    assert not twice, f"removal names defined more than once: {twice}"


def test_sentence_end_is_defined_once() -> None:
    """What ends a sentence or a clause is :mod:`cleaner.textnorm`'s; modules had five private
    ``_SENTENCE_END`` sets that disagreed on quotes, brackets and other scripts."""
    copies = []
    for path, tree in TREES.items():
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name) and "SENTENCE_END" in t.id and path != "cleaner/textnorm.py":
                        copies.append(f"{path}:{t.id}")
    assert not copies, f"a second definition of the sentence end: {copies}"


def test_protocol_names_are_unique() -> None:
    """Two protocols of one name (there were two ``Sink``) make a reader guess which is meant."""
    seen: dict[str, list[str]] = defaultdict(list)
    for path, tree in TREES.items():
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", None) == "Protocol" for b in node.bases):
                seen[node.name].append(path)
    assert not {k: v for k, v in seen.items() if len(v) > 1}
