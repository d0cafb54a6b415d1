docker run --rm busybox env
