// edge-runtime (Vercel) evaluates a classic script, service-worker style.
import { handle } from "./edge-worker.mjs";
addEventListener("fetch", (event) => event.respondWith(handle()));
