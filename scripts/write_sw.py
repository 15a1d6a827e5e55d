#!/usr/bin/env python3
"""Trunk post-build hook: write the service worker `sw.js` for this build.

Runs after externalize_loader.py (Trunk.toml; hooks run in order), so the staging directory
holds the finished build: index.html, the hashed .js/.wasm/.css, boot-*.js, the manifest and
the icons. Every one of those files goes into the worker's precache list, and the cache is
named after a hash of their paths and contents (and of the worker's own code), so a new build
gets a new cache and the old one is deleted when the new worker activates. The worker itself is
scripts/sw.template.js; its comments say how it behaves.

Also runs by hand on any build directory: `TRUNK_STAGING_DIR=dist python3 scripts/write_sw.py`.
"""
import hashlib
import json
import os
import pathlib
import sys

TEMPLATE = pathlib.Path(__file__).resolve().parent / "sw.template.js"
WORKER = "sw.js"

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
if not (staging / "index.html").is_file():
    sys.exit(f"write_sw: no index.html in {staging}")

files = sorted(
    p.relative_to(staging).as_posix()
    for p in staging.rglob("*")
    if p.is_file()
    and p.relative_to(staging).as_posix() != WORKER
    and not any(part.startswith(".") for part in p.relative_to(staging).parts)
)

template = TEMPLATE.read_text(encoding="utf-8")
digest = hashlib.sha256(template.encode())
for name in files:
    digest.update(name.encode() + b"\0")
    digest.update(hashlib.sha256((staging / name).read_bytes()).digest())
cache = f"claimmark-{digest.hexdigest()[:16]}"

for placeholder in ("'__CACHE__'", "__FILES__"):
    if template.count(placeholder) != 1:
        sys.exit(f"write_sw: {TEMPLATE.name} must hold {placeholder} exactly once")
worker = template.replace("'__CACHE__'", json.dumps(cache)).replace(
    "__FILES__", json.dumps(files, indent=2)
)
(staging / WORKER).write_text(worker, encoding="utf-8")
print(f"write_sw: {WORKER} precaches {len(files)} files in {cache}")
