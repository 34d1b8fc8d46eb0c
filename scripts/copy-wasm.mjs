// Ships the raw module next to the compiled JS, for the "softmax-regression/wasm" export.
import { copyFileSync } from "node:fs";

copyFileSync(new URL("../build/softmax.wasm", import.meta.url), new URL("../dist/softmax.wasm", import.meta.url));
