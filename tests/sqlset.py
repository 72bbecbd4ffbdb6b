#!/usr/bin/python3
"""sqlset.py DB SQL: change a store behind fitsmon's back (tests only;
`fitsmon sql` is read-only by design)."""
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
db.executescript(sys.argv[2])
db.commit()
