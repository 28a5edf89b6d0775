#!/usr/bin/env bash
# KenLM's lmplz and query, the language model's peer in `make bench` (issue 15), built from the
# source distribution of the `kenlm` package on PyPI (it holds the whole C++ tree, lmplz's
# builder included), pinned by version and SHA-256, into .build/peers/kenlm-VERSION. Nothing of
# KenLM is kept in the repository.
#
#   bash scripts/kenlm.sh    prints the folder holding lmplz and query (built once, then reused)
#
# It needs python3 (to download), cmake, a C++ compiler, Boost (program_options, system, thread,
# test) and zlib; `make bench` installs them as root (KENLM_PACKAGES in the Makefile). When it
# cannot build, it says why on stderr and exits 1: the bench then skips the lmplz rows.
set -euo pipefail
VERSION=0.3.0
SHA256=c4628bb9fb63c8a6f9240035b8b037385cfc404cb72e933cf48878291edac1e8
URL=https://files.pythonhosted.org/packages/02/6e/f4e159cef39ea4ef2244b4aa32857d447d60a5d0ee269e1b1f8d3723c03e/kenlm-$VERSION.tar.gz
DIR=$(cd "$(dirname "$0")/.." && pwd)/.build/peers/kenlm-$VERSION
BIN=$DIR/build/bin

if [ -x "$BIN/lmplz" ] && [ -x "$BIN/query" ]; then echo "$BIN"; exit 0; fi
fail() { echo "kenlm.sh: $*; the lmplz rows will be skipped" >&2; exit 1; }
for tool in python3 cmake c++ tar sha256sum; do command -v "$tool" >/dev/null || fail "no $tool to build KenLM with"; done

mkdir -p "$DIR"
archive=$DIR/kenlm-$VERSION.tar.gz
echo "Building KenLM $VERSION's lmplz and query from PyPI's source into $DIR (once)..." >&2
if [ ! -f "$archive" ]; then
    python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$URL" "$archive.part" \
        || fail "cannot download $URL"
    mv "$archive.part" "$archive"
fi
if ! echo "$SHA256  $archive" | sha256sum --check --quiet - >/dev/null 2>&1; then
    rm -f "$archive"
    fail "the download is not KenLM $VERSION's source (its SHA-256 differs)"
fi
rm -rf "$DIR/src" "$DIR/build"
mkdir -p "$DIR/src"
tar xzf "$archive" -C "$DIR/src" --strip-components=1
cmake -S "$DIR/src" -B "$DIR/build" -DCMAKE_BUILD_TYPE=Release >"$DIR/cmake.log" 2>&1 || fail "cmake failed (see $DIR/cmake.log)"
cmake --build "$DIR/build" --target lmplz query -j "$(nproc)" >"$DIR/build.log" 2>&1 || fail "the build failed (see $DIR/build.log)"
echo "$BIN"
