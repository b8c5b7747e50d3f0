// The shipped bundle's entry (ui/player_frontend/player.js): the player's mount and nothing else,
// so what index.js exports for the tests' entry (testing.js) is left out of it.
export { default } from "./index.js";
