docker run --rm busybox sh -c 'echo out; echo err >&2; exit 5'
