"""Every docstring example in jamwithme/ runs and shows what it says (one test per docstring).

Examples that need the separation model, a real song or the network carry
``# doctest: +SKIP``; everything else runs here, in a temporary folder.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import jamwithme

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = []
    # walk_packages, not iter_modules: the doctests of analysis/, service/ and every later subpackage run too
    for info in sorted(pkgutil.walk_packages(jamwithme.__path__, prefix="jamwithme."), key=lambda m: m.name):
        module = importlib.import_module(info.name)
        found += [test for test in finder.find(module) if test.examples]
    return sorted(found, key=lambda test: test.name)


def _has_examples(package: str) -> bool:
    """True if any module of ``package`` has a docstring with ``>>>`` in its source."""
    module = importlib.import_module(package)
    return any(">>>" in path.read_text() for folder in module.__path__ for path in Path(folder).rglob("*.py"))


EXAMPLES = _examples()


def test_examples_are_found():
    """The finder sees the modules' examples (an import error would otherwise pass silently)."""
    names = {test.name for test in EXAMPLES}
    assert {"jamwithme.tempo.change_tempo", "jamwithme.mixing.mix", "jamwithme.checks"} <= names
    subpackages = {info.name for info in pkgutil.iter_modules(jamwithme.__path__, prefix="jamwithme.") if info.ispkg}
    assert {"jamwithme.analysis", "jamwithme.service"} <= subpackages
    for package in subpackages:  # each subpackage's modules are searched (its examples, where it has any, run)
        assert any(name.startswith(package + ".") for name in names) or not _has_examples(package), package


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda test: test.name.removeprefix("jamwithme."))
def test_docstring_example(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    example.globs = dict(example.globs)  # each run starts from the module's own names
    result = runner.run(example, out=report.append, clear_globs=True)
    assert result.failed == 0, "".join(report)
