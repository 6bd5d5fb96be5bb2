#!/bin/bash
# docs/cli.md documents every command of the shell: switchd lists its
# command tables (`show parser dump`, which walks them with
# cmdline_commands_foreach()), and each syntax must appear in the
# document, in backquotes, exactly as the dump writes it.
. "$(dirname "$0")/lib.sh"
test_init
DOC=$TS_ROOT/docs/cli.md
[ -f "$DOC" ] || fail "no $DOC"

SW=${P}sw
netns_add "$SW"
cp "$TS_DIR/cli/transcripts/default.json" "$TMP/startup.json"
SOCK=$TMP/sw.sock
start_switchd "$SW" "$TMP/startup.json" "$SOCK"
swsh "$SOCK" 'show parser dump' >"$TMP/dump" || fail "show parser dump failed"
stop_switchd "$SOCK"

# "MODES  PRIV  SYNTAX": the syntax starts after the privilege column.
n=0 missing=0
while IFS= read -r line; do
    syntax=$(printf '%s\n' "$line" | sed -E 's/^[a-z,-]+ +[>#]  //')
    n=$((n + 1))
    if ! grep -qF -- "\`$syntax\`" "$DOC"; then
        log "docs/cli.md does not document \`$syntax\`"
        missing=$((missing + 1))
    fi
done < <(tail -n +2 "$TMP/dump")
[ "$n" -gt 50 ] || fail "show parser dump listed only $n commands: $(cat "$TMP/dump")"
[ "$missing" -eq 0 ] || fail "$missing of $n commands are missing from docs/cli.md"
log "all $n commands are in docs/cli.md"
test_pass
