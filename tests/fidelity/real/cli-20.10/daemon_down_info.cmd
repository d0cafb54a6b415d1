docker info
