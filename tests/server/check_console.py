#!/usr/bin/env python3
"""Static checks of the console's files (sync/server/console): every text a page asks for exists
in English and German alike; data never becomes markup (no innerHTML and friends, no eval);
nothing is loaded from another site; every module imported and every file index.html names is
there; every file name is one plan-server serves. `--self-test` plants a violation of each kind
in a copy and shows the check fails on it."""
import pathlib
import re
import shutil
import sys
import tempfile

NAME = re.compile(r"^[a-z0-9][a-z0-9.-]*\.(html|js|css|svg)$")
FORBIDDEN = re.compile(r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
EXTERNAL = re.compile(r"""["'(]\s*(https?:)?//[a-z0-9]""", re.I)
KEY = re.compile(r'^\s+"?([a-z_.0-9]+)"?:', re.M)
USED = re.compile(r'\bt\("([a-z_.0-9]+)"')
IMPORT = re.compile(r'(?:from|import\()\s*"\./([^"]+)"')
REFERENCE = re.compile(r'(?:src|href)="([^"#:]+)"')


def problems(folder: pathlib.Path) -> list[str]:
    found = []
    files = {p.name: p for p in folder.iterdir() if p.is_file()}
    for name in files:
        if not NAME.match(name):
            found.append(f"{name}: plan-server does not serve this name")
    source = files["i18n.js"].read_text(encoding="utf-8")
    english = set(KEY.findall(source[source.index("const en = {"):source.index("const de = {")]))
    german = set(KEY.findall(source[source.index("const de = {"):source.index("const dictionaries")]))
    for key in sorted(english ^ german):
        found.append(f"i18n.js: '{key}' is in only one language")
    for name, path in sorted(files.items()):
        # Comments say how things are used; an SVG's namespace is a name, not a download.
        text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
        text = re.sub(r'xmlns(:\w+)?="[^"]*"', "", text)
        if name.endswith(".js"):
            for key in sorted(set(USED.findall(text)) - english):
                found.append(f"{name}: t('{key}') has no text")
            for target in IMPORT.findall(text):
                if target not in files:
                    found.append(f"{name}: imports ./{target}, which is missing")
            for match in FORBIDDEN.finditer(text):
                found.append(f"{name}: {match.group(0)} puts text into the page as markup or code")
        if name.endswith(".html"):
            for target in REFERENCE.findall(text):
                if target not in files:
                    found.append(f"{name}: names {target}, which is missing")
        for match in EXTERNAL.finditer(text):
            found.append(f"{name}: loads from another site ({match.group(0)!r})")
    return found


def self_test(folder: pathlib.Path) -> int:
    plants = [
        ("page-partners.js", lambda s: s + '\nexport const x = (e) => { e.innerHTML = "<b>"; };\n'),
        ("page-partners.js", lambda s: s + '\nexport const y = () => t("no.such.key");\n'),
        ("index.html", lambda s: s.replace("</head>", '<script src="https://cdn.example/x.js"></script></head>')),
        ("app.js", lambda s: 'import { z } from "./missing.js";\n' + s),
        ("i18n.js", lambda s: s.replace('const de = {', 'const de = {\n  "only.german": "nur",', 1)),
    ]
    for file, plant in plants:
        with tempfile.TemporaryDirectory() as temp:
            copy = pathlib.Path(temp) / "console"
            shutil.copytree(folder, copy)
            target = copy / file
            target.write_text(plant(target.read_text(encoding="utf-8")), encoding="utf-8")
            if not problems(copy):
                print(f"self-test: a violation planted in {file} was not found")
                return 1
    print(f"self-test: all {len(plants)} planted violations found")
    return 0


def main() -> int:
    args = sys.argv[1:]
    folder = pathlib.Path(args[-1])
    if args[0] == "--self-test":
        return self_test(folder)
    found = problems(folder)
    for problem in found:
        print(problem)
    print(f"{len(found)} problems in {folder}" if found else f"console files OK: {folder}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
