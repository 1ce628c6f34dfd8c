#!/usr/bin/env sh
# Print a command that runs a Python >= 3.12, or fail with a clear message.
# Tries python3.13, python3.12, python3 and python on PATH, then pyenv's installed versions
# (on machines where the default python3 is older and a bare python3.12 shim fails).
ok() { "$@" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for c in python3.12 python3.13 python3 python; do
  if command -v "$c" >/dev/null 2>&1 && ok "$c"; then command -v "$c"; exit 0; fi
done
root=$( (pyenv root 2>/dev/null) || echo "$HOME/.pyenv")
for p in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do
  if ok "$p"; then echo "$p"; exit 0; fi
done
echo "error: servicesim needs Python >= 3.12 (mesa 3.5 requires it); none found on PATH or in pyenv" >&2
exit 1
