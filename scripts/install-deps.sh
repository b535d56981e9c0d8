#!/usr/bin/env bash
# Installs the Debian packages the package and its demo need, when they are missing
# (SDL2, SDL2_ttf, SDL2_image for the Image widget, zlib for PNG screenshots, pkg-config).
set -euo pipefail
need=()
pkg-config --exists sdl2 2>/dev/null || need+=(libsdl2-dev)
pkg-config --exists SDL2_ttf 2>/dev/null || need+=(libsdl2-ttf-dev)
pkg-config --exists SDL2_image 2>/dev/null || need+=(libsdl2-image-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
for extra in "$@"; do
  dpkg -s "$extra" >/dev/null 2>&1 || need+=("$extra")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
