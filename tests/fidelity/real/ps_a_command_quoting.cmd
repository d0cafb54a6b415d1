docker ps -a --filter name=quoting
