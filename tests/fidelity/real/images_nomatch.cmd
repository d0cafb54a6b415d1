docker images nosuchrepo
