"""mypy passes on the modules that are type-clean (configuration: [tool.mypy]
in pyproject.toml). A module joins CHECKED once ``mypy`` reports nothing in
it; ``python -m mypy src/`` shows the whole package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "flashpoint"

# every module of the package: the whole library is clean
CHECKED = sorted(str(f.relative_to(PACKAGE)) for f in PACKAGE.rglob("*.py"))


@pytest.mark.slow
def test_mypy_is_clean():
    pytest.importorskip("mypy", reason="mypy is in the test extras: pip install -e '.[test]'")
    files = [str(PACKAGE / name) for name in CHECKED]
    # Modules these import (pipeline, stages) are read for their types, but
    # only the files listed are reported on.
    run = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", *files],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
