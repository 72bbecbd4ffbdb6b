#!/usr/bin/python3
"""Flesch reading ease of a plain-text file (the email body), for
tests/it_readability.sh.

    score = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

Words are runs of letters, digits and inner apostrophes or hyphens
("ACM-31221", "don't").  A word with a digit counts as two syllables
(numbers and ids are read aloud as a few sounds).  Other words: runs of
vowels (a e i o u y) counted, less a silent final "e" (not "-le" after a
consonant) and a silent "-ed" (not after t or d), at least one.  A
sentence ends at . ! or ? before a space or the line's end, and at a
blank line or a heading line (no lower-case letter), so headings and
list items without a full stop count as sentences of their own.

    flesch.py FILE       print the score, the counts
    flesch.py --selftest check the scorer on known words and sentences
"""
import re
import sys

WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")


def syllables(word):
    w = word.lower()
    if any(c.isdigit() for c in w):
        return 2
    w = re.sub(r"['\u2019-]", "", w)
    n = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not (w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy"):
        n -= 1
    elif w.endswith("ed") and len(w) > 3 and w[-3] not in "td" and w[-3] not in "aeiouy":
        n -= 1
    return max(n, 1)


def sentences_of(text):
    out = []
    para = []
    for line in text.splitlines():
        s = line.strip()
        if not s or not re.search(r"[a-z]", s):
            if para:
                out.append(" ".join(para))
                para = []
            if s:
                out.append(s)
            continue
        para.append(s)
    if para:
        out.append(" ".join(para))
    sents = []
    for block in out:
        for part in re.split(r"(?<=[.!?])\s+", block):
            if WORD.search(part):
                sents.append(part)
    return sents


def score(text):
    sents = sentences_of(text)
    words = [w for s in sents for w in WORD.findall(s)]
    if not words or not sents:
        return None, 0, 0, 0
    syl = sum(syllables(w) for w in words)
    fre = 206.835 - 1.015 * (len(words) / len(sents)) - 84.6 * (syl / len(words))
    return fre, len(sents), len(words), syl


def selftest():
    bad = 0
    known = {"the": 1, "cat": 1, "table": 2, "make": 1, "beautiful": 3, "calls": 1,
             "contract": 2, "reading": 2, "checked": 1, "wanted": 2, "Friday": 2,
             "backups": 2, "were": 1, "supplier": 2, "ACM-31221": 2, "school": 1,
             "hours": 1, "little": 2, "agreed": 2, "problem": 2}
    # "supplier" is three syllables spoken; the rule counts "ie" as one
    # run: a known undercount, kept here so a change to the rule shows
    for w, n in known.items():
        if syllables(w) != n:
            print("selftest: %s: %d syllables, expected %d" % (w, syllables(w), n))
            bad += 1
    cases = [
        # 6 words, 6 syllables, 1 sentence: 206.835 - 6.09 - 84.6 = 116.145
        ("The cat sat on the mat.", 116.145),
        # 7 words, 9 syllables: 206.835 - 7.105 - 84.6 * 9 / 7 = 90.959
        ("The backups were not checked on Friday.", 90.959),
        # 2 sentences, 7 words, 13 syllables (2+1+2, 3+2+1+2):
        # 206.835 - 1.015 * 3.5 - 84.6 * 13 / 7 = 46.168
        ("Contract hours matter. Beautiful tables help reading.", 46.168),
        # a heading line is a sentence: 3 sentences, 6 words, 7 syllables
        # (urgent 2): 206.835 - 1.015 * 2 - 84.6 * 7 / 6 = 106.105
        ("URGENT\n\nCalls were late.\nAsk why.", 106.105),
    ]
    for text, want in cases:
        got = score(text)[0]
        if abs(got - want) > 0.01:
            print("selftest: %r: %.3f, expected %.3f" % (text, got, want))
            bad += 1
    # a hard text scores low, an easy one high
    hard = ("Notwithstanding contractual obligations, organisational "
            "responsibilities necessitate comprehensive documentation.")
    if score(hard)[0] >= 0:
        print("selftest: the hard sentence scored %.1f, expected below 0" % score(hard)[0])
        bad += 1
    print("selftest: %s" % ("ok" if not bad else "%d failed" % bad))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--selftest":
        return selftest()
    if len(sys.argv) != 2:
        print("usage: flesch.py FILE | --selftest", file=sys.stderr)
        return 64
    with open(sys.argv[1], encoding="utf-8") as f:
        fre, ns, nw, syl = score(f.read())
    if fre is None:
        print("flesch: no words", file=sys.stderr)
        return 65
    print("%.1f %d sentences %d words %d syllables" % (fre, ns, nw, syl))
    return 0


if __name__ == "__main__":
    sys.exit(main())
