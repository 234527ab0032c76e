#!/usr/bin/env bash
# Replays the Dockerfile's build stage without a Docker engine (none runs on the development machines or in CI):
# the stage's COPY lines copy the same files from the context (honouring .dockerignore) into an empty folder with
# the same layout, and its RUN lines (dotnet restore, dotnet publish --no-restore) run there. A project the stage
# forgets to copy before restoring makes publish fail (NETSDK1004), and so this script.
# Uses bash, coreutils and dotnet only, so it runs on a fresh machine.
# Usage: tests/docker/replay-build.sh [Dockerfile] [stage]   (default: the repository's Dockerfile, stage "build")
set -euo pipefail
shopt -s nullglob dotglob

context=$(cd "$(dirname "$0")/../.." && pwd)
dockerfile=${1:-$context/Dockerfile}
stage=${2:-build}
root=$(mktemp -d)   # stands for the image's file system: the image's /src is $root/src
log=$root.log
trap 'rm -rf "$root" "$log"' EXIT

# Analyzers already ran in test.sh's build; this replay checks the image's inputs, and skipping them halves its time.
export RunAnalyzers=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "replay-build: $*" >&2; exit 1; }

# .dockerignore patterns, normalised: no leading "/", no trailing "/"; "**/x" matches x at any depth.
ignores=()
if [[ -f $context/.dockerignore ]]; then
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}; line=${line%"${line##*[![:space:]]}"}; line=${line#"${line%%[![:space:]]*}"}
    [[ -z $line ]] && continue
    [[ $line == '!'* ]] && fail ".dockerignore exceptions (!) are not replayed: $line"
    line=${line#/}; line=${line%/}
    ignores+=("$line")
  done <"$context/.dockerignore"
fi

# ignored RELATIVE_PATH: whether .dockerignore leaves the path (or a folder above it) out of the context.
ignored() {
  local path=$1 prefix="" part p
  local IFS=/
  for part in $path; do
    prefix=${prefix:+$prefix/}$part
    for p in "${ignores[@]}"; do
      if [[ $p == '**/'* ]]; then
        # shellcheck disable=SC2053 # the pattern is a glob on purpose
        [[ $prefix == ${p#'**/'} || $prefix == */${p#'**/'} ]] && return 0
      else
        # shellcheck disable=SC2053
        [[ $prefix == $p ]] && return 0
      fi
    done
  done
  return 1
}

# copy_tree CONTEXT_RELATIVE_DIR DEST_DIR: the folder's contents, as COPY copies a folder, less ignored paths.
copy_tree() {
  local rel=$1 dest=$2 entry name
  mkdir -p "$dest"
  for entry in "$context/$rel"/*; do
    name=${entry##*/}
    ignored "$rel/$name" && continue
    if [[ -d $entry ]]; then copy_tree "$rel/$name" "$dest/$name"; else cp -p "$entry" "$dest/$name"; fi
  done
}

# The image path of a path: absolute ones live under $root, relative ones under the working directory.
image_path() { if [[ $1 == /* ]]; then echo "$root$1"; else echo "$root$workdir/$1"; fi; }

replay_copy() {
  local -a args=("$@")
  ((${#args[@]} >= 2)) || fail "COPY needs a source and a destination: COPY ${args[*]}"
  [[ ${args[0]} == --* ]] && fail "COPY flags are not replayed: COPY ${args[*]}"
  [[ ${args[0]} == '['* ]] && fail "the JSON form of COPY is not replayed: COPY ${args[*]}"
  local dest=${args[-1]} target src rel matches
  unset 'args[-1]'
  target=$(image_path "$dest")
  if ((${#args[@]} > 1)) || [[ $dest == */ ]]; then mkdir -p "$target"; fi
  for src in "${args[@]}"; do
    rel=${src#./}; rel=${rel%/}
    # shellcheck disable=SC2206 # globs in COPY sources expand in the context
    matches=($context/$rel)
    ((${#matches[@]})) || fail "COPY $src: no such file in the context"
    for m in "${matches[@]}"; do
      rel=${m#"$context"/}
      [[ $m == "$context" ]] && rel=.
      if [[ $rel != . ]] && ignored "$rel"; then fail "COPY $src: $rel is excluded by .dockerignore"; fi
      if [[ -d $m ]]; then
        if [[ $rel == . ]]; then copy_tree . "$target"; else copy_tree "$rel" "$target"; fi
      elif [[ -d $target ]]; then
        cp -p "$m" "$target/"
      else
        mkdir -p "$(dirname "$target")"; cp -p "$m" "$target"
      fi
    done
  done
}

replay_run() {
  local command=$1 word out=()
  [[ $command == '['* ]] && fail "the JSON form of RUN is not replayed: RUN $command"
  # Absolute paths in the command (publish -o /app) point into the replayed file system, never the host's.
  for word in $command; do
    if [[ $word == /* ]]; then out+=("$root$word"); else out+=("$word"); fi
  done
  echo "replay-build: $(date +%T) RUN $command"
  if ! (cd "$root$workdir" && bash -c "${out[*]}") >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "RUN $command failed (above: the last lines of its output)"
  fi
}

# Read the Dockerfile's instructions, joining continued lines, and keep those of the wanted stage.
instructions=()
current=""
while IFS= read -r line || [[ -n $line ]]; do
  [[ -z $current && $line =~ ^[[:space:]]*(#|$) ]] && continue
  if [[ $line == *\\ ]]; then current+="${line%\\} "; continue; fi
  instructions+=("$current$line")
  current=""
done <"$dockerfile"

in_stage=false
found=false
workdir=/
for instruction in "${instructions[@]}"; do
  read -r keyword rest <<<"$instruction"
  keyword=${keyword^^}
  if [[ $keyword == FROM ]]; then
    shopt -s nocasematch
    if [[ $rest =~ [[:space:]]AS[[:space:]]+([^[:space:]]+) && ${BASH_REMATCH[1]} == "$stage" ]]; then in_stage=true; found=true; else in_stage=false; fi
    shopt -u nocasematch
    continue
  fi
  $in_stage || continue
  case $keyword in
    WORKDIR)
      if [[ $rest == /* ]]; then workdir=$rest; else workdir=${workdir%/}/$rest; fi
      mkdir -p "$root$workdir" ;;
    COPY) read -r -a words <<<"$rest"; replay_copy "${words[@]}" ;;
    RUN) replay_run "$rest" ;;
    ENV | ARG | LABEL) ;;  # nothing the build stage's commands depend on today
    *) fail "instruction $keyword is not replayed: $instruction" ;;
  esac
done
$found || fail "no stage named $stage in $dockerfile"
echo "replay-build: the $stage stage of ${dockerfile#"$context"/} builds"
