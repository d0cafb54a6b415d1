docker version --format '{{.Client.Version}}'
