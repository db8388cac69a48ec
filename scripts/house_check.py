"""Report what the house rules (issue 16) measure: import cycles, imports against the flow's order, and modules,
classes and functions over their size limits (400, 150 and 60 lines). Prints findings; exits 1 if there are any."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "reportgen"
LIMITS = {"module": 400, "class": 150, "function": 60}
# The flow's order: a module may import from its own stage or an earlier one, never from a later one
STAGES = ["core", "data", "brief", "document", "compose", "writers", "run", "extract", "cli", "__main__"]
# The writer registry only names the writers (importing none until one is made): briefs and themes, earlier in
# the flow, validate their `pdf_engine` against it, as pandoc's options name its writers
NAMES_FOR_EARLIER_STAGES = {"reportgen.writers.registry"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(tree: ast.AST, known: set[str]) -> set[str]:
    """Every reportgen module a module imports, at top level or inside functions."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reportgen"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in known}
    return out


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else -1


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, seen = [], set()

    def visit(node, stack):
        if node in stack:
            cycle = stack[stack.index(node):]
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                found.append(cycle + [node])
            return
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, stack + [node])

    for start in sorted(graph):
        visit(start, [])
    return found


def main() -> int:
    files = sorted(ROOT.rglob("*.py"))
    known = {module_name(f) for f in files}
    graph, findings = {}, []
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        name = module_name(f)
        graph[name] = {m for m in imports(tree, known) if m != name and not name.startswith(m + ".")}
        lines = len(f.read_text(encoding="utf-8").splitlines())
        if lines > LIMITS["module"]:
            findings.append(f"{f.relative_to(ROOT.parent)}: module of {lines} lines")
        for node in ast.walk(tree):
            kind = ("class" if isinstance(node, ast.ClassDef) else
                    "function" if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None)
            if kind and node.end_lineno - node.lineno + 1 > LIMITS[kind]:
                findings.append(f"{f.relative_to(ROOT.parent)}:{node.lineno}: {kind} {node.name} of "
                                f"{node.end_lineno - node.lineno + 1} lines")
    for name, deps in sorted(graph.items()):
        for dep in sorted(deps):
            if stage(dep) > stage(name) and dep not in NAMES_FOR_EARLIER_STAGES:
                findings.append(f"{name} imports {dep}, a later stage of the flow")
    for cycle in cycles(graph):
        findings.append("import cycle: " + " → ".join(cycle))
    print("\n".join(findings) or "house rules hold: no import cycle, nothing over its size limit")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
