docker run -d --name det busybox true
