#!/usr/bin/env bash
# Debian packages the tests, references and benchmarks need (run as root, or with sudo):
#   chromium                 end-to-end UI tests (playwright-core drives /usr/bin/chromium)
#   dcmtk, libgdcm-tools     DICOM variants made at test time and reference renderings
#   poppler-utils            text extraction from the model-card PDF
#   mesa-vulkan-drivers, libvulkan1
#                            the Vulkan loader and lavapipe the WebGPU probe (doctor, webgpuParity test) ran against here;
#                            Dawn rejects lavapipe, and the parity test then uses Chromium's own SwiftShader
#   time                     peak-memory figures in bench/ingest.ts (/usr/bin/time -f %M)
#   python3-numpy/-sklearn/-torch/-pydicom/-pil, libopenblas0-pthread
#                            independent reference implementations for fixtures and benchmarks
set -euo pipefail
packages=(chromium dcmtk libgdcm-tools poppler-utils time python3-numpy python3-sklearn python3-torch python3-pydicom python3-pil libopenblas0-pthread mesa-vulkan-drivers libvulkan1)
missing=()
for pkg in "${packages[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ "${#missing[@]}" -eq 0 ]; then echo "system packages: all present"; exit 0; fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
