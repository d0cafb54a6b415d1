docker rm
