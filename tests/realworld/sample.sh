#!/bin/sh
# Re-draw the precision sample of tests/realworld/REVIEW.md from `berth check --format json`
# outputs, one per repository, named <owner>+<name>.json (as /work/rw/_baseline/ holds them).
#
#   tests/realworld/sample.sh [-c CAP] [-s SEED] [-v VERDICTS] DIR
#
# A raised fail is a finding of severity warning or error that is not suppressed. Findings are
# ranked per repository by sha256(SEED|repo|path|line|key|rule) and the first CAP of each
# repository are drawn, so a finding that survives a change of berth keeps its rank and its
# verdict: after the fixes land, only the findings new to the sample need judging.
# With -v, the verdicts file (TSV: id, verdict TRUE|NOISE, pattern, reason) is joined and the
# precision printed; sampled findings without a verdict are listed as UNJUDGED.
# Output (stdout): TSV id, repo, path, line, key, severity, rule, role, message, verdict, pattern.
set -eu
CAP=7
SEED=berth-review-1
VERDICTS=
while getopts c:s:v: o; do
	case $o in
	c) CAP=$OPTARG ;;
	s) SEED=$OPTARG ;;
	v) VERDICTS=$OPTARG ;;
	*) echo "usage: $0 [-c CAP] [-s SEED] [-v VERDICTS] DIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: $0 [-c CAP] [-s SEED] [-v VERDICTS] DIR" >&2; exit 2; }
exec python3 -c '
import hashlib, json, os, sys
cap, seed, vfile, d = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
verdicts = {}
if vfile:
    for ln in open(vfile, encoding="utf-8"):
        if ln.startswith("#") or not ln.strip():
            continue
        f = ln.rstrip("\n").split("\t")
        verdicts[f[0]] = f[1:]
rows, totals, raw = [], {}, 0
for name in sorted(os.listdir(d)):
    if not name.endswith(".json"):
        continue
    repo = name[:-5]
    doc = json.load(open(os.path.join(d, name), encoding="utf-8"))
    seen = {}
    for f in doc.get("files", []):
        for x in f.get("findings", []):
            if x.get("severity") not in ("warning", "error") or x.get("suppressed"):
                continue
            raw += 1
            k = "|".join([seed, repo, f["path"], str(x.get("line")), x["key"], x.get("rule", "")])
            fid = hashlib.sha256(k.encode()).hexdigest()[:12]
            seen[fid] = [fid, repo, f["path"], str(x.get("line")), x["key"], x["severity"],
                         x.get("rule", ""), f.get("role", "-"),
                         " ".join(x.get("message", "").split())[:160]]
    totals[repo] = len(seen)
    rows += sorted(seen.values())[:cap]
t = n = wsum = 0.0
per = {}
for r in rows:
    v = verdicts.get(r[0], ["UNJUDGED", "-"])
    print("\t".join(r + v[:2]))
    if v[0] in ("TRUE", "NOISE"):
        per.setdefault(r[1], [0, 0])
        per[r[1]][1] += 1
        if v[0] == "TRUE":
            per[r[1]][0] += 1
if vfile:
    judged = sum(p[1] for p in per.values())
    true = sum(p[0] for p in per.values())
    unj = sum(1 for r in rows if r[0] not in verdicts)
    allf = sum(totals[r] for r in per)
    w = sum(totals[r] * p[0] / p[1] for r, p in per.items()) / allf if allf else 0
    sys.stderr.write("raised fails %d (%d distinct) in %d repositories; sampled %d (cap %d, seed %s); judged %d, unjudged %d\n"
                     % (raw, sum(totals.values()), len(totals), len(rows), cap, seed, judged, unj))
    if judged:
        sys.stderr.write("precision: %d/%d = %.1f%% (sample); %.1f%% weighted by each repository'"'"'s raised fails\n"
                         % (true, judged, 100.0 * true / judged, 100.0 * w))
        pat, item = {}, {}
        for r in rows:
            v = verdicts.get(r[0])
            if not v or v[0] not in ("TRUE", "NOISE"):
                continue
            if v[0] == "NOISE":
                pat[v[1]] = pat.get(v[1], 0) + 1
            it = item.setdefault(r[4], [0, 0])
            it[1] += 1
            it[0] += v[0] == "TRUE"
        for p, c in sorted(pat.items(), key=lambda t: (-t[1], t[0])):
            sys.stderr.write("noise %-24s %3d\n" % (p, c))
        for k, (t, c) in sorted(item.items(), key=lambda t: (-t[1][1], t[0])):
            sys.stderr.write("item  %-28s %3d/%-3d true\n" % (k, t, c))
' "$CAP" "$SEED" "$VERDICTS" "$1"
