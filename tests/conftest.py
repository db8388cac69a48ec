"""Shared fixtures: the shipped briefs built once per test session, as a user would build them."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from reportgen.cli import main

pytest_plugins = ["mailserver"]      # the SMTP server fixtures (smtp, tls) for the mail tests

# How many examples a property test that sets no count of its own tries: "ci" for the README's command (and CI),
# "thorough" before a release (`pytest --hypothesis-profile thorough`, or HYPOTHESIS_PROFILE=thorough). "ci" tries
# the same examples on every run, so a test run passes or fails for the code, not for the draw; "thorough" draws
# new ones each time, to find what the fixed draw does not.
settings.register_profile("ci", max_examples=100, derandomize=True)
settings.register_profile("thorough", max_examples=800)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory):
    """The tests' own cache, so a chart drawn by an earlier build of other code can never hide a change. The
    prepared fonts are copied in when the user's cache has them: they are named by their recipe's hash, and
    preparing them again would only cost time."""
    from reportgen.core.fonts import cache_dir
    user_fonts = cache_dir() / "fonts"
    cache = tmp_path_factory.mktemp("cache")
    if user_fonts.is_dir():
        shutil.copytree(user_fonts, cache / "fonts")
    os.environ["REPORTGEN_CACHE"] = str(cache)
    yield cache


def run(*args, cwd: Path | None = None, env: dict | None = None):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()
    before = Path.cwd()
    os.chdir(cwd or before)
    try:
        return runner.invoke(main, list(map(str, args)), env=env, catch_exceptions=False)
    finally:
        os.chdir(before)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Both shipped briefs, both languages, both formats, in one folder."""
    out = tmp_path_factory.mktemp("out")
    for brief in ("investor", "sdg"):
        result = run("build", brief, "--out", out, env={"SOURCE_DATE_EPOCH": "1767225600"})
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def shipped(built, tmp_path_factory) -> Path:
    """``built``'s outputs (linked) and the investor brief's three sector variants, both languages, both formats:
    built once for every test that reads them."""
    out = tmp_path_factory.mktemp("shipped")
    for path in built.iterdir():
        (out / path.name).symlink_to(path)
    for brief in ("investor-energy", "investor-life-sciences", "investor-manufacturing"):
        result = run("build", brief, "--out", out, env={"SOURCE_DATE_EPOCH": "1767225600"})
        assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def dataset():
    from reportgen.data import dataset as ds
    from reportgen.core.resources import builtin
    return ds.load(builtin("assets", "data"))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of the shipped dataset that a test may break."""
    from reportgen.core.resources import builtin
    dst = tmp_path / "data"
    shutil.copytree(builtin("assets", "data"), dst)
    return dst


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("the source documents (../shared/seeds) are not beside this checkout")
    return SEEDS
