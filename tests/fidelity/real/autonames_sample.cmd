docker ps -a --filter label=autoname=1 --format '{{.Names}}'
