"""The services' structure, read from their source: which domain package imports which, and
where the house rules of docs/architecture.md are broken.

    .venv/bin/python scripts/architecture.py           # the package graph of every service
    .venv/bin/python scripts/architecture.py --check   # exit 1 listing every breach

tests/test_architecture.py runs the same checks, so a breach fails the suite:

- a router imports another router (a router imports dependencies, views, schemas and services);
- code outside repositories, model definitions and migrations builds SQL (``select``, ``update``,
  ``func``, loader options, ...): repositories are the only code that builds queries;
- two domain packages of one service depend on each other, directly or round a longer cycle:
  every dependency between packages has one direction;
- runtime code (a service or the shared library) imports test support (``pytest``, ``imis_testing``),
  which production installs do not contain.

The analysis is static (``ast``): an import counts wherever it stands, inside a function or under
``TYPE_CHECKING`` too, because either way the importing package cannot be understood without the other.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("gateway", "jobs", "diaspora", "info")

# Names whose use builds a statement, a clause or a loading strategy.
SQL_CONSTRUCTS = frozenset(
    {
        "select", "insert", "update", "delete", "text", "func", "and_", "or_", "not_", "exists",
        "union", "union_all", "intersect", "except_", "literal", "literal_column", "case", "cast",
        "column", "table", "bindparam", "tuple_", "null", "true", "false", "desc", "asc", "over",
        "distinct", "lateral", "values", "join", "outerjoin", "any_", "all_", "nulls_first",
        "nulls_last", "collate", "extract", "type_coerce", "within_group", "aliased",
        "selectinload", "joinedload", "subqueryload", "contains_eager", "load_only", "defer",
        "undefer", "noload", "raiseload", "with_loader_criteria", "with_expression",
        "query_expression",
    }
)  # fmt: skip


@dataclass
class Module:
    service: str
    name: str  # dotted, e.g. imis_jobs.seekers.router
    path: Path
    tree: ast.Module

    @property
    def package(self) -> str:
        """The domain package (or top-level module) this module belongs to: ``seekers``, ``access``."""
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else "__init__"

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def is_router(self) -> bool:
        return is_router_name(self.name)

    @property
    def may_build_sql(self) -> bool:
        parts = self.name.split(".")
        return (
            "migrations" in parts or self.leaf in {"repository", "models"} or parts[-2:-1] == ["repository"]
        )


@dataclass
class Service:
    name: str
    modules: list[Module] = field(default_factory=list)

    @property
    def root(self) -> str:
        return f"imis_{self.name}"


def is_router_name(dotted: str) -> bool:
    leaf = dotted.rsplit(".", 1)[-1]
    return leaf == "router" or leaf.endswith("_router")


TEST_SUPPORT = ("pytest", "imis_testing", "hypothesis")


def load(service: str) -> Service:
    """A service's modules; ``shared`` is the shared library."""
    src = ROOT / "shared" / "src" if service == "shared" else ROOT / "services" / service / "src"
    found = Service(service)
    for path in sorted((src / f"imis_{service}").rglob("*.py")):
        relative = path.relative_to(src).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        tree = ast.parse(path.read_text(), filename=str(path))
        found.modules.append(Module(service, ".".join(parts), path, tree))
    return found


def imports(module: Module) -> Iterator[tuple[ast.stmt, str, list[str]]]:
    """Each import statement: (node, the module imported from, the names taken from it)."""
    package_parts = module.name.split(".")
    if module.path.name != "__init__.py":
        package_parts = package_parts[:-1]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node, base, [alias.name for alias in node.names]


def targets(module: Module, root: str) -> Iterator[tuple[ast.stmt, str]]:
    """The modules of ``root`` that ``module`` imports (``from a.b import c`` may name module ``a.b.c``)."""
    for node, base, names in imports(module):
        if base != root and not base.startswith(root + "."):
            continue
        yield node, base
        for name in names:
            yield node, f"{base}.{name}"


def package_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def package_graph(service: Service) -> dict[str, set[str]]:
    """Domain package → the packages of the same service it imports (``main`` and the root left out)."""
    known = {module.package for module in service.modules}
    graph: dict[str, set[str]] = {package: set() for package in sorted(known - {"__init__", "main"})}
    for module in service.modules:
        if module.package in {"__init__", "main"}:
            continue
        for _node, target in targets(module, service.root):
            package = package_of(target)
            if package and package in known and package != module.package and package != "main":
                graph[module.package].add(package)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def router_imports(service: Service) -> list[str]:
    breaches = []
    for module in service.modules:
        if not module.is_router:
            continue
        for node, target in targets(module, service.root):
            if is_router_name(target) and target != module.name:
                breaches.append(f"{module.path.relative_to(ROOT)}:{node.lineno}: router imports {target}")
    return sorted(set(breaches))


def sql_outside_repositories(service: Service) -> list[str]:
    breaches = []
    for module in service.modules:
        if module.may_build_sql:
            continue
        aliases: set[str] = set()
        for node, base, names in imports(module):
            if base != "sqlalchemy" and not base.startswith("sqlalchemy."):
                continue
            if isinstance(node, ast.Import):
                aliases.update(alias.asname or alias.name for alias in node.names)
            for name in set(names) & SQL_CONSTRUCTS:
                breaches.append(f"{module.path.relative_to(ROOT)}:{node.lineno}: builds SQL ({base}.{name})")
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in SQL_CONSTRUCTS
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
            ):
                where = f"{module.path.relative_to(ROOT)}:{node.lineno}"
                breaches.append(f"{where}: builds SQL ({node.value.id}.{node.attr})")
    return sorted(set(breaches))


def package_cycles(service: Service) -> list[str]:
    return [
        f"{service.name}: packages depend on each other: {' ⇄ '.join(c)}"
        for c in cycles(package_graph(service))
    ]


def test_support_imports(service: Service) -> list[str]:
    breaches = []
    for module in service.modules:
        for node, base, _names in imports(module):
            if base.split(".")[0] in TEST_SUPPORT:
                breaches.append(
                    f"{module.path.relative_to(ROOT)}:{node.lineno}: imports test support ({base})"
                )
    return sorted(set(breaches))


def breaches(service: Service) -> list[str]:
    return (
        router_imports(service)
        + sql_outside_repositories(service)
        + package_cycles(service)
        + test_support_imports(service)
    )


def largest_modules(count: int) -> list[tuple[int, str]]:
    sizes = []
    for service in SERVICES:
        for path in (ROOT / "services" / service / "src").rglob("*.py"):
            if "migrations" not in path.parts:
                sizes.append((len(path.read_text().splitlines()), str(path.relative_to(ROOT))))
    return sorted(sizes, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="list every breach; exit 1 if there is one")
    parser.add_argument("--sizes", type=int, default=0, metavar="N", help="also list the N largest modules")
    args = parser.parse_args(argv)
    failed = False
    for name in SERVICES:
        service = load(name)
        if args.check:
            found = breaches(service)
            if name == "gateway":
                found += test_support_imports(load("shared"))
            failed = failed or bool(found)
            print(f"== {name}: {len(found)} breach(es)")
            print("".join(f"  {line}\n" for line in found), end="")
            continue
        print(f"== {name}")
        for package, depends in package_graph(service).items():
            print(f"  {package} -> {', '.join(sorted(depends)) or '(none)'}")
    for lines, path in largest_modules(args.sizes):
        print(f"{lines:5d} {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
