// Build the player into the Python side (ui/player_frontend/), where Streamlit reads it.
// `npm ci && npm run build` must reproduce the committed files byte for byte.
//
// Two bundles, each whole: player.js (src/main.js: the player of src/index.js), what the app ships, and player-test-hooks.js
// (src/testing.js: the same player plus the browser tests' hooks), which ui/player.py serves only
// when JAMWITHME_PLAYER_TEST_HOOKS is set. And the Melody page's lane (src/lane.js), which draws its
// staff with the player's code (src/notation.js), into ui/melody_frontend/melody.js, with its tests'
// hook (src/lane-testing.js) in ui/melody_frontend/melody-test-hooks.js, served on the same setting.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const out = "../ui/player_frontend";
mkdirSync(out, { recursive: true });
for (const [entry, outfile] of [
  ["src/main.js", `${out}/player.js`],
  ["src/testing.js", `${out}/player-test-hooks.js`],
  ["src/lane.js", "../ui/melody_frontend/melody.js"],
  ["src/lane-testing.js", "../ui/melody_frontend/melody-test-hooks.js"],
]) {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    target: "es2022",
    // Not minified: signalsmith-stretch builds its AudioWorklet from its own functions' source text.
    minify: false,
    legalComments: "eof",
    charset: "utf8",
    outfile,
    logLevel: "warning",
  });
}
copyFileSync("src/player.css", `${out}/player.css`);
// The lane's look is the player's, then its own few rules: one stylesheet for both.
writeFileSync("../ui/melody_frontend/melody.css", `${readFileSync("src/player.css", "utf8")}\n${readFileSync("src/lane.css", "utf8")}`);
