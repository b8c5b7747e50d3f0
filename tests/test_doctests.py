"""Every docstring example in jamwithme/ runs and shows what it says (one test per docstring).

Examples that need the separation model, a real song or the network carry
``# doctest: +SKIP``; everything else runs here, in a temporary folder.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import jamwithme

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = []
    for info in sorted(pkgutil.iter_modules(jamwithme.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"jamwithme.{info.name}")
        found += [test for test in finder.find(module) if test.examples]
    return sorted(found, key=lambda test: test.name)


EXAMPLES = _examples()


def test_examples_are_found():
    """The finder sees the modules' examples (an import error would otherwise pass silently)."""
    names = {test.name for test in EXAMPLES}
    assert {"jamwithme.tempo.change_tempo", "jamwithme.mixing.mix", "jamwithme.checks"} <= names


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda test: test.name.removeprefix("jamwithme."))
def test_docstring_example(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    example.globs = dict(example.globs)  # each run starts from the module's own names
    result = runner.run(example, out=report.append, clear_globs=True)
    assert result.failed == 0, "".join(report)
