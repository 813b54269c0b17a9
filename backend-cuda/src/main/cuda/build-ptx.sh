#!/usr/bin/env bash
# Regenerates the committed PTX from grad4j_kernels.cu.
#
#   bash backend-cuda/src/main/cuda/build-ptx.sh [OUTPUT.ptx]
#
# Default output: backend-cuda/src/main/resources/org/grad4j/cuda/grad4j_kernels.ptx.
# Needs nvcc (CUDA 12.x or 13.x). The PTX targets compute_75 (the oldest target nvcc 13 emits);
# nvcc 13 writes ".version 9.0", which only a CUDA 13 driver loads, so the line is lowered to
# ".version 8.0" (CUDA 12.0+ drivers); the kernels use no PTX 8.x/9.x feature. The result is
# checked with ptxas for sm_75 and sm_90.
# Flags: -fmad=false keeps a*b+c as two roundings (as on the CPU); axpy calls fma() itself.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/grad4j_kernels.cu"
out="${1:-$here/../resources/org/grad4j/cuda/grad4j_kernels.ptx}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
nvcc -ptx -arch=compute_75 -O3 -fmad=false -prec-div=true -prec-sqrt=true -ftz=false \
     -o "$tmp/k.ptx" "$src"
# Lower the PTX ISA version and drop the nvcc build banner (it names the nvcc build, which
# would make the file differ between otherwise identical compilers).
sed -e 's/^\.version [0-9.]*$/.version 8.0/' -e '/^\/\/ Compiler Build ID/d' -e '/^\/\/ Cuda compilation tools/d' -e '/^\/\/ Based on NVVM/d' \
    "$tmp/k.ptx" > "$tmp/out.ptx"
grep -q '^\.version 8\.0$' "$tmp/out.ptx"
for arch in sm_75 sm_90; do
  ptxas -arch="$arch" -o /dev/null "$tmp/out.ptx"
done
mkdir -p "$(dirname "$out")"
cp "$tmp/out.ptx" "$out"
echo "wrote $out"
