#!/usr/bin/env bash
# Writes the national region dataset filtered to one province (default 44, 广东省) into a folder that
# `-- import-regions <folder> 5` reads: bench/scripts/province-regions.sh 44 /tmp/regions-44
set -euo pipefail
province=${1:-44}; out=${2:-/tmp/regions-$province}
src=$(cd "$(dirname "$0")/../../.." && pwd)/shared/data/regions
mkdir -p "$out"
awk -F, -v p="$province" 'NR==1 || $1==p' "$src/provinces.csv" > "$out/provinces.csv"
awk -F, -v p="$province" 'NR==1 || $3==p' "$src/cities.csv" > "$out/cities.csv"
awk -F, -v p="$province" 'NR==1 || $4==p' "$src/areas.csv" > "$out/areas.csv"
awk -F, -v p="$province" 'NR==1 || $4==p' "$src/streets.csv" > "$out/streets.csv"
zcat "$src/villages.csv.gz" | awk -F, -v p="$province" 'NR==1 || substr($1,1,2)==p' | gzip > "$out/villages.csv.gz"
echo "$out"
