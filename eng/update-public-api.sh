#!/usr/bin/env bash
# Adds the public symbols the build reports as undeclared (RS0016) to each project's
# PublicAPI.Unshipped.txt and drops declared symbols that no longer exist (RS0017).
# Run after a deliberate public API change, then review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
for i in 1 2 3 4; do
  dotnet build "${1:-AgentCore.sln}" -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
  python3 - "$log" <<'PY'
import re, sys, collections
out = open(sys.argv[1]).read()
adds = collections.defaultdict(set); removes = collections.defaultdict(set)
for m in re.finditer(r"(RS0016|RS0017): Symbol '(.+?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*?\[(.+?\.csproj)\]", out):
    code, sym, proj = m.groups()
    d = proj.rsplit('/', 1)[0] + '/.PublicAPI/PublicAPI.Unshipped.txt'
    (adds if code == 'RS0016' else removes)[d].add(sym)
for d in set(adds) | set(removes):
    lines = [l for l in open(d).read().splitlines() if l and l != '#nullable enable']
    lines = sorted((set(lines) | adds[d]) - removes[d])
    open(d, 'w').write('#nullable enable\n' + '\n'.join(lines) + ('\n' if lines else ''))
    print(d, '+%d -%d' % (len(adds[d]), len(removes[d])))
PY
done
rm -f "$log"
