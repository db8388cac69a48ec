"""The house rules (docs/architecture.md): the flow's order, no import circle, and small modules, classes and
functions. scripts/house_check.py measures them; this test keeps them from slipping."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_house_rules_hold():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "house_check.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_the_house_check_finds_a_circle(tmp_path):
    """The check itself can fail: a copy of the package with one import turned back on itself is caught."""
    import shutil
    copy = tmp_path / "reportgen"
    shutil.copytree(ROOT / "reportgen", copy, ignore=shutil.ignore_patterns("__pycache__"))
    types = copy / "data" / "types.py"
    types.write_text(types.read_text(encoding="utf-8") + "\nfrom reportgen.data.dataset import load  # noqa\n",
                     encoding="utf-8")
    script = tmp_path / "scripts" / "house_check.py"
    script.parent.mkdir()
    shutil.copy(ROOT / "scripts" / "house_check.py", script)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 1 and "import cycle: " in done.stdout and "reportgen.data.types" in done.stdout
