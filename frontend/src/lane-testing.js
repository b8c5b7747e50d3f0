// The Melody page's lane with the browser tests' hook: built to ui/melody_frontend/melody-test-hooks.js
// and served only when the app runs for tests (JAMWITHME_PLAYER_TEST_HOOKS=1), as the practice
// player's are (testing.js); the shipped melody.js carries none of this.
//
// window.__jamMelody.lane is what the tests read: the live lane (its position, the lit note, the
// notes it was given, its tracks).

import mount, { laneIn } from "./lane.js";

const hooks = { lane: null };
window.__jamMelody = hooks;

/** The lane's own mount, then the lane in this element made the one the tests read. */
export default function mountWithHooks(args) {
  const cleanup = mount(args);
  hooks.lane = laneIn(args.parentElement);
  return cleanup;
}
