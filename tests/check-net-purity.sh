#!/usr/bin/env bash
# check-net-purity.sh OBJ...         net/ stays pure:
#   1. the objects reference no symbol outside a small libc allowlist (so no
#      syscall wrapper, socket, epoll, clock or stdio call can creep in);
#   2. the per-frame functions (ROOTS; with them the RSTP calls net/rstp.h
#      promises never allocate) and everything they call, followed
#      function by function through relocations (objects are built with
#      -ffunction-sections), reach no allocator and nothing but memory helpers.
# check-net-purity.sh --self-test DIR  builds objects that break each rule and
#   proves the check rejects them, then one clean object it must accept.
set -euo pipefail

ALLOWED="memcpy memmove memset memcmp strlen strcmp strncmp strspn strcspn
         snprintf vsnprintf qsort malloc calloc realloc free
         __stack_chk_fail __assert_fail __popcountdi2"
PER_FRAME_ALLOWED="memcpy memmove memset memcmp __stack_chk_fail __assert_fail __popcountdi2"
ROOTS="frame_parse frame_init frame_vlan_tci frame_push_vlan frame_pop_vlan
       frame_set_outer_tci frame_egress_header vlan_port_admit vlan_port_egress
       mac_table_learn mac_table_lookup mac_table_prefetch mac_table_expire
       flow_key_extract classifier_lookup
       bridge_input bridge_tx_flush bridge_tx_header
       bond_tx_member bond_rx_admit lacp_is_slow_protocol lacp_member_rx
       rstp_receive rstp_tick rstp_port_set_link rstp_port_mcheck
       vxlan_header_write vxlan_header_parse vxlan_vni_of_vlan vxlan_vlan_of_vni
       vxlan_fdb_learn vxlan_fdb_lookup vxlan_fdb_expire vxlan_fdb_flush"

check() {
    local roots=$1; shift
    local -A defined=() allowed=() frame_ok=() callees=() seen=()
    local sym obj fails=0

    for sym in $ALLOWED; do allowed[$sym]=1; done
    for sym in $PER_FRAME_ALLOWED; do frame_ok[$sym]=1; done
    for sym in $(nm --defined-only "$@" | awk 'NF == 3 { print $3 }'); do
        defined[$sym]=1
    done

    # 1. Undefined references must be net/ symbols or allowlisted libc.
    for sym in $(nm --undefined-only "$@" | awk 'NF == 2 { print $2 }' | sort -u); do
        if [ -z "${defined[$sym]:-}" ] && [ -z "${allowed[$sym]:-}" ]; then
            echo "net/ purity: forbidden symbol '$sym' (not in the libc allowlist)" >&2
            fails=1
        fi
    done

    # 2. Call graph: caller callee pairs from each .rela.text.<function>.
    while read -r caller callee; do
        callees[$caller]+=" $callee"
    done < <(for obj in "$@"; do
        readelf -rW "$obj" | awk '
            /^Relocation section/ {
                sec = $3; gsub(/\047/, "", sec)
                fn = (sec ~ /^\.rela\.text\./) ? substr(sec, 12) : ""
                next
            }
            fn != "" && NF >= 5 && $1 ~ /^[0-9a-f]+$/ {
                sym = $5; sub(/^\.text\./, "", sym); print fn, sym
            }'
    done)

    local -a queue=()
    for sym in $roots; do
        if [ -z "${defined[$sym]:-}" ]; then
            echo "net/ purity: per-frame function '$sym' not found in the objects" >&2
            fails=1
        fi
        queue+=("$sym:$sym")
    done
    while [ ${#queue[@]} -gt 0 ]; do
        local item=${queue[0]}; queue=("${queue[@]:1}")
        local fn=${item%%:*} path=${item#*:}
        [ -n "${seen[$fn]:-}" ] && continue
        seen[$fn]=1
        for sym in ${callees[$fn]:-}; do
            if [ -n "${defined[$sym]:-}" ]; then
                queue+=("$sym:$path -> $sym")
            elif [ -z "${frame_ok[$sym]:-}" ] && [[ $sym != .* ]]; then
                echo "net/ purity: per-frame path $path -> $sym (allocation or call not allowed per frame)" >&2
                fails=1
            fi
        done
    done
    [ $fails -eq 0 ]
}

self_test() {
    local dir=$1 cc=${CC:-gcc}
    mkdir -p "$dir"
    cat > "$dir/syscall.c" <<'C'
#include <sys/socket.h>
int frame_parse(void) { return socket(AF_PACKET, SOCK_RAW, 0); }
C
    cat > "$dir/alloc.c" <<'C'
#include <stdlib.h>
static void *grow(int n) { return malloc(n); }
void *mac_table_learn(int n) { return grow(n); }
void *mac_table_create(int n) { return calloc(n, 1); }
C
    cat > "$dir/clean.c" <<'C'
#include <stdlib.h>
#include <string.h>
void bridge_input(char *d, const char *s) { memcpy(d, s, 12); }
void *bridge_create(int n) { return calloc(n, 1); }
C
    for f in syscall alloc clean; do
        "$cc" -O0 -ffunction-sections -c -o "$dir/$f.o" "$dir/$f.c"
    done
    if check frame_parse "$dir/syscall.o" 2>"$dir/syscall.err" \
       || ! grep -q "forbidden symbol 'socket'" "$dir/syscall.err"; then
        echo "purity self-test: a socket() call was not caught" >&2; exit 1
    fi
    if check mac_table_learn "$dir/alloc.o" 2>"$dir/alloc.err" \
       || ! grep -q "mac_table_learn -> grow -> malloc" "$dir/alloc.err"; then
        echo "purity self-test: malloc reached from a per-frame function was not caught" >&2; exit 1
    fi
    if ! check bridge_input "$dir/clean.o"; then
        echo "purity self-test: a clean object was rejected" >&2; exit 1
    fi
    echo "purity self-test: ok (socket call and per-frame malloc caught, clean object accepted)"
}

if [ "${1:-}" = --self-test ]; then
    self_test "${2:?usage: $0 --self-test DIR}"
    exit 0
fi
[ $# -gt 0 ] || { echo "usage: $0 OBJ... | --self-test DIR" >&2; exit 2; }
check "$ROOTS" "$@"
echo "net/ purity: ok ($# objects; no syscalls; per-frame functions reach no allocator)"
