"""PySide6's look at each module imported after it, made quicker (kith.ui.pyside_imports): the
same answer as PySide6's own for every module loaded here."""

from __future__ import annotations

import sys

import pytest

from kith.ui import pyside_imports


@pytest.fixture
def pyside_check():
    feature = sys.modules["shibokensupport.feature"]
    original = feature._mod_uses_pyside
    yield feature, original
    feature._mod_uses_pyside = original


def test_the_quicker_check_gives_pysides_answer(pyside_check) -> None:
    import kith.ui.main_window  # noqa: F401  (Kith's modules, with and without Qt)

    feature, original = pyside_check
    assert pyside_imports.look_at_imports_quickly()
    quick = feature._mod_uses_pyside
    assert quick is not original
    assert pyside_imports.look_at_imports_quickly()  # once only
    assert feature._mod_uses_pyside is quick
    # typing's pseudo-modules (typing.io, typing.re) take PySide6 ~0.1 s each: left out.
    loaded = list(sys.modules.items())
    modules = [m for name, m in loaded if m is not None and not name.startswith("typing.")]
    assert len(modules) > 200
    answers = {m.__name__: quick(m) for m in modules}
    assert answers == {m.__name__: original(m) for m in modules}
    assert answers["kith.ui.main_window"] and not answers["kith.core.follow_ups"]
    assert not answers["json"] and not answers["sys"]  # a built-in, without a file
