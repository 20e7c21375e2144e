#!/usr/bin/env bash
# Creates the uniform skeleton of a published package: scripts/new-package.sh <name> "<description>"
set -euo pipefail
name=$1; desc=$2
dir=packages/$name
mkdir -p "$dir/src" "$dir/test"
cp LICENSE "$dir/LICENSE"
cat > "$dir/package.json" <<JSON
{
  "name": "@sessionkit/$name",
  "version": "0.0.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "sideEffects": false,
  "engines": { "node": ">=20.19" },
  "keywords": ["sessionkit", "session"],
  "homepage": "https://github.com/sessionkit/sessionkit/tree/main/packages/$name#readme",
  "repository": { "type": "git", "url": "git+https://github.com/sessionkit/sessionkit.git", "directory": "packages/$name" },
  "bugs": { "url": "https://github.com/sessionkit/sessionkit/issues" },
  "files": ["dist", "src", "!src/**/*.test.ts", "!src/**/*.test-d.ts", "LICENSE"],
  "exports": {
    ".": {
      "@sessionkit/source": "./src/index.ts",
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.cts",
  "scripts": {
    "build": "tsup",
    "check-exports": "publint --strict && attw --pack . --profile node16",
    "test": "vitest run"
  },
  "publishConfig": { "access": "public" }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    "outDir": ".tmp/tsc",
    "rootDir": ".",
    "emitDeclarationOnly": true,
    "customConditions": ["@sessionkit/source"]
  },
  "include": ["src", "test"],
  "references": []
}
JSON
cat > "$dir/tsconfig.build.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "composite": false, "incremental": false, "rootDir": "src", "outDir": "dist" },
  "include": ["src"],
  "exclude": ["src/**/*.test.ts"]
}
JSON
cat > "$dir/tsup.config.ts" <<TS
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  tsconfig: "tsconfig.build.json",
  clean: true,
  sourcemap: true,
  target: "node20",
});
TS
cat > "$dir/vitest.config.ts" <<TS
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@sessionkit/source"] },
  ssr: { resolve: { conditions: ["@sessionkit/source"] } },
  test: {
    name: "@sessionkit/$name",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});
TS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
