#!/usr/bin/env bash
# Installs the packed tarballs of every package into fresh apps outside the workspace, the way a
# user gets them from npm, then type-checks the TypeScript apps and serves real requests through
# Express + memory and Koa + SQLite from ESM, CommonJS and compiled TypeScript (node16, bundler),
# and both builds of @sessionkit/express side by side in one process.
# Run after `pnpm build`. Fast on a second run: npm's cache, --prefer-offline, no audit/fund.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sessionkit-packed-XXXXXX")
trap 'rm -rf "$work"' EXIT
export npm_config_nodedir=${npm_config_nodedir:-/usr}   # better-sqlite3 builds from source here

echo "[packed-install] packing into $work/tarballs"
for pkg in "$root"/packages/*/; do
  (cd "$pkg" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done

# One install shared by the four apps (a parent node_modules, so better-sqlite3 compiles once);
# each app is its own package with its own "type" and tsconfig below it.
cp -r "$here/apps" "$work/apps"
for app in ts-node16 ts-bundler; do cp "$here/apps/typescript/server.ts" "$work/apps/$app/"; done
cd "$work"
echo '{ "name": "packed-install", "private": true }' > package.json
# better-sqlite3: the version the workspace tests with. Compiling it takes minutes on two cores,
# so its install script is skipped and the workspace's binary (same version, built for this very
# Node by `pnpm install`) is copied in; without one, npm compiles it.
sqlite_dir=$(cd "$root/packages/store-sql" && node -p 'require("path").dirname(require.resolve("better-sqlite3/package.json"))')
sqlite_version=$(node -p "require('$sqlite_dir/package.json').version")
echo "[packed-install] npm install"
npm install --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error \
  ./tarballs/*.tgz express@5.3.0 koa@3.3.0 knex@3.3.0 "better-sqlite3@$sqlite_version" \
  typescript@5.9.3 @types/express@5.0.6 @types/koa@3.0.3 @types/node@20.19.43
if [ -f "$sqlite_dir/build/Release/better_sqlite3.node" ]; then
  mkdir -p node_modules/better-sqlite3/build/Release
  cp "$sqlite_dir/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/
else
  npm rebuild better-sqlite3
fi

# skipLibCheck in their tsconfigs: @types/koa 3.0.3 does not compile against the types that
# content-disposition 1.x ships; our own declarations are checked by `pnpm check-exports` (attw).
for app in ts-node16 ts-bundler; do
  echo "[packed-install] tsc $app"
  (cd "apps/$app" && ../../node_modules/.bin/tsc -p .)
done

node "$here/driver.mjs" apps/esm server.mjs
node "$here/driver.mjs" apps/cjs server.cjs
node "$here/driver.mjs" apps/dual server.mjs
node "$here/driver.mjs" apps/ts-node16 dist/server.js
node "$here/driver.mjs" apps/ts-bundler dist/server.js
echo "[packed-install] all apps served real requests from the packed tarballs"
