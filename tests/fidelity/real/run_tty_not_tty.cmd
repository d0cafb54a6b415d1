echo | docker run -it --rm busybox sh
