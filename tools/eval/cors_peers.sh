#!/usr/bin/env bash
# Caches other projects' CORS test suites OUTSIDE the repository (their licences keep
# them out of it), for `cargo run -p shipcheck-engine --example cors_peers -- DIR`.
#
#   tools/eval/cors_peers.sh [DIR]      (default: ~/.cache/shipcheck-eval/cors)
#
# semgrep-rules, Bearer rules and njsscan are read from a git snapshot: the mirror
# the `fetch` tool makes under /work/.mirror when present, else a shallow clone.
# CodeQL is too large to clone here: its few test files are read at the pinned
# commits below from a blob-less clone (needs network); without one, put them into
# DIR/codeql/<path> by hand (same paths, same commits).
set -euo pipefail
DIR="${1:-$HOME/.cache/shipcheck-eval/cors}"
mkdir -p "$DIR"

# name  owner/repo  commit  files (extended regex over the tree)
PEERS=(
  "semgrep semgrep/semgrep-rules 157ae4706d7f54aa33647332f234dd68f30da195 cors[^/]*\.(java|js|php|py|tf|tsx|ts)$"
  "bearer Bearer/bearer-rules 82c335f781a61a6d8b052394f84fd1d93edec467 ^tests/.*allow_origin/testdata/"
  "njsscan ajinabraham/njsscan b6ade853818a0c2a4fde36a1c5740b663e758ad2 (safe_cors_header|header_cors_star)\.js$"
)

git_dir_of() { # owner/repo -> a git dir holding it
  local mirror="/work/.mirror/${1/\//+}/repo"
  if [ -d "$mirror" ]; then echo "$mirror"; return; fi
  local clone="$DIR/.git-${1/\//+}"
  [ -d "$clone" ] || git clone --quiet --bare "https://github.com/$1" "$clone"
  echo "$clone"
}

for peer in "${PEERS[@]}"; do
  read -r name repo commit pattern <<<"$peer"
  gd="$(git_dir_of "$repo")"
  rev="$commit"
  if ! git --git-dir="$gd" cat-file -e "$rev^{commit}" 2>/dev/null; then
    rev=HEAD
    echo "warning: $repo: commit $commit not in the snapshot, using $(git --git-dir="$gd" rev-parse HEAD)" >&2
  fi
  git --git-dir="$gd" ls-tree -r --name-only "$rev" | grep -E -i "$pattern" | grep -v -E '\.ya?ml$' |
    while read -r f; do
      mkdir -p "$DIR/$name/$(dirname "$f")"
      git --git-dir="$gd" show "$rev:$f" >"$DIR/$name/$f"
    done
  echo "$name: $(find "$DIR/$name" -type f | wc -l) files at $rev"
done

# CodeQL: path and the commit each file is read at.
CODEQL=(
  "javascript/ql/test/query-tests/Security/CWE-346/tst.js ec97f7ffd3e0e2b5dce1f25a8aa195cca7a8d085"
  "javascript/ql/test/query-tests/Security/CWE-346/CorsMisconfigurationForCredentials.expected 33ea91042a6f9e5ed7236020b1dfaadb8dd5a2bc"
  "javascript/ql/test/query-tests/Security/CWE-942/apollo-test.js 358617f53365db5b808bc668f0aae704e56790c2"
  "javascript/ql/test/query-tests/Security/CWE-942/express-test.js 95743d7109180c7076fe732c2e51ff1ee88d14ab"
  "javascript/ql/test/query-tests/Security/CWE-942/CorsPermissiveConfiguration.expected 4dac80a998ee2b9645034d3bbacf06d92fc30b73"
  "go/ql/test/experimental/CWE-942/CorsMisconfiguration.go 25d8f0e16184035cc407c847d36bb2efb28b5835"
  "go/ql/test/experimental/CWE-942/CorsGin.go c397487325e0021ac083254dc7bf90ea5d5c5aed"
  "go/ql/test/experimental/CWE-942/RsCors.go 89a8d59421cf0393fa66d966ec8b88d62fd3b4e0"
  "go/ql/test/experimental/CWE-942/CorsMisconfiguration.expected 4e0bfa3f665fafc901f97877d7928635c779e1ea"
  "python/ql/test/experimental/query-tests/Security/CWE-346/Cors.py 092cae0355226e324a792260b37284136ed2bafd"
  "python/ql/test/experimental/query-tests/Security/CWE-346/test.py 90e93281925f4eebe5529b83662fe9acd318513d"
  "python/ql/test/experimental/query-tests/Security/CWE-346/test.expected 90e93281925f4eebe5529b83662fe9acd318513d"
  "java/ql/test/experimental/query-tests/security/CWE-346/UnvalidatedCors.java 9d164d0f0652d4170f961f3d1e5e4b818dabdc95"
  "csharp/ql/test/experimental/CWE-942/CorsMisconfiguration.cs 374eec5f9a3fe6731463389b454c3281b3763bcc"
  "csharp/ql/test/experimental/CWE-942/CorsMisconfiguration.expected 374eec5f9a3fe6731463389b454c3281b3763bcc"
  "csharp/ql/test/experimental/CWE-942/CorsMiconfigurationCredentials.cs 2a4ed45edc7509c6427184b62ad7cc692fbfa9d8"
  "csharp/ql/test/experimental/CWE-942/CorsMisconfigurationCredentials.expected 374eec5f9a3fe6731463389b454c3281b3763bcc"
)
missing=0
clone="$DIR/.git-github+codeql"
for entry in "${CODEQL[@]}"; do
  read -r path commit <<<"$entry"
  [ -s "$DIR/codeql/$path" ] && continue
  if [ ! -d "$clone" ] && { [ -n "${offline:-}" ] ||
    ! git clone --quiet --bare --filter=blob:none "https://github.com/github/codeql" "$clone" 2>/dev/null; }; then
    offline=1; missing=$((missing + 1)); echo "codeql: missing $path@$commit (no network: add it by hand)" >&2; continue
  fi
  mkdir -p "$DIR/codeql/$(dirname "$path")"
  git --git-dir="$clone" show "$commit:$path" >"$DIR/codeql/$path"
done
echo "codeql: $(( ${#CODEQL[@]} - missing )) of ${#CODEQL[@]} files in $DIR/codeql"
