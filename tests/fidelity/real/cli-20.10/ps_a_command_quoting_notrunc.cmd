docker ps -a --no-trunc --format '{{.Command}}' --filter name=quoting
