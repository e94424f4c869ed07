#!/usr/bin/env bash
# Builds the libFuzzer targets (Package.swift adds them when ASF_FUZZ is set) and runs each
# from its seed corpus in Fuzz/Corpus, for a number of executions or seconds. Inputs that
# crash are kept in .build/fuzz/artifacts/<target>/; the grown corpus in .build/fuzz/corpus.
#
#   Fuzz/run.sh                      every target, 1,000,000 executions each
#   Fuzz/run.sh -n 200000 gzip idx   two targets, 200,000 executions each
#   Fuzz/run.sh -t 60                every target for 60 seconds each
#
# Targets: idx cifar aedat gzip checkpoint preset metrics lines lesson control. Prints one line per target
# (executions, seconds, crashes) and exits 1 if any target crashed.
set -euo pipefail
# Let libFuzzer, not the Swift runtime's backtracer, catch traps, so crashing inputs are saved.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."

runs=1000000
seconds=0
while getopts "n:t:h" option; do
  case "$option" in
    n) runs="$OPTARG" ;;
    t) seconds="$OPTARG"; runs=-1 ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
all=(idx cifar aedat gzip checkpoint preset metrics lines lesson control)
targets=("${@:-${all[@]}}")
for target in "${targets[@]}"; do
  if [[ ! " ${all[*]} " =~ " $target " ]]; then
    echo "unknown fuzz target '$target'; the targets are: ${all[*]}" >&2
    exit 2
  fi
done

scratch=.build/fuzz
failed=0
summary=()
for target in "${targets[@]}"; do
  echo "== building fuzz-$target" >&2
  ASF_FUZZ=1 swift build -c release --scratch-path "$scratch" --product "fuzz-$target" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld >&2
  corpus="$scratch/corpus/$target"
  artifacts="$scratch/artifacts/$target"
  log="$scratch/$target.log"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzzing $target" >&2
  status=0
  "$scratch/release/fuzz-$target" -runs="$runs" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "Fuzz/Corpus/$target" >"$log" 2>&1 || status=$?
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  elapsed=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "?")
  crashes=$(find "$artifacts" -type f | wc -l)
  if [[ $status -ne 0 || $crashes -ne 0 ]]; then failed=1; fi
  summary+=("$(printf '%-11s %12s executions %6s s   %d crashing inputs (exit %d)' \
    "$target" "$executions" "$elapsed" "$crashes" "$status")")
done
printf '%s\n' "${summary[@]}"
exit $failed
