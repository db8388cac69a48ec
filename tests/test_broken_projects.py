"""A corpus of broken example projects (tests/broken/<case>/), one per error kind.

Each case is the small valid project in tests/broken/_base with some files replaced; its expected.yaml lists the
exit code and the (code, file:line[:column]) of every error the build must report: no more, no fewer, and never
a traceback or a written file.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
LINE = re.compile(r"^(?:(?P<loc>\S+?): )?error (?P<code>[a-z-]+):", re.M)


def project(tmp_path: Path, case: str | None) -> Path:
    proj = tmp_path / "project"
    shutil.copytree(CORPUS / "_base", proj)
    if case:
        for f in (CORPUS / case).rglob("*"):
            if f.is_file() and f.name != "expected.yaml":
                dst = proj / f.relative_to(CORPUS / case)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, dst)
    return proj


def test_the_base_project_builds(tmp_path):
    proj = project(tmp_path, None)
    result = run("build", "mini", "--data", "data", "--out", "out", cwd=proj)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (proj / "out").iterdir()) == [
        "mini.en.claims.csv", "mini.en.docx", "mini.en.pdf", "mini.zh.claims.csv", "mini.zh.docx", "mini.zh.pdf"]


@pytest.mark.parametrize("case", CASES)
def test_broken_project_reports_exactly_its_errors(tmp_path, case):
    expected = yaml.safe_load((CORPUS / case / "expected.yaml").read_text(encoding="utf-8"))
    proj = project(tmp_path, case)
    result = run("build", expected.get("brief", "mini"), "--data", "data", "--out", "out", cwd=proj)
    assert result.exit_code == expected["exit"], result.output
    assert "Traceback" not in result.output
    found = []
    for m in LINE.finditer(result.stderr):
        loc = (m["loc"] or "").replace(str(proj) + "/", "")
        found.append((m["code"], loc))
    want = []
    for code, loc in expected["errors"]:
        parts = loc.split(":")
        match = next((f for f in found if f[0] == code and f[1].split(":")[:len(parts)] == parts), None)
        want.append(match or (code, loc))
    assert sorted(found) == sorted(want), result.stderr
    assert not (proj / "out").exists() or not any((proj / "out").iterdir())
