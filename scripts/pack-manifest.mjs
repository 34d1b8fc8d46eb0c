// The package.json that goes into the tarball (npm's prepack / postpack hooks):
//
//   node scripts/pack-manifest.mjs strip     (prepack)  back up package.json, write it without
//                                                       "scripts" and "allowScripts"
//   node scripts/pack-manifest.mjs restore   (postpack) put the backup back
//
// Why: the scripts are for developing this repository (build, test, bench) and refer to
// files the tarball does not carry. One of them, "prepare", counts as an install script for
// a package installed from a tarball or git: npm 11 warns about it on every such install
// ("install scripts not yet covered by allowScripts"), and a user who approves it would run
// a build that cannot work there. Inside a git clone npm runs "prepare" before packing, so
// git installs still build; the packed manifest just does not carry it on.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = `${root}package.json`;
const backup = `${root}package.json.prepack`;

const mode = process.argv[2];
if (mode === "strip") {
  // A backup left by an interrupted pack is the real manifest: start from it.
  if (existsSync(backup)) renameSync(backup, manifest);
  for (const built of ["dist/index.js", "dist/index.cjs", "dist/softmax.wasm"]) {
    if (!existsSync(`${root}${built}`)) {
      console.error(`pack-manifest: ${built} is missing; run \`npm run build\` before packing`);
      process.exit(1);
    }
  }
  copyFileSync(manifest, backup);
  const { scripts, allowScripts, ...published } = JSON.parse(readFileSync(manifest, "utf8"));
  void scripts;
  void allowScripts;
  writeFileSync(manifest, JSON.stringify(published, null, 2) + "\n");
} else if (mode === "restore") {
  if (existsSync(backup)) renameSync(backup, manifest);
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
