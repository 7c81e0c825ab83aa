#!/usr/bin/env bash
# Run each atheris harness for N seconds (default 60). Not part of CI: fuzzing
# is open-ended, so it runs on demand and its crashes land in fuzz/findings/.
# Usage: bash fuzz/run.sh [SECONDS] [HARNESS...]   (harness: clean, html, packs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
harnesses=("${@:-clean html packs}")
python="${PYTHON:-}"
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; elif [ -x /work/venv/bin/python ]; then python=/work/venv/bin/python; else python=python3; fi
fi
if ! "$python" -c "import atheris" 2>/dev/null; then
  echo "+ installing atheris into $("$python" -c 'import sys; print(sys.prefix)')"
  "$python" -m pip install -q atheris
fi
mkdir -p fuzz/findings fuzz/corpus
# Seed each corpus with real inputs, so mutation starts from valid text, pages
# and packs instead of from nothing (YAML is hard to reach byte by byte).
seed() {
  local name="$1"; shift
  mkdir -p "fuzz/corpus/$name"
  for file in "$@"; do [ -f "$file" ] && cp -n "$file" "fuzz/corpus/$name/"; done
  return 0
}
seed clean seeds/*.txt tests/cases/robust/*.txt
seed html tests/cases/robust/*.html
seed packs rules/*.yaml
status=0
for name in ${harnesses[@]}; do
  mkdir -p "fuzz/corpus/$name"
  echo "+ fuzz_$name for ${seconds}s"
  # -rss_limit_mb: a leak or a blow-up is a finding, not a machine that swaps.
  PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" "$python" "fuzz/fuzz_$name.py" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 \
    -artifact_prefix="fuzz/findings/$name-" "fuzz/corpus/$name" || status=$?
done
exit "$status"
