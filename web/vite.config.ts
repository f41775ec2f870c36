import { defineConfig } from "vite";

// The build is committed (web/dist) and embedded in the `vetter` binary by vetter-server;
// `.ci/run` rebuilds it and fails when the committed copy differs.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    target: "es2022",
    chunkSizeWarningLimit: 200,
  },
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  server: {
    proxy: Object.fromEntries(
      ["/match", "/search", "/entities", "/lists", "/session", "/alerts", "/audit", "/catalog"].map(
        (p) => [p, "http://127.0.0.1:8000"],
      ),
    ),
  },
});
