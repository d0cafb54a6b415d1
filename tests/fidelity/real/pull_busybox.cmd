docker pull busybox
