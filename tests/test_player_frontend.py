"""The committed player bundle (ui/player_frontend/) and the Melody page's lane (ui/melody_frontend/melody.js) are
what `npm ci && npm run build` makes from frontend/."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

BUNDLE = ROOT / "ui" / "player_frontend"


#: What only the browser tests use (frontend/src/testing.js): none of it ships.
HOOKS = ("__jamPlayer", "renderOffline", "recordLive", "prepareOffline", "jamwithme-tap", "encodeFloats")


def test_bundle_is_committed_and_small():
    names = sorted(p.name for p in BUNDLE.iterdir())
    assert names == ["player-test-hooks.js", "player.css", "player.js"]
    js = (BUNDLE / "player.js").read_text(encoding="utf-8")
    assert "export {" in js and "mount as default" in js  # the components.v2 entry point
    assert (BUNDLE / "player.js").stat().st_size < 600_000


@pytest.mark.parametrize("hook", HOOKS)
def test_the_shipped_bundle_has_no_test_hooks(hook):
    assert hook not in (BUNDLE / "player.js").read_text(encoding="utf-8")
    assert hook in (BUNDLE / "player-test-hooks.js").read_text(encoding="utf-8")


def test_the_shipped_melody_lane_has_no_test_hook():
    """The Melody page's lane sets window.__jamMelody only in the bundle served to the browser tests."""
    lane = ROOT / "ui" / "melody_frontend"
    assert sorted(p.name for p in lane.iterdir()) == ["melody-test-hooks.js", "melody.css", "melody.js"]
    assert "__jamMelody" not in (lane / "melody.js").read_text(encoding="utf-8")
    assert "window.__jamMelody" in (lane / "melody-test-hooks.js").read_text(encoding="utf-8")


def test_the_bundle_has_no_settings_ranges_of_its_own():
    """Defaults and ranges come with each mount from PlayerState (ui/player.py's data.spec), not built in."""
    from jamwithme.player_state import contract

    js = (BUNDLE / "player.js").read_text(encoding="utf-8")
    assert "contract.json" not in js and not (ROOT / "frontend" / "src" / "contract.json").exists()
    for name, field in contract()["fields"].items():
        assert f'"{field["description"]}"' not in js, name  # as a built-in contract.json would have it


def test_fresh_build_reproduces_the_bundle(tmp_path):
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed (apt-get install nodejs npm)")
    work = tmp_path / "frontend"
    shutil.copytree(ROOT / "frontend", work, ignore=shutil.ignore_patterns("node_modules"))
    for cmd in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "build"]):
        done = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=600)
        offline = ("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT", "ECONNRESET")
        if cmd[1] == "ci" and done.returncode != 0 and any(code in done.stderr + done.stdout for code in offline):
            pytest.skip("the npm registry is not reachable")
        assert done.returncode == 0, done.stderr[-2000:]
    built = tmp_path / "ui" / "player_frontend"
    for name in ("player.js", "player-test-hooks.js", "player.css"):
        assert (built / name).read_bytes() == (BUNDLE / name).read_bytes(), f"{name} differs: run `make frontend`"
    for lane in ("melody_frontend/melody.js", "melody_frontend/melody-test-hooks.js", "melody_frontend/melody.css"):
        built_lane = (tmp_path / "ui" / lane).read_bytes()
        assert built_lane == (ROOT / "ui" / lane).read_bytes(), f"{lane} differs: run `make frontend`"
