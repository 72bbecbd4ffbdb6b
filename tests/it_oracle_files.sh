#!/bin/bash
# The differential test again, with `report` reading the feed files
# directly (no store yet), so both paths into the evaluator agree with the
# reference implementation.
exec env ORACLE_PREP= ORACLE_SEEDS="${ORACLE_FILE_SEEDS:-15}" bash "$(dirname "$0")/it_oracle.sh"
