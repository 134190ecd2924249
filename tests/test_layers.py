"""The package layout is the architecture: no package imports one above it, no import circles, conversation/ and
listener/ stay pure, every package says its job in one line, and no module outgrows one job."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "skill"
# Top to bottom. A module may import its own layer and any layer below it, never one above.
LAYERS = [
    {"app", "lambda_function", "cli", "skill_builder", "devtools"},
    {"web"},
    {"alexa"},
    {"handlers"},
    {"storage"},
    {"conversation"},
    {"listener"},
    {"rulebook"},
    {"voice"},
    {"content"},
]
LEAVES = {"__init__", "settings", "log_safety"}  # import nothing of the skill, so every layer may use them
PURE = {"conversation", "listener"}
NOT_PURE = ("ask_sdk_core", "ask_sdk_model", "flask", "requests", "sqlite3", "boto3", "socket", "urllib")
MAX_LINES = 300


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def unit_of(path: Path) -> str:
    """The layer unit of a module: its sub-package, or its own name for a module at the top of skill/."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imported(path: Path) -> set[str]:
    """Every module named in an import of `path` (absolute names)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module if node.level == 0 else None
            if base:
                names.add(base)
                names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def skill_units(path: Path) -> set[str]:
    return {name.split(".")[1] for name in imported(path) if name.startswith("skill.") and len(name.split(".")) > 1}


def layer_of(unit: str) -> int | None:
    return next((index for index, layer in enumerate(LAYERS) if unit in layer), None)


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path):
    unit = unit_of(path)
    if unit in LEAVES:
        assert not skill_units(path), f"{unit} is a leaf: it imports nothing of the skill"
        return
    own = layer_of(unit)
    assert own is not None, f"{unit} belongs to no layer: add it to LAYERS"
    upward = sorted(other for other in skill_units(path) - LEAVES if (layer_of(other) or 0) < own)
    assert not upward, f"{path.relative_to(PACKAGE)} imports {upward}, above its layer"


@pytest.mark.parametrize("path", [path for path in modules() if unit_of(path) in PURE],
                         ids=lambda path: str(path.relative_to(PACKAGE)))
def test_pure_packages_touch_no_request_and_no_io(path):
    impure = sorted(name for name in imported(path) if name.split(".")[0] in NOT_PURE)
    assert not impure, f"{path.relative_to(PACKAGE)} imports {impure}"


def test_no_import_circles():
    graph = {}
    for path in modules():
        name = ".".join(("skill", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        graph[name] = {other for other in imported(path) if other.startswith("skill")}
    known = set(graph)
    graph = {name: {other for other in targets if other in known and other != name} for name, targets in graph.items()}
    visiting, done, circles = set(), set(), []

    def visit(node: str, trail: list[str]) -> None:
        if node in done:
            return
        if node in visiting:
            circles.append(trail[trail.index(node):] + [node])
            return
        visiting.add(node)
        for other in sorted(graph[node]):
            if not other.startswith(node + "."):  # a package's __init__ may name its own modules
                visit(other, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize("package", sorted(path for path in PACKAGE.iterdir() if (path / "__init__.py").exists()),
                         ids=lambda path: path.name)
def test_each_package_says_its_job_in_one_line(package):
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and docstring.strip(), f"{package.name}/__init__.py has no docstring"


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_outgrows_one_job(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines; split it by job"


def test_the_architecture_map_names_every_module():
    where_things_live = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    unnamed = [str(path.relative_to(PACKAGE.parent)) for path in modules()
               if path.name != "__init__.py" and f"`{path.relative_to(PACKAGE.parent)}`" not in where_things_live]
    assert not unnamed, f"docs/architecture.md, 'Where things live', names no line for: {unnamed}"
