docker run --rm busybox ps
