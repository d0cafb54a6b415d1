docker run --rm busybox echo hi
