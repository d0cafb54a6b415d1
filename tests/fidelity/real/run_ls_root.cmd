docker run --rm busybox ls /
