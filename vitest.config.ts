import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Numerical tests on the pure-JS backend take seconds; CI machines are shared and noisy.
    testTimeout: 60_000,
  },
});
