#!/usr/bin/env bash
# Capture what REAL Docker prints, for the simulator to match byte for byte.
#
#   tests/fidelity/capture.sh [OUTDIR]        (default: tests/fidelity/real)
#   DOCKER=/usr/bin/docker tests/fidelity/capture.sh tests/fidelity/real/cli-20.10
#
# For every case NAME it writes OUTDIR/NAME.cmd (the exact command line),
# NAME.out (stdout), NAME.err (stderr) and NAME.code (exit status).
# Needs a working dockerd (root). Builds busybox:latest from busybox-static.
# WARNING: removes all containers on the engine, and stops/restarts dockerd
# near the end (daemon-down cases); dockerd is left running on exit.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/real}
DOCKER=${DOCKER:-$(command -v docker)}
mkdir -p "$OUT"

# Make plain `docker` in the case strings resolve to $DOCKER.
BIN=$(mktemp -d); ln -s "$DOCKER" "$BIN/docker"
export PATH="$BIN:$PATH"
trap 'rm -rf "$BIN"' EXIT

# cap NAME 'shell command'  -- stdin is /dev/null unless the command pipes.
cap() {
  local name=$1 cmd=$2
  printf '%s\n' "$cmd" >"$OUT/$name.cmd"
  bash -c "$cmd" >"$OUT/$name.out" 2>"$OUT/$name.err" </dev/null
  echo $? >"$OUT/$name.code"
}
q() { bash -c "$1" >/dev/null 2>&1 </dev/null; }   # quiet setup step

wait_daemon() {
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 1; done
  echo "dockerd did not come up" >&2; return 1
}
start_daemon() {
  if ! docker info >/dev/null 2>&1; then
    (dockerd >/tmp/dockerd.log 2>&1 &)
  fi
  wait_daemon
}
stop_daemon() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null) || return 0
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
}

