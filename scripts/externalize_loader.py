#!/usr/bin/env python3
"""Trunk post-build hook: move the inline module loader into its own file.

Trunk writes `<script type="module" ...>import init ... </script>` into index.html. The
Content-Security-Policy forbids inline scripts, so the loader becomes `boot-<hash>.js`, loaded
with `src`. The build-time nonce Trunk adds is dropped (a fixed nonce protects nothing).
"""
import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")

pattern = re.compile(r'<script type="module"[^>]*>(.*?)</script>', re.S)
match = pattern.search(html)
if not match:
    sys.exit("externalize_loader: no inline module script in index.html")
code = match.group(1).strip() + "\n"
name = f"boot-{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
(staging / name).write_text(code, encoding="utf-8")
public = os.environ.get("TRUNK_PUBLIC_URL", "/")
html = html[: match.start()] + f'<script type="module" src="{public}{name}"></script>' + html[match.end():]
html = re.sub(r'\snonce="[^"]*"', "", html)
index.write_text(html, encoding="utf-8")
