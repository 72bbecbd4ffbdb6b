#!/bin/bash
# The reference implementation's own hand-worked unit tests: the oracle
# must be right before it can judge fitsmon.
set -eu
cd "$(dirname "$0")/oracle"
exec /usr/bin/python3 -m unittest -q test_refimpl 2>&1
