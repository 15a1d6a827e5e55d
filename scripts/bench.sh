#!/usr/bin/env bash
# The performance benchmark (not part of the test suite; see BENCHMARKS.md): a ~1 MB article with
# 5,000 annotations in headless Chromium, for Claimmark, @recogito/text-annotator and a raw
# CSS.highlights floor. Builds the release bundle first when dist/ is missing or older than the
# sources. Results: target/bench/results.md (and .json).
#
#   bash scripts/bench.sh                 # the whole benchmark, about 10 minutes on 2 cores
#   bash scripts/bench.sh --runs 3 --peer-runs 1 --no-scroll   # quicker
#   bash scripts/bench.sh --profile       # then CPU profiles and traces of import and tagging
#   bash scripts/bench.sh --profile-only  # only those
#   BENCH_DIST=/path/to/dist bash scripts/bench.sh   # another build (with --profile, also set
#                                                    # CARGO_TARGET_DIR to the one that built it)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ ! -d node_modules/@recogito/text-annotator ] || [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

DIST=${BENCH_DIST:-dist}
if [ -z "${BENCH_DIST:-}" ]; then
  stale=""
  [ -f dist/index.html ] && stale=$(find src styles assets index.html Cargo.toml Cargo.lock Trunk.toml -newer dist/index.html -print -quit 2>/dev/null || true)
  if [ ! -f dist/index.html ] || [ -n "$stale" ]; then
    echo "[bench] building the release bundle (trunk build --release)"
    trunk build --release
  fi
fi

profile=0
measure=1
args=()
for a in "$@"; do
  case "$a" in
    --profile) profile=1 ;;
    --profile-only) profile=1; measure=0 ;;
    *) args+=("$a") ;;
  esac
done

if [ "$measure" = 1 ]; then
  node tests/bench/run.mjs --dist "$DIST" ${args[@]+"${args[@]}"}
fi

if [ "$profile" = 1 ]; then
  # The same optimised wasm with its function names kept (wasm-opt -Oz -g), so profiles name
  # Rust functions. The JS glue must be the one the bundle has, or the build is not the same.
  wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/claimmark.wasm"
  out=target/bench
  mkdir -p "$out"
  rm -rf "$out/dist-prof" "$out/bindgen"
  cp -r "$DIST" "$out/dist-prof"
  wasm-bindgen --target web --no-typescript --out-dir "$out/bindgen" --out-name claimmark "$wasm"
  glue=$(ls "$out"/dist-prof/claimmark-*.js | grep -v _bg)
  stem=$(basename "$glue" .js)
  if ! diff -q <(sed "s/$stem/claimmark/g" "$glue") "$out/bindgen/claimmark.js" >/dev/null; then
    echo "[bench] $wasm is not the build in $DIST (its JS glue differs); set CARGO_TARGET_DIR" >&2
    exit 1
  fi
  wasm-opt -Oz -g "$out/bindgen/claimmark_bg.wasm" -o "$out/dist-prof/${stem}_bg.wasm"
  sed -i 's/ integrity="[^"]*"//g' "$out/dist-prof/index.html"
  node tests/bench/profile.mjs --dist "$out/dist-prof"
  node tests/bench/profile.mjs --dist "$out/dist-prof" --contender floor
  echo "[bench] profiles: $out/profile-ours.md, $out/profile-floor.md (raw: *.cpuprofile, trace-*.json)"
fi
