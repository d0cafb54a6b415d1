docker run --rm busybox sh -c 'exit 3'
