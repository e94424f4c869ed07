#!/usr/bin/env bash
# Makes the pictures of the README and docs/ from today's binary (run from the repository
# root after `swift build -c release`). Runs that some pictures need (a digits run, two MNIST
# runs of 6,000 samples) are trained first into a scratch folder; MNIST comes from
# $ASF_DATA_DIR (default ../shared/datasets). The saved Figure 3, Figure 4 and ablation
# tables (Screenshots/*.csv) are charted as they are. latency-table1.svg evaluates the Table 1
# run's shipped weights on the whole MNIST test set. One picture is not made here:
# torch-follow.svg, a live two-process PyTorch run followed in the workbench.
set -euo pipefail
asf=${ASF:-.build/release/asf-tui}
out=Screenshots
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
shot() { "$asf" screenshot "$@" > /dev/null; }
both() {  # both NAME ARGS…: NAME.svg and NAME.txt of the same frame
  local name=$1
  shift
  shot --out "$out/$name.svg" "$@"
  shot --out "$out/$name.txt" "$@"
}

# The Train screen and its zoomed panels (digits, no download).
both train --batches 150
shot --out "$out/train-wide.svg" --batches 150 --size 200x50
both layer-table --batches 30 --keys L
shot --out "$out/raster-window.svg" --batches 2 --keys 'j>>'
shot --out "$out/log.svg" --batches 188 --keys l
both help --batches 20 --help-overlay
both experiments --screen experiments

# Replays: a digits run of one epoch, and the shipped Table 1 recording.
"$asf" train --preset digits-lenet-if --out "$scratch/digits" --plain > /dev/null 2>&1
both replay --replay "$scratch/digits"
shot --out "$out/replay-table1.svg" --replay mnist-lenet-if-2h
"$asf" eval --checkpoint mnist-lenet-if-2h --T 5,10,20,50,100 \
  --chart "$out/latency-table1.svg" > /dev/null

# The comparison and the latency panel: MNIST IF and LIF, T=30, 3 epochs of 6,000 samples.
for neuron in if lif; do
  "$asf" train --preset "mnist-lenet-$neuron" --T 30 --train-limit 6000 --test-limit 2000 \
    --epochs 3 --out "$scratch/mnist-$neuron-T30" --plain > /dev/null 2>&1
done
both compare --replay "$scratch/mnist-if-T30" --compare "$scratch/mnist-lif-T30"
both compare-curves --replay "$scratch/mnist-if-T30" --compare "$scratch/mnist-lif-T30" \
  --keys '\t\t\tz'
both latency-panel --replay "$scratch/mnist-if-T30" --keys t

# The neuron lab.
both neuron-lab --screen lab --lab-steps 41
both neuron-lab-lesson --screen lab --lesson-step 3 --lab-steps 60
both neuron-lab-big --screen lab --big --lesson-step 2 --lab-steps 60
both neuron-lab-big-80x24 --screen lab --big --lesson-step 2 --lab-steps 60 --size 80x24
both neuron-lab-transfer --screen lab --lesson-step 6 --lab-steps 401 --transfer \
  --keys '\r\r\r\r\r' --lab-steps-after 450
both table4 --screen lab --table4 --lab-steps 60
"$asf" neuron --record "$out/neuron-lab-fire.svg" --lesson-step 2 --steps-per-frame 12 > /dev/null
"$asf" neuron --record "$out/neuron-lab-transfer.gif" --lesson-step 6 --transfer --big \
  --steps-per-frame 50 > /dev/null

# Saved tables: Figure 3 (LeNet and VGG7), Figure 4 and the ablations.
for name in fig3-training-time fig3-training-time-vgg7; do
  mkdir -p "$scratch/$name"
  cp "$out/$name.csv" "$scratch/$name/asf-vs-bptt.csv"
  both "$name" --screen fig3 --from "$scratch/$name"
done
for name in fig4-time-window ablation-scale-factor ablation-reset ablation-mask; do
  mkdir -p "$scratch/$name"
  cp "$out/$name.csv" "$scratch/$name/sweep.csv"
  both "$name" --screen fig4 --from "$scratch/$name"
done
echo "made the pictures in $out"
