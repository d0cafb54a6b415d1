docker run --rm busybox sh -c 'pwd; whoami; id'
