echo 'echo from-stdin' | docker run -i --rm busybox sh
