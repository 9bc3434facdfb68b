# Sourced by the GPU scripts, from the repository root: unpacks the binary prepared in .build-gpu
# (benchmarks/gpu/segment-table3.sh lists how) into a fresh work folder and points it at the
# libraries and anatomy it needs. Sets root, work and m (the binary).
root=$PWD
work=$(mktemp -d)
gunzip -c .build-gpu/metorigin.gz > "$work/metorigin" && chmod +x "$work/metorigin"
torchlib=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__) + "/lib")')
export LD_LIBRARY_PATH="$torchlib:$root/.build-gpu/lib"
# A copy, so that the atlas cache built from the templates stays out of .build-gpu (and the carry).
cp -r .build-gpu/anatomy "$work/anatomy"
export METORIGIN_ANATOMY="$work/anatomy"
m="$work/metorigin"
