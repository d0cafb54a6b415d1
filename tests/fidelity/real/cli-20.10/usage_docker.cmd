docker
