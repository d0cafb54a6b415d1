docker ps --help
