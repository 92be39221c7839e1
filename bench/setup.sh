#!/bin/sh
# What `make bench` needs beyond tools/setup.sh: gnuplot (Debian's
# gnuplot-nox) for the chart.  Installed with apt-get when missing, like
# tools/setup.sh does for the build dependencies.  Without it the bench
# still writes its table and CSV, and says the chart is missing.
have() { command -v "$1" >/dev/null 2>&1; }
have gnuplot && exit 0
echo "bench setup: installing gnuplot-nox" >&2
if [ "$(id -u)" = 0 ]; then
  run=""
elif have sudo; then
  run="sudo"
else
  echo "bench setup: gnuplot missing; run as root: apt-get install -y gnuplot-nox" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get install -y -qq --no-install-recommends gnuplot-nox >&2 ||
  { $run apt-get update -qq >&2; $run apt-get install -y -qq --no-install-recommends gnuplot-nox >&2; }
