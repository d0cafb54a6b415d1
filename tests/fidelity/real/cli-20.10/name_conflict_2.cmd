docker run -d --name web busybox sleep 1000
