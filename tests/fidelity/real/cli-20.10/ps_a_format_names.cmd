docker ps -a --format '{{.Names}} {{.Status}}'
