docker run --name hn busybox hostname
