"""The layers stay visible in the tree: no module imports from a layer above its own, no private
name crosses a module, the import graph has no cycles, module basenames are unique, and the
aliases for what an exact value may be are defined once.

Every check is a function of the package's sources (module name -> source text), so that
each can also be run on a small made-up package that breaks it (the ``test_check_*_fails``
tests): a check that cannot fail proves nothing.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("exactrose", "proofs")

#: Path prefix (dotted) -> layer rank; the longest matching prefix wins.  A module may import
#: only from its own rank or a lower one.
RANKS = {
    "exactrose.errors": 0,
    "exactrose.limits": 0,
    "exactrose.extras": 0,  # optional dependencies, or an error naming the extra
    "exactrose.escape": 0,  # names from files made safe to print (terminal, LaTeX)
    "exactrose.exact": 1,  # numbers, lp, algebraic, enclosure, piecewise, serial
    "exactrose.runtime": 2,  # budget, cluster
    "exactrose.model": 3,  # game, transform, catalogue
    "exactrose.input": 4,  # formats, expression
    "exactrose.values": 5,
    "exactrose.numeric": 5,  # float cross-checks beside the exact values
    "exactrose.applications": 6,  # solve, bargaining, equilibria, parametric, closed forms
    "proofs": 6,
    "exactrose.output": 7,  # text, JSON, LaTeX, plots, sweep reports
    "exactrose.cli": 8,
    "exactrose.__main__": 8,
    "exactrose": 8,  # the front door (exactrose/__init__.py): lazy re-exports of every layer
}
#: Modules allowed to import from above their rank: the package's front door.
EXEMPT = {"exactrose"}
#: The aliases of what an exact value may be, each defined once.
ALIASES = ("ExactValue", "Value")


def package_sources() -> dict[str, str]:
    """Dotted module name -> source, for every module of the packages."""
    sources = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def is_package(sources: dict[str, str], name: str) -> bool:
    return any(other.startswith(name + ".") for other in sources)


def rank_of(name: str) -> int:
    prefix = max((p for p in RANKS if name == p or name.startswith(p + ".")), key=len, default=None)
    if prefix is None:
        raise AssertionError(f"{name}: no layer rank (add its path prefix to RANKS)")
    return RANKS[prefix]


def imports(sources: dict[str, str], name: str) -> list[tuple[str, list[str], int]]:
    """Every import of the package's modules in module ``name`` (at any depth, lazy ones and
    TYPE_CHECKING ones included): (imported module, names taken from it, line)."""
    found = []
    package = name if is_package(sources, name) else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(sources[name])):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] in PACKAGES]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            if module.split(".")[0] not in PACKAGES:
                continue
            taken = []
            for alias in node.names:
                if f"{module}.{alias.name}" in sources:  # a submodule: an import of it
                    found.append((f"{module}.{alias.name}", [], node.lineno))
                else:
                    taken.append(alias.name)
            if taken:
                found.append((module, taken, node.lineno))
    return found


def upward_imports(sources: dict[str, str]) -> list[str]:
    offenders = []
    for name in sources:
        if name in EXEMPT:
            continue
        for target, _, line in imports(sources, name):
            if target in sources and rank_of(target) > rank_of(name):
                offenders.append(f"{name}:{line} (rank {rank_of(name)}) imports {target} (rank {rank_of(target)})")
    return offenders


def private_imports(sources: dict[str, str]) -> list[str]:
    return [f"{name}:{line} imports {', '.join(p)} from {target}"
            for name in sources for target, taken, line in imports(sources, name)
            if target != name and (p := [t for t in taken if t.startswith("_") and not t.endswith("__")])]


def cycles(sources: dict[str, str]) -> list[str]:
    """Every strongly connected component of more than one module (or a module importing itself)."""
    graph = {name: sorted({t for t, _, _ in imports(sources, name) if t in sources}) for name in sources}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                found.append(" <-> ".join(sorted(component)))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def shared_basenames(sources: dict[str, str]) -> list[str]:
    """Modules (packages included, the top-level ones aside) whose last name is another's too."""
    by_base: dict[str, list[str]] = {}
    for name in sources:
        if "." in name:
            by_base.setdefault(name.rpartition(".")[2], []).append(name)
    return [f"{base}: {', '.join(names)}" for base, names in sorted(by_base.items()) if len(names) > 1]


