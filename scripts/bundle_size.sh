#!/usr/bin/env bash
# Prints the release bundle's size: wasm + js + css, raw and gzip.
set -euo pipefail
cd "$(dirname "$0")/../dist"
total=0; gz=0
for f in *.wasm *.js *.css; do
  [ -f "$f" ] || continue
  r=$(stat -c %s "$f"); g=$(gzip -9 -c "$f" | wc -c)
  printf '  %-48s %9d bytes raw %9d gzip\n' "$f" "$r" "$g"
  total=$((total + r)); gz=$((gz + g))
done
printf 'bundle: %d bytes raw, %d bytes gzip\n' "$total" "$gz"
