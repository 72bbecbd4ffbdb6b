#!/bin/bash
# The Debian packages each of the two commands installs (issue 17):
#   make demo   what building and running need (BUILD_PKGS), nothing a test
#               alone needs (Check, python3-aiosmtpd, chromium, systemd, strace);
#   make check  those and what the tests need (TEST_PKGS);
# and the README's table lists exactly those two sets.  Dry runs
# (make -n): nothing is installed or built.
. "$(dirname "$0")/itlib.sh" deps

words() { tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' '; }
list=$(make -s --no-print-directory deps-list)
build=$(sed -n 's/^make demo: *//p' <<<"$list" | words)
all=$(sed -n 's/^make check: *//p' <<<"$list" | words)
[ -n "$build" ] && [ -n "$all" ] && ok || bad "make deps-list: '$list'"

# what `make demo` and `make check` would install: the package list of
# the deps recipe they run
installs() {
	make -n -s --no-print-directory "$1" 2>/dev/null | sed -n 's/.*for p in \(.*\); do.*/\1/p' | head -1 | words
}
got=$(installs demo)
[ "$got" = "$build" ] && ok || bad "make demo installs '$got', not the build set '$build'"
for p in check python3-aiosmtpd chromium systemd strace man-db; do
	grep -qw -- "$p" <<<"$got" && bad "make demo installs $p, which only the tests need" || ok
done
got=$(installs check)
[ "$got" = "$all" ] && ok || bad "make check installs '$got', not '$all'"
for p in check python3 python3-aiosmtpd; do
	grep -qw -- "$p" <<<"$got" && ok || bad "make check does not install $p"
done

# README.md: | `make demo` | PACKAGES |, | `make check` | the above, and PACKAGES |
readme_demo=$(sed -n 's/^| `make demo` | \(.*\) |$/\1/p' README.md | words)
readme_check=$(sed -n 's/^| `make check` | the above, and \(.*\) |$/\1/p' README.md | words)
[ "$readme_demo" = "$build" ] && ok ||
	bad "README lists for make demo '$readme_demo'; the Makefile installs '$build'"
both=$(echo "$readme_demo $readme_check" | words)
[ -n "$readme_check" ] && [ "$both" = "$all" ] && ok ||
	bad "README lists for make check '$both'; the Makefile installs '$all'"
finish
