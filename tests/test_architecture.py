"""The package's layout is its architecture: imports flow one way, and no module grows past its room."""

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent
SHARED = {"generator", "generator.problems", "generator.dates", "generator.hashing", "generator.locales",
          "generator.progress", "generator.interrupts"}
# What each part may import besides itself and the shared modules, in pipeline order.
ALLOWED = {
    "content": set(),
    "compare": {"content"},
    "site": {"content", "compare"},
    "builds": {"content", "compare", "site"},
    "preview": set(),
}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Return the generator modules `name` imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    found.discard(name)
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED) else ""


def test_parts_import_only_earlier_parts():
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        part = _part(name)
        if part not in ALLOWED:
            continue
        for target in _imports(name, path, modules):
            if target in SHARED or _part(target) == part or _part(target) in ALLOWED[part]:
                continue
            wrong.append(f"{name} imports {target}")
    assert not wrong, "imports that flow the wrong way:\n" + "\n".join(wrong)


def test_shared_modules_import_nothing_else():
    modules = _modules()
    for name in SHARED - {"generator"}:
        assert _imports(name, modules[name], modules) <= SHARED, name


def test_no_import_cycles():
    modules = _modules()
    graph = {name: {t for t in _imports(name, path, modules) if t in modules and t != "generator"}
             for name, path in modules.items()}
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_checker_sees_a_wrong_way_import(tmp_path):
    bad = tmp_path / "generator" / "content" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from generator.site.render import Renderer\n")
    modules = {"generator.content.bad": bad, "generator.site.render": PACKAGE / "site" / "render.py"}
    assert _imports("generator.content.bad", bad, modules) == {"generator.site.render"}
    assert _part("generator.site.render") not in ALLOWED["content"]


def test_no_module_outgrows_its_room():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (over {MAX_LINES} lines): {long}"


def test_every_import_of_the_package_resolves():
    modules = _modules()
    missing = {f"{name} imports {target}" for name, path in modules.items()
               for target in _imports(name, path, modules) if target not in modules}
    assert not missing, missing