def alias_definitions(sources: dict[str, str]) -> dict[str, list[str]]:
    """Where each of :data:`ALIASES` is assigned (module:line), at any depth."""
    found: dict[str, list[str]] = {alias: [] for alias in ALIASES}
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            elif type(node).__name__ == "TypeAlias":  # ``type X = ...`` (Python 3.12)
                targets = [node.name]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in found:
                    found[target.id].append(f"{name}:{node.lineno}")
    return found


def alias_repeats(sources: dict[str, str]) -> list[str]:
    """Aliases not assigned exactly once, and other names spelling one of them out again
    (``Number = Fraction | RealAlgebraic``)."""
    offenders = [f"{alias} assigned {len(where)} times: {', '.join(where) or 'nowhere'}"
                 for alias, where in alias_definitions(sources).items() if len(where) != 1]
    spelled = {frozenset({"Fraction", "RealAlgebraic"}), frozenset({"Fraction", "RealAlgebraic", "Enclosure"}),
               frozenset({"ExactValue", "Enclosure"})}
    for name, source in sources.items():
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.BinOp):
                parts = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if frozenset(parts) in spelled and not set(targets) & set(ALIASES):
                    offenders.append(f"{name}:{node.lineno} {', '.join(targets)} repeats an exact-value alias")
    return offenders


SOURCES = package_sources()


def test_every_module_has_a_rank():
    for name in SOURCES:
        rank_of(name)


def test_no_import_from_a_higher_layer():
    offenders = upward_imports(SOURCES)
    assert not offenders, "imports from a higher layer:\n" + "\n".join(offenders)


def test_no_private_name_crosses_a_module():
    offenders = private_imports(SOURCES)
    assert not offenders, "private names imported from another module:\n" + "\n".join(offenders)


def test_no_import_cycles():
    found = cycles(SOURCES)
    assert not found, "import cycles:\n" + "\n".join(found)


def test_basenames_are_unique():
    shared = shared_basenames(SOURCES)
    assert not shared, "modules sharing a name:\n" + "\n".join(shared)


def test_exact_value_aliases_defined_once():
    offenders = alias_repeats(SOURCES)
    assert not offenders, "\n".join(offenders)


# Each check fails on a small package that breaks it.

BROKEN = {
    "exactrose": '"""front door"""\nfrom exactrose.cli import main\n',
    "exactrose.errors": "class InputError(Exception): pass\n",
    "exactrose.exact": "",
    "exactrose.exact.numbers": "from exactrose.model.game import Game\n",
    "exactrose.exact.algebraic": "from exactrose.exact.lp import _model\nExactValue = int | float\n",
    "exactrose.exact.lp": "def f():\n    from exactrose.exact.algebraic import ExactValue\n_model = 1\n",
    "exactrose.exact.enclosure": "Value = 1\nValue = 2\nNumber = Fraction | RealAlgebraic\n",
    "exactrose.model": "",
    "exactrose.model.game": "from . import numbers\n",
    "exactrose.model.numbers": "",
    "exactrose.cli": "from exactrose.exact import numbers\n",
}


@pytest.mark.parametrize("check, expected", [
    (upward_imports, ["exactrose.exact.numbers:1 (rank 1) imports exactrose.model.game (rank 3)"]),
    (private_imports, ["exactrose.exact.algebraic:1 imports _model from exactrose.exact.lp"]),
    (cycles, ["exactrose.exact.algebraic <-> exactrose.exact.lp"]),
    (shared_basenames, ["numbers: exactrose.exact.numbers, exactrose.model.numbers"]),
    (alias_repeats, ["Value assigned 2 times: exactrose.exact.enclosure:1, exactrose.exact.enclosure:2",
                     "exactrose.exact.enclosure:3 Number repeats an exact-value alias"]),
])
def test_check_fails_on_a_broken_package(check, expected):
    assert check(BROKEN) == expected
