docker version --format '{{.Server.Version}}'
