#!/usr/bin/env python3
"""The layers of the tree, checked over its include graph (issue 14, architecture.md).

Every module (a folder with one library or program) may include its own headers and those of
the modules below it that it names here, nothing else: platform and sync at the bottom, the app
layer on plan and protocol only, ui on the app, the kiosk and the tools on everything. A header
of a lower layer that includes a higher one fails the test, and so does a folder missing from
the table (a new module says where it stands). The compiler holds the same lines through each
library's own include root (cmake/project_options.cmake); this names the intended order.

    check_layers.py SOURCE_DIR        exit 1 and one line per offending include
    check_layers.py --self-test       the check finds a planted violation, passes a clean tree
"""
import pathlib
import re
import sys
import tempfile

# module -> the modules it may include (besides itself). Lowest layers first.
ALLOWED = {
    "sync/plan": [],
    "sync/files": [],
    "sync/secrets": [],
    "platform/scanner": [],
    "platform/window": [],
    "platform/systemd": [],
    "sync/protocol": ["sync/plan"],
    "sync/sql": ["sync/plan"],
    "sync/store": ["sync/plan", "sync/protocol", "sync/sql", "sync/files", "sync/secrets"],
    "sync/server": ["sync/plan", "sync/protocol", "sync/sql", "sync/files", "sync/secrets"],
    "sync/client": ["sync/store"],
    "firmware/config": ["platform/scanner", "sync/client"],
    "firmware/app": ["sync/plan", "sync/protocol"],
    "ui": ["firmware/app"],
    "firmware/terminal_sync": ["firmware/config", "sync/client"],
    "firmware/kiosk": ["firmware/config", "firmware/app", "ui", "sync/client", "platform/scanner",
                       "platform/window", "platform/systemd"],
}
# Folders of the tree that hold modules (tests, benches and scripts stand above every layer).
ROOTS = ["sync", "platform", "firmware", "ui"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def reachable(module):
    """The module's allowed includes, with what those may include (a library's public headers
    bring their own dependencies along)."""
    seen, to_visit = set(), [module]
    while to_visit:
        for dep in ALLOWED[to_visit.pop()]:
            if dep not in seen:
                seen.add(dep)
                to_visit.append(dep)
    return seen


def module_of(path):
    """The table's module that holds `path` (relative, with /), or None."""
    best = None
    for module in ALLOWED:
        if path == module or path.startswith(module + "/"):
            if best is None or len(module) > len(best):
                best = module
    return best


def check(source_dir):
    """One line per offending include or unknown folder."""
    problems = []
    root = pathlib.Path(source_dir)
    for top in ROOTS:
        for file in sorted((root / top).rglob("*")):
            if file.suffix not in (".h", ".cpp") or not file.is_file():
                continue
            rel = file.relative_to(root).as_posix()
            module = module_of(rel)
            if module is None:
                problems.append(f"{rel}: its folder is in no layer (add it to {__file__})")
                continue
            allowed = reachable(module) | {module}
            for included in INCLUDE.findall(file.read_text(errors="replace")):
                target = module_of(included)
                if target is not None and target not in allowed:
                    problems.append(f"{rel}: includes {included} ({module} may not use {target})")
    return problems


def self_test():
    """The check must be able to fail: a planted upward include and an unknown folder."""
    with tempfile.TemporaryDirectory() as tmp:
        base = pathlib.Path(tmp)
        (base / "sync/plan").mkdir(parents=True)
        (base / "ui").mkdir()
        (base / "ui/a.h").write_text('#include "sync/plan/types.h"\n')
        (base / "sync/plan/types.h").write_text('#include <vector>\n')
        assert check(base) == [], "a clean tree passes"
        (base / "sync/plan/bad.cpp").write_text('#include "ui/a.h"\n')
        (base / "platform/nowhere").mkdir(parents=True)
        (base / "platform/nowhere/x.h").write_text("\n")
        found = check(base)
        assert any("sync/plan/bad.cpp: includes ui/a.h" in p for p in found), found
        assert any("platform/nowhere/x.h: its folder is in no layer" in p for p in found), found
    print("check_layers self-test: passed")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(sys.argv[1])
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_layers: {len(problems)} include(s) across the layers")
        return 1
    print(f"check_layers: {len(ALLOWED)} modules, every include within its layer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