start_daemon || exit 1
# Clean slate: deterministic names need no leftovers.
ids=$(docker ps -aq); [ -n "$ids" ] && docker rm -f $ids >/dev/null
cleanup_images() {
  local refs
  refs=$(docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^(ages|mybox):')
  [ -n "$refs" ] && docker rmi $refs >/dev/null
  refs=$(docker images -qf dangling=true)
  [ -n "$refs" ] && docker rmi $refs >/dev/null
  return 0
}
cleanup_images
"$HERE/build-busybox-image.sh" >/dev/null
cleanup_images

# ---- version / info ------------------------------------------------------
cap version_full        'docker version'
cap version_format      "docker version --format '{{.Server.Version}}'"
cap version_client_fmt  "docker version --format '{{.Client.Version}}'"
cap dash_dash_version   'docker --version'
cap info                'docker info'

# ---- images --------------------------------------------------------------
cap images              'docker images'
cap image_ls            'docker image ls'
cap images_q            'docker images -q'
cap images_busybox      'docker images busybox'
cap images_nomatch      'docker images nosuchrepo'
q 'docker tag busybox mybox:1.0'
cap images_two_tags     'docker images'
cap rmi_tag_only        'docker rmi mybox:1.0'
# CREATED column wording over many ages (see image-ages.py)
q "python3 '$HERE/image-ages.py' docker"
cap images_ages         'docker images'
cap rmi_untag_delete    'docker rmi ages:d14'
cleanup_images
cap images_after_rmi    'docker images'

# ---- run basics ----------------------------------------------------------
cap run_echo            'docker run --rm busybox echo hi'
cap run_env             "docker run --rm -e FOO=bar busybox sh -c 'echo \$FOO'"
cap run_exit            "docker run --rm busybox sh -c 'exit 3'"
cap run_stderr          "docker run --rm busybox sh -c 'echo out; echo err >&2; exit 5'"
cap run_unknown_image   'docker run nosuchimage'
cap run_unknown_tag     'docker run nosuchimage:1.0'
cap run_unknown_tag_busybox 'docker run busybox:1.0'
cap pull_unknown        'docker pull nosuchimage'
cap pull_busybox        'docker pull busybox'
cap run_bad_cmd         'docker run --rm busybox nosuchcmd'
cap run_dir_cmd         'docker run --rm busybox /etc'
cap run_noexec_file     'docker run --rm busybox /etc/passwd'
cap run_cat_nonexist    'docker run --rm busybox cat /nonexist'
cap run_ls_nonexist     'docker run --rm busybox ls /nonexist'
cap run_ps_inside       'docker run --rm busybox ps'
cap run_uname           'docker run --rm busybox uname -a'
cap run_pwd_whoami      "docker run --rm busybox sh -c 'pwd; whoami; id'"
cap run_ls_root         'docker run --rm busybox ls /'
cap run_ls_l_files      'docker run --rm busybox ls -l /etc/passwd /etc/hostname /nonexist'
cap run_ls_la_dir       "docker run --rm busybox sh -c 'mkdir /tmp/d && cd /tmp/d && echo hi > f && ln -s f l && mkdir sub && ls -la && ls -ld /tmp /tmp/d/sub'"
cap run_ls_l_empty      'docker run --rm busybox ls -l /home'
cap run_env_default     'docker run --rm busybox env'
cap run_hostname_named  'docker run --name hn busybox hostname'
cap run_hostname_id     "docker inspect --format '{{.Id}}' hn"
cap run_hostname_etc_hosts "docker run --rm busybox cat /etc/hosts"
q 'docker rm hn'
cap run_detached        'docker run -d --name det busybox true'
cap wait_det            'docker wait det'
q 'docker rm det'
cap run_tty_not_tty     'echo | docker run -it --rm busybox sh'
cap run_t_no_i          'echo | docker run -t --rm busybox echo hi'
# A real TTY via script(1): transcript is the pty stream (stdout+stderr, CRLF).
cap run_it_tty          "(sleep 1; printf 'echo hi\\n'; sleep 1; printf 'exit 7\\n'; sleep 1) | script -qec 'docker run -it --rm --name ttyt busybox sh' /dev/null"
cap run_i_no_t          "echo 'echo from-stdin' | docker run -i --rm busybox sh"

# ---- usage errors --------------------------------------------------------
cap usage_docker        'docker'
cap usage_run           'docker run'
cap usage_nosuchcmd     'docker nosuchcmd'
cap usage_ps_badflag    'docker ps --nosuchflag'
cap usage_run_rm_only   'docker run --rm'
cap usage_stop          'docker stop'
cap usage_rm            'docker rm'
cap usage_start         'docker start'
cap usage_logs          'docker logs'
cap usage_exec          'docker exec'
cap usage_exec_one      'docker exec web'
cap usage_pull          'docker pull'
cap usage_run_badflag   'docker run --nosuchflag busybox'
cap usage_run_help      'docker run --help'
cap usage_ps_help       'docker ps --help'

# ---- name conflict / rm --------------------------------------------------
cap name_conflict_1     'docker run -d --name web busybox sleep 1000'
cap name_conflict_2     'docker run -d --name web busybox sleep 1000'
cap rm_running          'docker rm web'
cap rm_force            'docker rm -f web'
cap rm_force_nosuch     'docker rm -f nosuch'
cap rm_nosuch           'docker rm nosuch'
q 'docker create --name a1 busybox true'
q 'docker create --name a2 busybox true'
cap rm_two              'docker rm a1 a2'
q 'docker create --name a3 busybox true'
cap rm_one_ok_one_missing 'docker rm a3 nosuch'

# ---- ps ------------------------------------------------------------------
cap ps_empty            'docker ps'
cap ps_a_empty          'docker ps -a'
q 'docker run --name exited busybox true'
q 'docker run -d --name web busybox sleep 1000'
sleep 3
cap ps                  'docker ps'
cap ps_a                'docker ps -a'
cap ps_q                'docker ps -q'
cap ps_a_q              'docker ps -a -q'
cap ps_a_no_trunc       'docker ps -a --no-trunc'
cap ps_a_format_names   "docker ps -a --format '{{.Names}} {{.Status}}'"
cap inspect_web_id      "docker inspect --format '{{.Id}}' web"
cap inspect_exited_id   "docker inspect --format '{{.Id}}' exited"
# extra states: created, exited non-zero, long command truncation, auto name
q 'docker create --name created1 busybox echo never'
q "docker run --name exit3 busybox sh -c 'exit 3'"
q "docker run -d --name longcmd busybox sh -c 'while true; do sleep 1; done'"
cap run_autoname        'docker create busybox true'
sleep 2
cap ps_a_states         'docker ps -a'
cap ps_states           'docker ps'
cap ps_a_names_auto     "docker ps -a --format '{{.Names}}'"
q "docker create --name quoting busybox echo 'a b' \"it's\" 'x\"y' '' c"
cap ps_a_command_quoting "docker ps -a --filter name=quoting"
cap ps_a_command_quoting_notrunc "docker ps -a --no-trunc --format '{{.Command}}' --filter name=quoting"
q 'docker rm quoting'
q 'docker rm -f created1 exit3 longcmd'
# 40 daemon-generated names (adjective_surname), as a sample of the generator
for _ in $(seq 1 40); do docker create --label autoname=1 busybox true >/dev/null; done
cap autonames_sample    "docker ps -a --filter label=autoname=1 --format '{{.Names}}'"
q 'docker rm $(docker ps -aq --filter label=autoname=1)'
q 'docker container prune -f'

# ---- stop / start / exec / logs on missing -------------------------------
cap stop_web            'docker stop web'
cap ps_a_after_stop     'docker ps -a'
cap exec_stopped        'docker exec web ls'
cap stop_already_stopped 'docker stop web'
cap start_web           'docker start web'
cap start_already_running 'docker start web'
cap exec_running        'docker exec web ls /'
cap exec_running_bad    'docker exec web nosuchcmd'
cap exec_running_exit   "docker exec web sh -c 'exit 4'"
cap stop_nosuch         'docker stop nosuch'
cap start_nosuch        'docker start nosuch'
cap rm_nosuch2          'docker rm nosuch'
cap logs_nosuch         'docker logs nosuch'
cap exec_nosuch         'docker exec nosuch ls'
cap inspect_nosuch      'docker inspect nosuch'
cap kill_web            'docker kill web'
cap kill_stopped        'docker kill web'
cap ps_a_after_kill     'docker ps -a'
cap rmi_nosuch          'docker rmi nosuchimage'
cap rmi_in_use          'docker rmi busybox'
q 'docker rm -f web exited'

# ---- logs ----------------------------------------------------------------
q "docker run -d --name lg busybox sh -c 'echo out; echo err >&2'"
q 'docker wait lg'
cap logs_lg             'docker logs lg'
cap logs_lg_t           'docker logs -t lg'
q 'docker rm lg'

# ---- daemon down ---------------------------------------------------------
stop_daemon
cap daemon_down_ps      'docker ps'
cap daemon_down_version 'docker version'
cap daemon_down_images  'docker images'
cap daemon_down_run     'docker run --rm busybox echo hi'
cap daemon_down_info    'docker info'
start_daemon
echo "captured into $OUT"
