// Build the player into the Python side (ui/player_frontend/), where Streamlit reads it.
// `npm ci && npm run build` must reproduce the committed files byte for byte.
import { copyFileSync, mkdirSync } from "node:fs";
import { build } from "esbuild";

const out = "../ui/player_frontend";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/index.js"],
  bundle: true,
  format: "esm",
  target: "es2022",
  // Not minified: signalsmith-stretch builds its AudioWorklet from its own functions' source text.
  minify: false,
  legalComments: "eof",
  charset: "utf8",
  outfile: `${out}/player.js`,
  logLevel: "warning",
});
copyFileSync("src/player.css", `${out}/player.css`);
