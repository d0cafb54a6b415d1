docker ps -a --no-trunc
