#!/usr/bin/env bash
# Seeds the fuzz corpora from the fixtures: every fixture input, and the demo, with the
# pipeline target's kind byte in front (0 js, 1 ts, 2 tsx, 3 vue, 4 html, 5 package.json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p corpus/extract corpus/pipeline corpus/applier
n=0
while IFS= read -r -d '' f; do
  case "$f" in
    *.js|*.mjs|*.jsx) k='\x00' ;; *.ts) k='\x01' ;; *.tsx) k='\x02' ;; *.vue) k='\x03' ;;
    *.html|*.htm) k='\x04' ;; */package.json) k='\x05' ;; *) continue ;;
  esac
  n=$((n + 1))
  { printf "$k"; cat "$f"; } > "corpus/pipeline/seed-$n"
  case "$f" in *.vue|*.html) cp "$f" "corpus/extract/seed-$n" ;; esac
done < <(find ../fixtures -type f \( -name 'input*' -o -name 'output*' -o -path '*/demo/*' \) -print0 | sort -z)
echo "seeded $n pipeline inputs, $(ls corpus/extract | wc -l) extraction inputs"
