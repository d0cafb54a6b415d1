echo | docker run -t --rm busybox echo hi
